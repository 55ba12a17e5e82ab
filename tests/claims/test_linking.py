"""Cross-document linking: which pairs are suggested, with which relation, and editors' decisions."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.linking import suggest_crossreferences
from claims.models import Claim, ClaimKey, CrossReference, Origin
from claims.review import crossref_create, crossref_review
from claims.similarity import analyse, compare
from tests.claims.link_factories import make_actor, make_claim, make_document

pytestmark = pytest.mark.django_db

MOSCOW_TIMES = (
    "According to Mr Trump, he told Mr Putin to “mediate your own [conflict],” referring to the "
    "war in Ukraine.\n"
    "In January this year, the two countries signed a formal strategic partnership agreement, "
    "solidifying cooperation across economic, military, and political domains.\n"
    "Mr Peskov said Russia would only agree to a ceasefire if Ukraine’s Western backers halted "
    "arms deliveries.\n"
    "Fourteen people were killed in overnight attacks on Kyiv earlier this week.\n"
    "Putin clarified that their treaty is not a mutual defence pact.\n"
    "The Bolshoi Theatre opened its summer season with a new production of Swan Lake."
)
EURONEWS = (
    "Trump told reporters, “He actually offered to help mediate, I said, ‘do me a favour, "
    "mediate your own.’”\n"
    "The two countries recently signed a strategic partnership agreement, and their military "
    "ties have grown significantly in recent years.\n"
    "Mr Peskov said Russia would agree to a ceasefire with Ukraine.\n"
    "Six people were killed in overnight attacks on Kyiv earlier this week.\n"
    "Officials in Tehran insisted that the treaty is a mutual defence pact.\n"
    "Grain exports through the Black Sea rose sharply in the spring, traders said."
)


@pytest.fixture
def people():
    return {
        "trump": make_actor("Donald Trump"),
        "peskov": make_actor("Dmitry Peskov"),
        "putin": make_actor("Vladimir Putin"),
        "tehran": make_actor("Iranian officials", "group"),
    }


@pytest.fixture
def earlier(people):
    """The first article, with its claims (published a day before the second)."""
    doc = make_document(MOSCOW_TIMES, published=dt.date(2025, 6, 18))
    return {
        "doc": doc,
        "mediate": make_claim(
            doc,
            "he told Mr Putin to “mediate your own [conflict],” referring to the war in Ukraine",
            speaker=people["trump"],
            kind=Claim.Kind.MIXED,
        ),
        "partnership": make_claim(
            doc,
            "In January this year, the two countries signed a formal strategic partnership "
            "agreement, solidifying cooperation across economic, military, and political domains.",
        ),
        "ceasefire": make_claim(
            doc,
            "Russia would only agree to a ceasefire if Ukraine’s Western backers halted arms "
            "deliveries",
            speaker=people["peskov"],
            conditions=(("only_if", "if Ukraine’s Western backers halted arms deliveries"),),
        ),
        "killed": make_claim(
            doc, "Fourteen people were killed in overnight attacks on Kyiv earlier this week."
        ),
        "treaty": make_claim(
            doc, "that their treaty is not a mutual defence pact", speaker=people["putin"]
        ),
        "ballet": make_claim(
            doc,
            "The Bolshoi Theatre opened its summer season with a new production of Swan Lake.",
        ),
    }


@pytest.fixture
def later(people, earlier):
    """The second article, stored after the first; its claims are not linked yet."""
    doc = make_document(EURONEWS, published=dt.date(2025, 6, 19))
    return {
        "doc": doc,
        "mediate": make_claim(
            doc,
            "“He actually offered to help mediate, I said, ‘do me a favour, mediate your own.’”",
            speaker=people["trump"],
            kind=Claim.Kind.DIRECT,
        ),
        "partnership": make_claim(
            doc,
            "The two countries recently signed a strategic partnership agreement, and their "
            "military ties have grown significantly in recent years.",
        ),
        "ceasefire": make_claim(
            doc, "Russia would agree to a ceasefire with Ukraine", speaker=people["peskov"]
        ),
        "killed": make_claim(
            doc, "Six people were killed in overnight attacks on Kyiv earlier this week."
        ),
        "treaty": make_claim(
            doc, "that the treaty is a mutual defence pact", speaker=people["tehran"]
        ),
        "grain": make_claim(doc, "Grain exports through the Black Sea rose sharply in the spring"),
    }


def link_between(a: Claim, b: Claim) -> CrossReference | None:
    return CrossReference.objects.involving(a).filter(source__in=[a, b], target__in=[a, b]).first()


@pytest.fixture
def linked(earlier, later):
    """Both articles, with the earlier one's keys filed and the later one's links suggested."""
    suggest_crossreferences(earlier["doc"])
    suggest_crossreferences(later["doc"])
    return earlier, later


def test_the_same_remark_reported_in_two_articles_is_suggested_as_the_same_claim(linked):
    earlier, later = linked
    link = link_between(earlier["mediate"], later["mediate"])
    assert link is not None
    assert (link.relation, link.source_id, link.target_id) == (
        "same_claim",
        later["mediate"].pk,
        earlier["mediate"].pk,
    )
    assert link.score >= 0.9


def test_the_same_fact_stated_twice_is_suggested_as_the_same_claim(linked):
    earlier, later = linked
    link = link_between(earlier["partnership"], later["partnership"])
    assert link is not None and link.relation == "same_claim"


def test_a_negated_proposition_is_suggested_as_a_contradiction(linked):
    earlier, later = linked
    link = link_between(earlier["treaty"], later["treaty"])
    assert link is not None and link.relation == "contradicts"


def test_different_numbers_for_the_same_event_are_suggested_as_a_contradiction(linked):
    earlier, later = linked
    link = link_between(earlier["killed"], later["killed"])
    assert link is not None and link.relation == "contradicts"


def test_the_same_proposition_under_different_conditions_refines_and_is_flagged(linked):
    earlier, later = linked
    link = link_between(earlier["ceasefire"], later["ceasefire"])
    assert link is not None
    assert link.relation == "refines"
    assert link.conditions_differ is True


def test_unrelated_claims_are_not_linked(linked):
    earlier, later = linked
    assert not CrossReference.objects.involving(earlier["ballet"]).exists()
    assert not CrossReference.objects.involving(later["grain"]).exists()


def test_suggestions_are_unreviewed_machine_links_scored_between_0_and_1(linked):
    links = list(CrossReference.objects.all())
    assert links
    for link in links:
        assert (link.origin, link.status) == (Origin.MACHINE, CrossReference.Status.SUGGESTED)
        assert 0 <= link.score <= 1
    assert all(link.history.count() == 1 for link in links)


def test_claims_in_the_same_document_are_never_linked(earlier):
    twin = make_claim(
        earlier["doc"],
        "In January this year, the two countries signed a formal strategic partnership agreement",
    )
    suggest_crossreferences(earlier["doc"])
    assert not CrossReference.objects.involving(twin).exists()


def test_suggestions_stay_below_one_per_claim(linked):
    assert CrossReference.objects.count() <= Claim.objects.count() / 2


def test_a_rejected_pair_is_never_suggested_again_in_either_direction(linked, editor):
    earlier, later = linked
    link = link_between(earlier["partnership"], later["partnership"])
    crossref_review(crossref=link, status="rejected", user=editor)
    suggest_crossreferences(later["doc"])
    suggest_crossreferences(earlier["doc"])
    links = CrossReference.objects.involving(earlier["partnership"])
    assert [(x.pk, x.status) for x in links] == [(link.pk, "rejected")]


def test_rerunning_keeps_confirmed_and_editor_links_untouched(linked, editor):
    earlier, later = linked
    confirmed = link_between(earlier["mediate"], later["mediate"])
    crossref_review(crossref=confirmed, status="confirmed", user=editor, relation="supports")
    handmade = crossref_create(
        source=earlier["ballet"], target=later["grain"], relation="related", user=editor
    )
    count = CrossReference.objects.count()
    suggest_crossreferences(later["doc"])
    suggest_crossreferences(earlier["doc"])
    assert CrossReference.objects.count() == count
    after = {x.pk: (x.relation, x.score, x.status) for x in CrossReference.objects.all()}
    assert after[confirmed.pk] == ("supports", confirmed.score, "confirmed")
    assert after[handmade.pk] == ("related", 1.0, "confirmed")


def test_a_suggestion_no_longer_found_is_withdrawn_but_a_reviewed_one_stays(linked, editor):
    earlier, later = linked
    suggested = link_between(earlier["killed"], later["killed"])
    reviewed = link_between(earlier["treaty"], later["treaty"])
    crossref_review(crossref=reviewed, status="confirmed", user=editor)
    Claim.objects.filter(pk__in=[earlier["killed"].pk, earlier["treaty"].pk]).update(
        status=Claim.Status.REJECTED
    )
    suggest_crossreferences(later["doc"])
    assert not CrossReference.objects.filter(pk=suggested.pk).exists()
    assert CrossReference.objects.get(pk=reviewed.pk).status == "confirmed"


def test_each_claim_is_filed_under_its_speaker_and_content_words(earlier, people):
    suggest_crossreferences(earlier["doc"])
    keys = set(ClaimKey.objects.filter(claim=earlier["ceasefire"]).values_list("key", flat=True))
    assert {f"s:{people['peskov'].pk}", "w:ceasefire", "w:russia"} <= keys


def _corpus(first: int, size: int) -> None:
    """``size`` stored documents sharing vocabulary with the seeds' claims."""
    trump = make_actor("Donald Trump")
    for n in range(first, first + size):
        text = (
            f"Report {n}: the two countries signed a strategic partnership agreement on trade "
            f"number {n}.\nTrump said Russia would agree to a ceasefire in Ukraine {n}."
        )
        doc = make_document(text)
        make_claim(
            doc, f"the two countries signed a strategic partnership agreement on trade number {n}"
        )
        make_claim(doc, f"Russia would agree to a ceasefire in Ukraine {n}", speaker=trump)
        suggest_crossreferences(doc)


