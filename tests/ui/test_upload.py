"""Adding articles from the documents page: a file or pasted text, validated like the command."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from corpus.models import Document, Sentence

pytestmark = pytest.mark.django_db

ARTICLE = "Mr Peskov said the talks would resume. Kyiv disagreed.\n\nNobody else spoke."


def upload(client, name: str, data: bytes, **fields):
    return client.post("/documents/", {"file": SimpleUploadedFile(name, data), **fields})


def errors_of(response) -> str:
    return response.content.decode()


def test_pasted_text_is_ingested_and_opens_in_the_reader(editor_client, nlp):
    response = editor_client.post(
        "/documents/",
        {"text": ARTICLE, "title": "Talks", "url": "https://example.org/a", "outlet": "Wire",
         "published": "2025-06-19"},
    )  # fmt: skip
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.title, document.outlet, str(document.published)) == (
        "Talks",
        "Wire",
        "2025-06-19",
    )
    assert document.text == ARTICLE
    assert Sentence.objects.filter(document=document).count() >= 2
    assert "Added “Talks”." in editor_client.get(response["Location"]).content.decode()


def test_pasting_the_same_text_again_adds_nothing(editor_client, nlp):
    editor_client.post("/documents/", {"text": ARTICLE})
    response = editor_client.post("/documents/", {"text": "  " + ARTICLE + "\n"})
    assert Document.objects.count() == 1
    page = editor_client.get(response["Location"]).content.decode()
    assert "This article was already stored" in page


def test_a_text_file_with_a_date_marker_sets_the_publication_date(editor_client, nlp):
    response = upload(editor_client, "talks.txt", f"date 2025-06-19 {ARTICLE}".encode())
    assert response.status_code == 302
    document = Document.objects.get()
    assert str(document.published) == "2025-06-19" and document.text == ARTICLE
    assert document.source_name == "talks.txt"


def test_a_json_lines_file_adds_every_article(editor_client, nlp):
    lines = [
        {"text": ARTICLE, "title": "One"},
        {"text": "Kyiv said no. That was all.", "title": "Two"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    response = upload(editor_client, "batch.jsonl", data)
    assert response["Location"] == "/documents/"
    assert sorted(Document.objects.values_list("title", flat=True)) == ["One", "Two"]


def test_one_bad_line_in_a_json_lines_file_stores_nothing(editor_client, nlp):
    data = json.dumps({"text": ARTICLE}).encode() + b"\n{not json\n"
    response = upload(editor_client, "batch.jsonl", data)
    assert response.status_code == 400
    assert "batch.jsonl line 2: malformed JSON" in errors_of(response)
    assert not Document.objects.exists()


def test_an_html_file_keeps_the_article_and_drops_scripts(editor_client, nlp):
    page = (
        "<html><head><title>Site</title><script>alert(1)</script></head><body><nav>Menu</nav>"
        "<article><h1>Talks resume</h1><p>Mr Peskov said the talks would resume.</p></article>"
        "</body></html>"
    )
    upload(editor_client, "talks.html", page.encode())
    document = Document.objects.get()
    assert document.title == "Talks resume"
    assert "alert" not in document.text and "Menu" not in document.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("latin1.txt", "Caf\xe9 said so.".encode("latin-1"), "latin1.txt: not valid UTF-8"),
        ("binary.txt", b"\x00\x01\x02", "binary.txt: binary file"),
        ("empty.txt", b"   \n", "empty.txt: the article is empty"),
        ("paper.pdf", b"%PDF-1.4", "paper.pdf: unsupported file type &#x27;.pdf&#x27;"),
        ("none.jsonl", b"\n\n", "none.jsonl: the file holds no articles"),
    ],
)
def test_a_file_the_command_would_refuse_is_refused_with_its_reason(
    editor_client, name, data, reason
):
    response = upload(editor_client, name, data)
    assert response.status_code == 400
    assert reason in errors_of(response)
    assert not Document.objects.exists()


def test_a_file_larger_than_the_limit_is_refused(editor_client, settings):
    settings.CLAIMTRACK_MAX_DOCUMENT_CHARS = 100
    response = upload(editor_client, "long.txt", b"word " * 40)
    assert "the article is too large (199 characters; the limit is 100)" in errors_of(response)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({}, "Upload a file or paste the article text."),
        ({"text": "   "}, "Upload a file or paste the article text."),
        ({"text": ARTICLE, "url": "javascript:alert(1)"}, "is not an http(s) URL"),
        ({"text": ARTICLE, "published": "2025-13-45"}, "Enter a valid date."),
        ({"text": "x\x00y"}, "Null characters are not allowed."),
    ],
)
def test_bad_pasted_input_is_refused_naming_the_field(editor_client, fields, reason):
    response = editor_client.post("/documents/", fields)
    assert response.status_code == 400
    assert reason in errors_of(response)
    assert not Document.objects.exists()


def test_a_file_and_pasted_text_together_are_refused(editor_client):
    response = upload(editor_client, "a.txt", ARTICLE.encode(), text=ARTICLE)
    assert "Upload a file or paste text, not both." in errors_of(response)


def test_metadata_fields_with_a_json_lines_file_are_refused(editor_client):
    response = upload(editor_client, "a.jsonl", json.dumps({"text": ARTICLE}).encode(), title="X")
    assert "come from each line of a JSON Lines file" in errors_of(response)


def test_a_failure_while_storing_leaves_nothing_behind(editor_client, nlp, monkeypatch):
    import claims.services

    calls = []

    def fail_on_second(items, **kwargs):
        calls.extend(document for document, _sentences, _extracted in items)
        if len(calls) >= 2:
            raise ValidationError({"content_start": "Span lies outside the document text."})
        return [claims.services.StoredClaims(document, []) for document, _s, _e in items]

    monkeypatch.setattr(claims.services, "store_extracted_claims_many", fail_on_second)
    lines = [{"text": ARTICLE}, {"text": "Kyiv said no. That was all."}]
    response = upload(editor_client, "batch.jsonl", "\n".join(map(json.dumps, lines)).encode())
    assert response.status_code == 400
    assert "Nothing was stored: Span lies outside the document text." in errors_of(response)
    assert not Document.objects.exists()
