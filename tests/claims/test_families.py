"""Claim families: confirmed same-claim links join claims; the earliest published one comes first."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.families import families, family_of, first_appearance, first_appearances
from claims.models import CrossReference
from claims.review import crossref_create, crossref_review
from tests.claims.link_factories import make_actor, make_claim, make_document

pytestmark = pytest.mark.django_db

REMARK = "he told Mr Putin to mediate your own conflict"


@pytest.fixture
def reports():
    """The same Trump remark reported by four outlets on different days (one undated)."""
    trump = make_actor("Donald Trump")
    dates = {
        "monday": dt.date(2025, 6, 16),
        "tuesday": dt.date(2025, 6, 17),
        "wednesday": dt.date(2025, 6, 18),
        "undated": None,
    }
    claims = {}
    for name, published in dates.items():
        doc = make_document(f"{name}: Trump said {REMARK}.", published=published)
        claims[name] = make_claim(doc, REMARK, speaker=trump)
    return claims


def link(a, b, user, *, relation="same_claim", status="confirmed"):
    crossref = CrossReference.objects.create(
        source=a, target=b, relation=relation, score=0.9, status="suggested"
    )
    return crossref_review(crossref=crossref, status=status, user=user)


def test_a_claim_without_links_is_a_family_of_its_own(reports):
    assert family_of(reports["monday"]) == [reports["monday"]]
    assert first_appearance(reports["monday"]) == reports["monday"]


def test_confirmed_same_claim_links_join_claims_transitively(reports, editor):
    link(reports["wednesday"], reports["tuesday"], editor)
    link(reports["monday"], reports["tuesday"], editor)
    family = family_of(reports["wednesday"])
    assert family == [reports["monday"], reports["tuesday"], reports["wednesday"]]


def test_suggested_rejected_and_other_relations_do_not_join(reports, editor):
    link(reports["tuesday"], reports["monday"], editor, status="suggested")
    link(reports["wednesday"], reports["monday"], editor, status="rejected")
    link(reports["undated"], reports["monday"], editor, relation="supports")
    assert family_of(reports["monday"]) == [reports["monday"]]


def test_an_editor_made_link_joins_too(reports, editor):
    crossref_create(
        source=reports["undated"], target=reports["tuesday"], relation="same_claim", user=editor
    )
    assert family_of(reports["undated"]) == [reports["tuesday"], reports["undated"]]


def test_the_first_appearance_is_in_the_earliest_published_document(reports, editor):
    link(reports["undated"], reports["wednesday"], editor)
    link(reports["wednesday"], reports["tuesday"], editor)
    assert first_appearance(reports["undated"]) == reports["tuesday"]


def test_undated_documents_come_last_and_ties_go_to_the_claim_stored_first(editor):
    trump = make_actor("Donald Trump")
    first = make_claim(make_document(f"A: {REMARK}."), REMARK, speaker=trump)
    second = make_claim(make_document(f"B: {REMARK}."), REMARK, speaker=trump)
    link(second, first, editor)
    assert first_appearance(second) == first


def test_cycles_end_the_walk(reports, editor):
    link(reports["monday"], reports["tuesday"], editor)
    link(reports["tuesday"], reports["wednesday"], editor)
    link(reports["wednesday"], reports["monday"], editor)
    assert len(family_of(reports["tuesday"])) == 3


def test_families_of_a_list_take_two_queries_whatever_its_length(
    reports, editor, django_assert_num_queries
):
    link(reports["tuesday"], reports["monday"], editor)
    link(reports["undated"], reports["wednesday"], editor)
    claims = list(reports.values())
    with django_assert_num_queries(2):
        result = families(claims)
    assert {seed: [c.pk for c in members] for seed, members in result.items()} == {
        reports["monday"].pk: [reports["monday"].pk, reports["tuesday"].pk],
        reports["tuesday"].pk: [reports["monday"].pk, reports["tuesday"].pk],
        reports["wednesday"].pk: [reports["wednesday"].pk, reports["undated"].pk],
        reports["undated"].pk: [reports["wednesday"].pk, reports["undated"].pk],
    }
    with django_assert_num_queries(2):
        firsts = first_appearances(claims[:2])
    assert firsts == {
        reports["monday"].pk: reports["monday"],
        reports["tuesday"].pk: reports["monday"],
    }
