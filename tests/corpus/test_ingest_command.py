"""The ``ingest`` command: formats, idempotency, bad files, atomicity."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from corpus.models import Document, Sentence
from tests.conftest import SEEDS


def run(*paths) -> str:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *map(str, paths), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue() + err.getvalue() + f"\nCommandError: {exc}"
    return out.getvalue() + err.getvalue()


@pytest.mark.django_db
def test_ingesting_the_seeds_stores_both_with_exact_sentences():
    output = run(SEEDS)
    assert "Ingested 2 new document(s)" in output and "0 failed" in output
    dated = Document.objects.get(published=dt.date(2025, 6, 19))
    assert dated.text.startswith("Russia has issued a strong warning")
    for sentence in Sentence.objects.select_related("document"):
        assert sentence.document.text[sentence.start : sentence.end] == sentence.text


@pytest.mark.django_db
def test_reingesting_the_same_text_creates_nothing():
    run(SEEDS)
    counts = (Document.objects.count(), Sentence.objects.count(), Claim.objects.count())
    output = run(SEEDS)
    assert "Ingested 0 new document(s)" in output and "2 already present" in output
    assert (Document.objects.count(), Sentence.objects.count(), Claim.objects.count()) == counts


@pytest.mark.django_db
def test_a_folder_with_good_empty_and_latin1_files_ingests_the_good_one_and_fails(tmp_path):
    shutil.copy(SEEDS / "004_f9cabb73e5839cc8.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait.".encode("latin-1"))
    output = run(tmp_path)
    assert "CommandError" in output
    assert "empty.txt: the article is empty" in output
    assert "latin1.txt: not valid UTF-8" in output
    assert Document.objects.count() == 1
    assert Document.objects.get().source_name.endswith("good.txt")


@pytest.mark.django_db
def test_a_failure_while_storing_leaves_nothing_of_that_document(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Alpha said the plan would work.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta said the plan would fail.", encoding="utf-8")
    import claims.services

    original = claims.services.store_extracted_claims_many

    def explode_on_beta(items, **kwargs):
        if any("Beta" in document.text for document, _sentences, _extracted in items):
            raise RuntimeError("injected failure")
        return original(items, **kwargs)

    monkeypatch.setattr(claims.services, "store_extracted_claims_many", explode_on_beta)
    output = run(tmp_path)
    assert "b.txt: RuntimeError: injected failure" in output and "CommandError" in output
    assert list(Document.objects.values_list("text", flat=True)) == [
        "Alpha said the plan would work."
    ]
    assert not Sentence.objects.filter(text__contains="Beta").exists()


@pytest.mark.django_db
def test_json_lines_and_html_are_ingested_with_their_metadata(tmp_path):
    (tmp_path / "batch.jsonl").write_text(
        json.dumps(
            {
                "text": "Officials said the bridge would reopen in May.",
                "title": "Bridge",
                "outlet": "Wire",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>Port closes</h1><p>The port closed on Monday.</p></article></body></html>",
        encoding="utf-8",
    )
    output = run(tmp_path)
    assert "Ingested 2 new document(s)" in output
    assert Document.objects.get(title="Bridge").outlet == "Wire"
    assert (
        Document.objects.get(title="Port closes").text
        == "Port closes\n\nThe port closed on Monday."
    )


@pytest.mark.django_db
def test_a_missing_path_is_named_and_fails(tmp_path):
    output = run(tmp_path / "nope.txt")
    assert "nope.txt: no such file or folder" in output and "CommandError" in output


@pytest.mark.django_db
def test_a_title_is_derived_from_a_headline_line(tmp_path):
    (tmp_path / "h.txt").write_text(
        "Ceasefire talks stall\n\nNegotiators left Geneva on Friday.", encoding="utf-8"
    )
    run(tmp_path)
    assert Document.objects.get().title == "Ceasefire talks stall"
