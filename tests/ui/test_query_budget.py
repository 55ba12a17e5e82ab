"""Every page runs a fixed number of queries, however many rows it shows (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import review
from claims.models import Claim, CrossReference, Origin
from tests.ui.factories import make_actor, make_claim, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(editor):
    """Add ``n`` articles, each with claims, speakers, conditions, notes and links, and give the
    focus document, claim and actor ``n`` more of everything too."""
    state: dict = {}

    def add(n: int) -> dict:
        if not state:
            focus_doc = make_document(
                "Peskov said Russia would agree if the West stopped. Others disagreed strongly.",
                published=dt.date(2025, 1, 1),
            )
            state["actor"] = make_actor("Dmitry Peskov")
            state["document"] = focus_doc
            state["claim"] = make_claim(
                focus_doc, "Russia would agree if the West stopped", user=editor,
                speaker=state["actor"], mention="Peskov", cue="said", status=Claim.Status.ACCEPTED,
                conditions=(("conditional", "if the West stopped"),),
            )  # fmt: skip
        focus = state["claim"]
        for _ in range(n):
            speaker = make_actor(f"Speaker {Claim.objects.count()}")
            document = make_document(
                "Kyiv said the talks would resume within two weeks. The talks were delayed.",
                published=dt.date(2025, 2, 1),
            )
            other = make_claim(
                document, "the talks would resume within two weeks", user=editor, speaker=speaker,
                mention="Kyiv", cue="said", status=Claim.Status.SUGGESTED,
                conditions=(("temporal", "within two weeks"),),
            )  # fmt: skip
            make_claim(
                document, "The talks were delayed", user=editor, status=Claim.Status.ACCEPTED
            )
            # More on the focus document, claim and actor.
            extra = make_claim(
                state["document"], "Others disagreed strongly", user=editor,
                speaker=state["actor"], mention="Peskov", status=Claim.Status.SUGGESTED,
                conditions=(("negation", "disagreed"),),
            )  # fmt: skip
            CrossReference.objects.create(
                source=focus, target=other, relation="related", score=0.5, origin=Origin.MACHINE
            )
            CrossReference.objects.create(
                source=extra, target=focus, relation="same_claim", score=0.9,
                status="confirmed", origin=Origin.EDITOR,
            )  # fmt: skip
            review.annotation_create(claim=focus, author=editor, body="Another note.")
            review.claim_update(claim=focus, user=editor, check_worthiness=0.1 + 0.01 * _)
        return state

    return add


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


PAGES = {
    "dashboard": lambda s: "/",
    "documents": lambda s: "/documents/",
    "reader": lambda s: s["document"].get_absolute_url(),
    "claims": lambda s: "/claims/",
    "claims filtered": lambda s: f"/claims/?speaker={s['actor'].pk}&has_conditions=true",
    "claim": lambda s: s["claim"].get_absolute_url(),
    "actor": lambda s: s["actor"].get_absolute_url(),
    "review": lambda s: "/review/",
    "review by worthiness": lambda s: "/review/?order=worthiness",
    "review links": lambda s: "/review/?tab=links",
    "edit form": lambda s: f"/review/claims/{s['claim'].pk}/edit/",
}


EDITORS_ONLY = ("review", "edit")
CASES = [
    (which, role)
    for which in PAGES
    for role in ("anon", "editor_client")
    if role != "anon" or not which.startswith(EDITORS_ONLY)
]


@pytest.mark.parametrize(("which", "role"), CASES)
def test_queries_do_not_grow_with_the_rows_shown(request, grow, which, role):
    client = request.getfixturevalue(role)
    url = PAGES[which](grow(1))
    small = queries(client, url)
    large = queries(client, PAGES[which](grow(3)))
    assert small == large, f"{which}: {small} queries with few rows, {large} with many"


# Exact budgets for an editor (session, user and the editors-group check come first on every
# page: 3 queries), so an added query is noticed even when it does not grow with the rows.
BUDGETS = {
    "dashboard": 3
    + 6,  # documents, claims by status, actors, recent documents, waiting claims, link suggestions
    "documents": 3 + 2,  # count, page of documents with counts
    "reader": 3 + 4,  # document, claims with speakers, their conditions, sentence count
    "claims": 3 + 3,  # count, page with documents and speakers, conditions
    "claim": 3 + 14,  # claim with document, speaker and verdict; conditions, sentences, notes;
    # context sentences; links with both ends; history of the claim, its conditions, notes,
    # verdict and links (5); speaker names in the history;
    # the family: one walk over confirmed same-claim links, one load of its members
    "actor": 3 + 4,  # actor, count, page of claims with documents, conditions
    "review": 3 + 6,  # claims count, links count, page of claims with speakers, conditions,
    # sentences, the documents' text
}


@pytest.mark.parametrize("which", BUDGETS)
def test_each_page_keeps_to_its_query_budget(editor_client, grow, which):
    url = PAGES[which](grow(3))
    assert queries(editor_client, url) == BUDGETS[which]
