"""Batched ingestion stores exactly what ingesting one article at a time stores."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import claims.services
from claims.models import Actor, Claim, ClaimKey, Condition, CrossReference
from claims.services import articles_ingest
from claims.synthetic import articles as synthetic_articles
from corpus.ingestion import build_article
from corpus.models import Document
from corpus.services import can_store_in_background

pytestmark = pytest.mark.django_db

ACTOR_WORK = re.compile(r"claims_actor|claims_historicalactor|SAVEPOINT")


def _articles(count: int, seed: int):
    return [
        build_article(
            text=a.text, title=a.title, outlet=a.outlet, published=a.published,
            max_chars=1_000_000, source_name="batch-test",
        )
        for a in synthetic_articles(count, seed=seed)
    ]  # fmt: skip


def _snapshot() -> dict[str, object]:
    """Everything ingestion stored, named by content rather than by primary keys."""

    def claim_name(claim: Claim) -> tuple:
        return (claim.document.content_hash, claim.content_start, claim.content_end)

    claims = Claim.objects.select_related("document", "speaker").order_by("pk")
    actors = {f"s:{pk}": f"s:{name}" for pk, name in Actor.objects.values_list("pk", "name")}
    return {
        "documents": sorted(Document.objects.values_list("content_hash", "title")),
        "claims": sorted(
            (
                *claim_name(c),
                c.kind,
                c.speaker.name if c.speaker else None,
                c.check_worthiness,
                tuple(c.sentences.order_by("index").values_list("index", flat=True)),
            )
            for c in claims
        ),
        "conditions": sorted(
            (*claim_name(c.claim), c.kind, c.start, c.end)
            for c in Condition.objects.select_related("claim__document")
        ),
        "keys": sorted(
            (*claim_name(k.claim), actors.get(k.key, k.key))
            for k in ClaimKey.objects.select_related("claim__document")
        ),
        "links": sorted(
            (claim_name(x.source), claim_name(x.target), x.relation, x.score, x.conditions_differ)
            for x in CrossReference.objects.select_related("source__document", "target__document")
        ),
        "actors": sorted(Actor.objects.values_list("name", "kind", "aliases", "description")),
    }


def _fail_storing(monkeypatch, doomed: str) -> None:
    """Make storing the claims of any batch that holds the text ``doomed`` fail."""
    original = claims.services.store_extracted_claims_many

    def explode(batch, **kwargs):
        if any(document.content_hash == doomed for document, _s, _e in batch):
            raise RuntimeError("injected failure")
        return original(batch, **kwargs)

    monkeypatch.setattr(claims.services, "store_extracted_claims_many", explode)


def _clear() -> None:
    Document.objects.all().delete()
    Actor.objects.all().delete()


def test_batches_store_what_one_article_at_a_time_stores(settings, nlp):
    items = _articles(14, seed=5)
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 1
    list(articles_ingest(items, n_process=1))
    one_by_one = _snapshot()
    assert one_by_one["links"], "the sample must contain cross-document links to compare"
    _clear()
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 5
    list(articles_ingest(items, n_process=1))
    assert _snapshot() == one_by_one


def test_a_batch_links_to_documents_stored_before_it(settings, nlp):
    items = _articles(10, seed=8)
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 1
    list(articles_ingest(items, n_process=1))
    one_by_one = _snapshot()
    _clear()
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 4
    list(articles_ingest(items[:3], n_process=1))
    list(articles_ingest(items[3:], n_process=1))
    assert _snapshot() == one_by_one


def test_a_failing_article_in_a_batch_is_reported_and_the_others_are_kept(
    settings, nlp, monkeypatch
):
    items = _articles(6, seed=9)
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 6
    doomed = items[3].content_hash
    _fail_storing(monkeypatch, doomed)
    results = list(articles_ingest(items, collect_errors=True, n_process=1))
    assert [r.error for r in results] == ["", "", "", "RuntimeError: injected failure", "", ""]
    assert [r.created for r in results] == [True, True, True, False, True, True]
    assert not Document.objects.filter(content_hash=doomed).exists()
    assert Document.objects.count() == 5
    assert Claim.objects.filter(document__content_hash=doomed).count() == 0


def test_a_batch_needs_far_fewer_queries_than_its_articles_one_by_one(settings, nlp):
    def queries(count: int, seed: int) -> int:
        items = _articles(count, seed=seed)
        settings.CLAIMTRACK_PIPE_BATCH_SIZE = count
        with CaptureQueriesContext(connection) as captured:
            list(articles_ingest(items, n_process=1))
        # Speakers are looked up (and new ones made) one by one: not counted here.
        return len([q for q in captured if not ACTOR_WORK.search(q["sql"])])

    queries(4, seed=1)  # a corpus to link against
    small = queries(4, seed=2)
    large = queries(12, seed=3)
    # Inserts and the candidate search go in chunks (of rows, of a hundred keys), so a bigger
    # batch needs a few more rounds, never a few more queries per article.
    assert large < 2 * small
    assert large < 3 * 12


def test_speakers_made_in_a_batch_that_failed_are_not_reused(settings, nlp, monkeypatch):
    import claims.linking

    items = _articles(6, seed=9)
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 6
    doomed = {items[4].content_hash}
    original = claims.linking.suggest_for_new_documents

    def explode(batch):
        # Fails after the batch's speakers were stored: the batch's transaction takes them back.
        if Document.objects.filter(pk__in=[pk for pk, _rows in batch], content_hash__in=doomed):
            raise RuntimeError("injected failure")
        return original(batch)

    monkeypatch.setattr(claims.linking, "suggest_for_new_documents", explode)
    results = list(articles_ingest(items, collect_errors=True, n_process=1))
    assert [r.error for r in results] == ["", "", "", "", "RuntimeError: injected failure", ""]
    speakers = Claim.objects.filter(speaker__isnull=False)
    assert speakers.exists()
    assert set(speakers.values_list("speaker_id", flat=True)) <= set(
        Actor.objects.values_list("pk", flat=True)
    )


# --- storing in a second thread, beside the parse of the next batch ----------------------


def _open_connections() -> int | None:
    """This database's open connections (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.fixture
