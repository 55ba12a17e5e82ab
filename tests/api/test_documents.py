"""Read API for documents and sentences: fields, filters, pagination, query budgets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corpus.ingestion import content_hash
from corpus.models import Document, Sentence


def make_document(text: str, **fields) -> Document:
    document = Document.objects.create(text=text, content_hash=content_hash(text), **fields)
    Sentence.objects.create(document=document, index=0, start=0, end=len(text), text=text)
    return document


@pytest.mark.django_db
def test_the_document_list_has_the_contract_fields_and_no_text(api, seeded):
    response = api.get("/api/documents/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    first = body["results"][0]
    assert set(first) == {
        "id", "title", "url", "outlet", "published", "language", "content_hash",
        "sentence_count", "claim_count", "created_at",
    }  # fmt: skip
    assert first["sentence_count"] == Sentence.objects.filter(document_id=first["id"]).count()


@pytest.mark.django_db
def test_the_document_detail_adds_the_text(api, seeded):
    document = seeded[0]
    body = api.get(f"/api/documents/{document.pk}/").json()
    assert body["text"] == document.text


@pytest.mark.django_db
def test_documents_filter_by_outlet_dates_and_search(api):
    make_document("Alpha text about ports.", outlet="Wire", published=dt.date(2025, 1, 5))
    make_document("Beta text about bridges.", outlet="Daily", published=dt.date(2025, 3, 5))

    def titles(**params) -> list[str]:
        return [r["outlet"] for r in api.get("/api/documents/", params).json()["results"]]

    assert titles(outlet="wire") == ["Wire"]
    assert titles(published_after="2025-02-01") == ["Daily"]
    assert titles(published_before="2025-02-01") == ["Wire"]
    assert titles(q="bridges") == ["Daily"]
    assert api.get("/api/documents/", {"published_after": "2025-02-30"}).status_code == 400


@pytest.mark.django_db
def test_sentences_filter_by_document_and_match_the_text(api, seeded):
    document = seeded[1]
    body = api.get("/api/sentences/", {"document": document.pk, "page_size": 1000}).json()
    assert body["count"] == document.sentences.count()
    for row in body["results"]:
        assert set(row) == {"id", "document", "index", "start", "end", "text"}
        assert document.text[row["start"] : row["end"]] == row["text"]


@pytest.mark.django_db
def test_page_size_is_accepted_up_to_1000(api):
    for i in range(3):
        make_document(f"Story number {i}.")
    assert len(api.get("/api/documents/", {"page_size": 2}).json()["results"]) == 2
    assert len(api.get("/api/documents/", {"page_size": 5000}).json()["results"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/documents/", "/api/sentences/"])
def test_list_query_count_does_not_grow_with_rows(api, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url, {"page_size": 100}).status_code == 200
        return len(ctx)

    make_document("One small story.")
    small = queries()
    for i in range(20):
        make_document(f"Another story {i}.")
    # count + page of rows (counts are subqueries in the same SELECT)
    assert queries() == small == 2


# --- Ingesting through the API ----------------------------------------------------------------

ARTICLE = (
    "date 2025-04-02\n"
    "Harbour strike ends.\n\n"
    "The union said the strike would end if wages rose. Managers agreed on Tuesday."
)


@pytest.mark.django_db
def test_an_editor_posts_an_article_and_it_is_ingested_like_the_command_does(editor_api):
    response = editor_api.post(
        "/api/documents/", {"text": ARTICLE, "outlet": "Wire", "url": "https://wire.example/a"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert body["text"] == document.text == ARTICLE.split("\n", 1)[1]
    assert body["published"] == "2025-04-02"  # from the date marker
    assert body["title"] == "Harbour strike ends."
    assert body["sentence_count"] == document.sentences.count() > 0
    assert document.content_hash == content_hash(document.text)
    assert document.source_name == "api:erin"


@pytest.mark.django_db
def test_posting_the_same_text_again_returns_the_stored_document(editor_api):
    first = editor_api.post("/api/documents/", {"text": ARTICLE})
    again = editor_api.post("/api/documents/", {"text": "\n" + ARTICLE + "\n\n"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Document.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "  \n\t "}, "text"),
        ({"text": 42}, "text"),
        ({"text": ["a", "b"]}, "text"),
        ({"text": None}, "text"),
        ({"text": "A\x00B."}, "text"),
        ({"text": "Fine.", "published": "2025-02-30"}, "published"),
        ({"text": "Fine.", "published": "yesterday"}, "published"),
        ({"text": "Fine.", "url": "ftp://example.org/a"}, "url"),
        ({"text": "Fine.", "url": "not a url"}, "url"),
        ({"text": "Fine.", "title": "x" * 501}, "title"),
        ({"text": "Fine.", "outlet": 7}, "outlet"),
        ({"text": "Fine.", "language": "english!"}, "language"),
        ({"text": "Fine.", "content_hash": "abc"}, "content_hash"),
        ({"text": "date 2025-13-01\nFine."}, "text"),
    ],
)
def test_a_bad_article_is_a_400_naming_the_field_and_stores_nothing(editor_api, payload, field):
    response = editor_api.post("/api/documents/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_an_article_above_the_size_limit_is_refused(editor_api, settings):
    settings.CLAIMTRACK_MAX_DOCUMENT_CHARS = 100
    response = editor_api.post("/api/documents/", {"text": "Word. " * 50}, format="json")
    assert response.status_code == 400
    assert "too large" in response.json()["text"][0]
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_document_text_endpoint_serves_plain_text(api):
    document = make_document("Plain words here.")
    response = api.get(f"/api/documents/{document.pk}/text/", HTTP_ACCEPT="text/plain")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Plain words here."


@pytest.mark.django_db
def test_anonymous_users_get_the_accepted_claim_count(api, editor):
    from tests.api.factories import make_claim

    document = make_document("One. Two. Three.")
    make_claim(document, "One.", user=editor)
    make_claim(document, "Two.", user=editor, status="suggested")
    assert api.get(f"/api/documents/{document.pk}/").json()["claim_count"] == 1