def _queries_for_new_document(people) -> int:
    doc = make_document(
        EURONEWS + f"\nParagraph {Claim.objects.count()}.", published=dt.date(2025, 6, 20)
    )
    make_claim(
        doc,
        "The two countries recently signed a strategic partnership agreement, and their "
        "military ties have grown significantly in recent years.",
    )
    make_claim(doc, "Russia would agree to a ceasefire with Ukraine", speaker=people["peskov"])
    with CaptureQueriesContext(connection) as queries:
        suggest_crossreferences(doc)
    return len(queries)


def test_suggestion_queries_do_not_grow_with_the_corpus(people):
    _corpus(0, 3)
    small = _queries_for_new_document(people)
    _corpus(3, 40)
    large = _queries_for_new_document(people)
    assert small == large
    assert large <= 14


def test_candidates_per_key_are_capped_so_work_stays_bounded(people, monkeypatch):
    from claims import linking

    _corpus(0, 30)
    seen: list[int] = []
    real = linking._candidate_rows

    def spy(keys, document_id):
        rows = real(keys, document_id)
        seen.append(len(rows))
        return rows

    monkeypatch.setattr(linking, "_candidate_rows", spy)
    _queries_for_new_document(people)
    keys = ClaimKey.objects.filter(claim__document__published=dt.date(2025, 6, 20))
    assert seen and seen[0] <= linking.PER_KEY * keys.values("key").distinct().count()