def store_threads(monkeypatch):
    """The names of the threads that stored each batch."""
    names: list[str] = []
    original = claims.services.store_extracted_claims_many

    def recording(batch, **kwargs):
        names.append(threading.current_thread().name)
        return original(batch, **kwargs)

    monkeypatch.setattr(claims.services, "store_extracted_claims_many", recording)
    return names


@pytest.mark.django_db(transaction=True)
def test_batches_stored_beside_the_parse_store_what_one_at_a_time_stores(
    settings, nlp, store_threads
):
    items = _articles(12, seed=5)
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 1
    list(articles_ingest(items, n_process=1, background=False))
    one_by_one = _snapshot()
    assert set(store_threads) == {threading.current_thread().name}
    _clear()
    store_threads.clear()
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 3
    before = _open_connections()
    results = list(articles_ingest(items, n_process=1))
    assert [r.article.content_hash for r in results] == [a.content_hash for a in items]
    assert all(r.created and not r.error for r in results)
    assert _snapshot() == one_by_one
    # A second thread wherever it can have a connection of its own (PostgreSQL, SQLite
    # files); in this very thread on an in-memory SQLite database.
    background = can_store_in_background()
    assert background == (connection.vendor == "postgresql")
    expected = "claimtrack-store" if background else threading.current_thread().name
    assert len(store_threads) == 4 and all(name.startswith(expected) for name in store_threads)
    assert _open_connections() == before, "the storing thread closes its connection"


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_the_storing_thread_reaches_the_caller(settings, nlp, monkeypatch):
    items = _articles(6, seed=9)
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 2
    doomed = items[3].content_hash
    _fail_storing(monkeypatch, doomed)
    results = articles_ingest(items, n_process=1)
    with pytest.raises(RuntimeError, match="injected failure"):
        list(results)
    stored = set(Document.objects.values_list("content_hash", flat=True))
    # Its batch was stored again one by one up to the failing article; the batch after it
    # may have been stored already (one batch runs ahead of the results).
    assert doomed not in stored
    assert {a.content_hash for a in items[:3]} <= stored
    monkeypatch.undo()
    collected = list(articles_ingest(items, n_process=1, collect_errors=True))
    assert not [r.error for r in collected if r.error]
    assert Document.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_a_caller_that_stops_early_leaves_at_most_one_batch_unread(settings, nlp):
    items = _articles(9, seed=3)
    settings.CLAIMTRACK_PIPE_BATCH_SIZE = 2
    results = articles_ingest(items, n_process=1)
    first = next(results)
    results.close()
    assert first.created
    stored = Document.objects.count()
    assert 2 <= stored <= 4
    assert not [t for t in threading.enumerate() if t.name.startswith("claimtrack-store")]


def test_inside_a_transaction_batches_are_stored_in_this_thread():
    assert not can_store_in_background()


@pytest.mark.django_db(transaction=True)
def test_people_called_she_or_the_governor_in_different_articles_stay_different_actors():
    from corpus.ingestion import ArticleInput

    texts = [
        "Fire Chief Laura Mendes said crews were exhausted. She added that help was coming.",
        "Transport minister Helen Cartwright said the offer was fair. She added that talks "
        "would continue.",
        "The governor, Mark Ellison, said he had asked for aid. The governor said the request "
        "was urgent.",
        "The governor, John Whitaker, said the plan was delayed. He said it would be revisited.",
    ]
    list(articles_ingest([ArticleInput(text=t) for t in texts], n_process=1))
    people = {a.name: a for a in Actor.objects.filter(kind=Actor.Kind.PERSON)}
    assert {"Laura Mendes", "Helen Cartwright", "Mark Ellison", "John Whitaker"} <= set(people)
    for actor in people.values():
        assert not {"She", "she", "He", "he", "The governor"} & set(actor.aliases)
    speakers_per_document = {
        c.document_id: c.speaker.name for c in Claim.objects.select_related("speaker")
    }
    assert len(set(speakers_per_document.values())) == 4
