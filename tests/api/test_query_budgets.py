"""Query budgets: a page costs the same number of queries whatever its size.

Each list endpoint is read at two page sizes over the same rows; an N+1 (a query per row for
a speaker, a condition list or a count) makes the larger page cost more and fails here.
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import review
from claims.models import Actor
from tests.api.factories import make_claim, make_document

pytestmark = pytest.mark.django_db

ROWS = 12


@pytest.fixture
def many(editor):
    """Twelve claims with speakers, conditions, links, notes and verdicts, in two documents."""
    sentences = " ".join(
        f"Speaker {i} said that harbour {i} would reopen if storm {i} passed."
        for i in range(ROWS // 2)
    )
    claims = []
    for n in range(2):
        document = make_document(f"Story {n}.\n\n{sentences}", outlet=f"Outlet {n}")
        for i in range(ROWS // 2):
            speaker = review.actor_create(
                user=editor, name=f"Speaker {n}-{i}", kind=Actor.Kind.PERSON
            )
            claim = make_claim(
                document, f"harbour {i} would reopen if storm {i} passed", user=editor,
                speaker=speaker, cue="said", mention=f"Speaker {i}",
            )  # fmt: skip
            start = document.text.index(f"if storm {i} passed")
            review.condition_create(
                claim=claim, kind="conditional", start=start, end=start + 15, user=editor
            )
            review.annotation_create(claim=claim, author=editor, body=f"Note {i}")
            review.verdict_set(claim=claim, rating="mixed", reviewer=editor)
            claims.append(claim)
    for a, b in itertools.pairwise(claims):
        review.crossref_create(source=a, target=b, relation="related", user=editor)
    return claims


LISTS = [
    "/api/documents/", "/api/sentences/", "/api/actors/", "/api/claims/", "/api/conditions/",
    "/api/crossrefs/", "/api/annotations/", "/api/verdicts/",
]  # fmt: skip


def count_queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        assert response.status_code == 200, response.content[:300]
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("who", ["api", "reader_api"])
def test_a_page_costs_the_same_queries_at_two_sizes(request, many, url, who):
    client = request.getfixturevalue(who)
    small = count_queries(client, url, page_size=2)
    large = count_queries(client, url, page_size=ROWS * 4)
    assert small == large


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/api/claims/", 4),  # count, page (speaker joined), conditions, sentence ids
        ("/api/documents/", 2),  # count, page (counts are subqueries)
        ("/api/actors/", 2),  # count, page (claim_count is a subquery)
        ("/api/annotations/", 2),  # count, page (author joined)
        ("/api/verdicts/", 2),  # count, page (reviewer joined)
    ],
)
def test_lists_stay_within_their_budgets(reader_api, many, url, budget):
    assert count_queries(reader_api, url, page_size=100) == budget


def test_a_claims_history_costs_one_query_per_kind_of_record_plus_the_claim(
    reader_api, many, editor
):
    claim = many[0]
    url = f"/api/claims/{claim.pk}/history/"
    # claim (with its prefetches: 3 queries) + the history records, with their users, of the
    # claim, its conditions, notes, verdict and links (one query each)
    assert count_queries(reader_api, url) == 8
    for score in (0.1, 0.2, 0.3):
        review.claim_update(claim=claim, user=editor, check_worthiness=score)
        review.annotation_create(claim=claim, author=editor, body=f"Score {score}")
    assert count_queries(reader_api, url) == 8


@pytest.mark.parametrize(
    "url",
    ["/api/export/claims.csv", "/api/export/annotations.jsonld", "/api/export/claimreview.jsonld"],
)
def test_exports_cost_queries_per_document_and_chunk_not_per_claim(reader_api, many, url):
    one_document = count_queries(reader_api, url, document=many[0].document_id)
    both = count_queries(reader_api, url)
    # At most one more query for the second document's text; none per claim.
    assert both - one_document <= 1
    assert both <= 6


def test_the_dump_costs_the_same_queries_with_more_rows(reader_api, many, editor):
    before = count_queries(reader_api, "/api/export/dump.jsonl")
    document = make_document("Extra story.\n\nA said B would win. C said D would lose.")
    make_claim(document, "B would win", user=editor)
    make_claim(document, "D would lose", user=editor)
    assert count_queries(reader_api, "/api/export/dump.jsonl") == before