def test_suggest_links_command_links_one_document_to_the_others(earlier, later):
    out = StringIO()
    call_command("suggest_links", "--document", str(later["doc"].pk), stdout=out)
    links = list(CrossReference.objects.all())
    assert links
    assert {link.source.document_id for link in links} == {later["doc"].pk}
    assert f"{len(links)} cross-reference" in out.getvalue()


def test_suggest_links_command_links_every_document_later_to_earlier(earlier, later):
    call_command("suggest_links", stdout=StringIO())
    mediate = link_between(earlier["mediate"], later["mediate"])
    assert (mediate.source_id, mediate.target_id) == (later["mediate"].pk, earlier["mediate"].pk)


def test_suggest_links_command_names_an_unknown_document():
    with pytest.raises(CommandError, match="No document with id 999"):
        call_command("suggest_links", "--document", "999")


def test_compare_without_a_shared_word_links_nothing():
    a = analyse("Grain exports through the Black Sea rose sharply")
    b = analyse("The Bolshoi Theatre opened its summer season")
    assert compare(a, b) is None


def test_not_only_is_no_negation():
    a = analyse("The situation is dangerous not only for the region but globally")
    b = analyse("The situation is dangerous for the region and globally")
    match = compare(a, b)
    assert match is not None and match.relation == "same_claim"


def test_the_seed_articles_get_their_obvious_links_and_few_others(seeded):
    claims = Claim.objects.count()
    if claims == 0:
        pytest.skip("the claim extractor finds no claims yet (placeholder on this branch)")
    links = list(CrossReference.objects.select_related("source", "target"))
    assert len(links) <= claims / 2
    pairs = {(x.relation, frozenset((x.source.text, x.target.text))) for x in links}
    mediate = [
        text
        for relation, pair in pairs
        if relation == "same_claim"
        for text in pair
        if "mediate your own" in text
    ]
    assert len(mediate) == 2
    assert any(
        relation == "same_claim" and all("strategic partnership agreement" in t for t in pair)
        for relation, pair in pairs
    )
