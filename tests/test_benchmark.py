"""The benchmark and corpus generator commands run end to end on tiny sizes (no timing asserted),
and ingestion's query count per document does not grow with the corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimKey, Condition
from claims.services import articles_ingest
from claims.synthetic import articles
from corpus.ingestion import build_article
from corpus.models import Document, Sentence

ROOT = Path(__file__).resolve().parents[1]


def test_generated_articles_know_their_spans():
    for item in articles(5, seed=3):
        for start, end in item.sentences:
            assert 0 <= start < end <= len(item.text)
            assert item.text[start:end] == item.text[start:end].strip()
        for claim in item.claims:
            start, end = claim.content
            sentence_start, sentence_end = item.sentences[claim.sentence]
            assert sentence_start <= start < end <= sentence_end
            for _kind, (c_start, c_end) in claim.conditions:
                assert start <= c_start < c_end <= end


@pytest.mark.django_db
def test_generate_corpus_writes_nothing_without_yes():
    out = StringIO()
    call_command("generate_corpus", "--sentences", "200", stdout=out)
    assert "Add --yes" in out.getvalue()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_generate_corpus_stores_consistent_rows():
    call_command(
        "generate_corpus", "--sentences", "300", "--keys", "--yes", stdout=StringIO(),
        stderr=StringIO(),
    )  # fmt: skip
    assert Sentence.objects.count() >= 290
    claim = Claim.objects.select_related("document").filter(conditions__isnull=False).first()
    assert claim.document.text[claim.content_start : claim.content_end] == claim.text
    condition = Condition.objects.filter(claim=claim).first()
    assert claim.document.text[condition.start : condition.end] == condition.text
    assert claim.sentences.count() == 1
    assert ClaimKey.objects.filter(claim=claim).exists()
    for sentence in Sentence.objects.select_related("document")[:50]:
        assert sentence.document.text[sentence.start : sentence.end] == sentence.text
    assert Claim.objects.search(claim.text.split()[0]).exists()


@pytest.mark.django_db
def test_generate_corpus_refuses_a_seed_already_stored():
    call_command("generate_corpus", "--sentences", "50", "--yes", stdout=StringIO())
    with pytest.raises(CommandError, match="seed 1 is already stored"):
        call_command("generate_corpus", "--sentences", "50", "--yes", stdout=StringIO())


def test_the_benchmark_runs_on_tiny_sizes_and_prints_its_ratios(tmp_path):
    env = dict(os.environ)
    if not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    out = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--articles", "2", "--rounds", "1", "--sizes", "100",
         "--link-claims", "20", "--requests", "2", "--export-claims", "50"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    for line in (
        "machine:",
        "RATIO ingest/nlp.pipe (1 proc)",
        "RATIO ingest (2 procs)/nlp.pipe",
        "queries per document",
        "RATIO time at 100N / time at N",
        "latency at",
        "/api/sentences/ page 1",
        "RATIO API/baseline throughput",
    ):
        assert line in out.stdout


def _ingest_queries(first: int) -> float:
    batch = [
        build_article(text=a.text, title=a.title, max_chars=100_000, source_name="q")
        for a in articles(4, seed=first)
    ]
    with CaptureQueriesContext(connection) as queries:
        results = list(articles_ingest(batch, collect_errors=True))
    stored = sum(1 for r in results if r.created)
    return len(queries) / stored


@pytest.mark.django_db
def test_ingestion_queries_per_document_do_not_grow_with_the_stored_claims():
    from claims.management.commands.generate_corpus import generate_corpus

    generate_corpus(200, seed=50, keys=True)
    _ingest_queries(60)  # speakers are looked up once per run; warm both runs alike
    small = _ingest_queries(61)
    generate_corpus(6000, seed=51, keys=True)
    large = _ingest_queries(62)
    assert large <= small * 1.25 + 2
    assert large < 60
