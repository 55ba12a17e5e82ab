"""Search behind the ``q`` filters: full text on PostgreSQL and SQLite, every word must match."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.models import Actor, Claim
from claims.search import CLAIM_FTS
from corpus.models import Document
from corpus.search import DOCUMENT_FTS
from tests.claims.link_factories import make_actor, make_claim, make_document

pytestmark = pytest.mark.django_db

CEASEFIRE = "Mr Peskov said Russia would only agree to a ceasefire if arms deliveries stopped."
TREATY = "Putin clarified that their treaty is not a mutual defence pact."
SANCTIONS = "Trade with Iran has expanded despite continued Western sanctions."


@pytest.fixture
def corpus():
    peskov = make_actor("Dmitry Peskov")
    peskov.aliases = ["Kremlin spokesman Dmitry Peskov", "Mr Peskov"]
    peskov.save()
    putin = make_actor("Vladimir Putin")
    first = make_document(
        f"Kremlin warns on Iran\n{CEASEFIRE}\n{TREATY}", title="Kremlin warns on Iran"
    )
    second = make_document(SANCTIONS, title="Sanctions and trade")
    Document.objects.filter(pk=second.pk).update(outlet="The Moscow Times")
    return {
        "first": first,
        "second": second,
        "ceasefire": make_claim(first, "Russia would only agree to a ceasefire", speaker=peskov),
        "treaty": make_claim(first, "their treaty is not a mutual defence pact", speaker=putin),
        "sanctions": make_claim(second, SANCTIONS),
    }


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_claims_match_words_of_their_text(corpus):
    assert ids(Claim.objects.search("ceasefire")) == {corpus["ceasefire"].pk}


def test_every_word_of_the_query_must_match(corpus):
    assert ids(Claim.objects.search("treaty defence")) == {corpus["treaty"].pk}
    assert ids(Claim.objects.search("treaty ceasefire")) == set()


def test_a_word_may_name_the_speaker_instead(corpus):
    assert ids(Claim.objects.search("Peskov")) == {corpus["ceasefire"].pk}
    assert ids(Claim.objects.search("Peskov ceasefire")) == {corpus["ceasefire"].pk}
    assert ids(Claim.objects.search("Putin ceasefire")) == set()


def test_word_forms_match(corpus):
    assert ids(Claim.objects.search("ceasefires")) == {corpus["ceasefire"].pk}
    assert ids(Claim.objects.search("Sanction")) == {corpus["sanctions"].pk}


def test_punctuation_and_operators_are_plain_words(corpus):
    for query in ['"ceasefire', "ceasefire OR treaty", "ceasefire*", "(ceasefire)", "-treaty"]:
        found = ids(Claim.objects.search(query))
        assert found <= {corpus["ceasefire"].pk, corpus["treaty"].pk}


def test_stop_words_do_not_narrow_the_search(corpus):
    assert ids(Claim.objects.search("the ceasefire")) == {corpus["ceasefire"].pk}


def test_an_edited_claim_is_found_by_its_new_text_only(corpus):
    claim = corpus["treaty"]
    document = claim.document
    start = document.text.index("Putin clarified")
    Claim.objects.filter(pk=claim.pk).update(
        content_start=start, content_end=start + 15, text=document.text[start : start + 15]
    )
    assert ids(Claim.objects.search("clarified")) == {claim.pk}
    assert ids(Claim.objects.search("defence")) == set()


def test_a_deleted_claim_is_no_longer_found(corpus):
    corpus["ceasefire"].delete()
    assert ids(Claim.objects.search("ceasefire")) == set()


def test_documents_match_title_outlet_and_text(corpus):
    assert ids(Document.objects.search("Kremlin")) == {corpus["first"].pk}
    assert ids(Document.objects.search("Moscow Times")) == {corpus["second"].pk}
    assert ids(Document.objects.search("defence pact")) == {corpus["first"].pk}
    assert ids(Document.objects.search("defence sanctions")) == set()


def test_the_documents_api_filters_with_q(corpus, api):
    response = api.get("/api/documents/", {"q": "mutual defence"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [corpus["first"].pk]


def test_actors_match_name_alias_or_description(corpus):
    assert list(Actor.objects.search("spokesman").values_list("name", flat=True)) == [
        "Dmitry Peskov"
    ]
    assert list(Actor.objects.search("Vlad Put").values_list("name", flat=True)) == [
        "Vladimir Putin"
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 tables")
def test_sqlite_search_tables_are_repaired_after_a_table_rebuild(corpus):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER claims_claim_fts_ai")
    make_claim(corpus["second"], "Western sanctions")
    assert CLAIM_FTS.ensure(connection) is True
    assert DOCUMENT_FTS.ensure(connection) is False
    assert len(ids(Claim.objects.search("sanctions"))) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL GIN indexes")
def test_postgres_search_uses_the_gin_indexes(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    assert "claim_search_gin" in Claim.objects.search("ceasefire").order_by().explain()
    assert "document_search_gin" in Document.objects.search("ceasefire").order_by().explain()
