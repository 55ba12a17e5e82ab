"""The claim family endpoint: confirmed same-claim links, first appearance first."""

from __future__ import annotations

import datetime as dt

import pytest

from claims import review
from claims.models import Claim
from tests.claims.factories import make_claim, make_document


@pytest.fixture
def family(editor):
    early = make_document(
        "Trump told Putin to mediate his own war.", published=dt.date(2025, 6, 18)
    )
    late = make_document(
        "Trump said Putin should mediate his own war.", published=dt.date(2025, 6, 20)
    )
    third = make_document("Reports say Trump told Putin to mediate his own war.", published=None)
    claims = [
        make_claim(
            doc, content="mediate", cue=None, speaker_mention=None, status=Claim.Status.ACCEPTED
        )
        for doc in (late, early, third)
    ]
    review.crossref_create(source=claims[0], target=claims[1], relation="same_claim", user=editor)
    review.crossref_create(source=claims[2], target=claims[0], relation="same_claim", user=editor)
    return claims


@pytest.mark.django_db
def test_the_family_follows_confirmed_links_and_starts_with_the_first_appearance(api, family):
    late, early, undated = family
    body = api.get(f"/api/claims/{late.pk}/family/").json()
    assert body["first_appearance"]["id"] == early.pk
    assert [m["id"] for m in body["members"]] == [early.pk, late.pk, undated.pk]
    assert body["members"][0]["published"] == "2025-06-18"


@pytest.mark.django_db
def test_anonymous_users_see_accepted_family_members_only(api, family):
    late, early, undated = family
    Claim.objects.filter(pk=undated.pk).update(status=Claim.Status.SUGGESTED)
    body = api.get(f"/api/claims/{early.pk}/family/").json()
    assert [m["id"] for m in body["members"]] == [early.pk, late.pk]
