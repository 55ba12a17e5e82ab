"""Every filter of every list endpoint and export refuses a bad value with a 400 naming it.

A value a filter cannot read must never be ignored: a typo would otherwise answer with the
unfiltered list, which looks like a real answer.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

CLAIM_FILTERS = {
    "document": "abc",
    "speaker": "999999",
    "status": "maybe",
    "kind": "rumour",
    "origin": "robot",
    "has_conditions": "perhaps",
    "condition_kind": "sometimes",
    "published_after": "2025-13-01",
    "published_before": "yesterday",
    "sentence": "1.5",
    "q": "\x00",
    "ordering": "wrong",
    "page": "abc",
    "page_size": "0",
}
BAD_FILTERS = {
    "/api/documents/": {
        "published_after": "2025-02-30",
        "published_before": "soon",
        "q": "\x00",
        "ordering": "nope",
        "page": "-1",
        "page_size": "x",
    },
    "/api/sentences/": {"document": "abc", "ordering": "-nope"},
    "/api/actors/": {"kind": "alien", "q": "\x00", "ordering": "name,age"},
    "/api/claims/": CLAIM_FILTERS,
    "/api/conditions/": {"claim": "x", "kind": "maybe", "document": "-1", "ordering": "x"},
    "/api/crossrefs/": {"claim": "x", "relation": "cousin", "status": "maybe", "ordering": "x"},
    "/api/annotations/": {"claim": "x", "author": "abc", "ordering": "x"},
    "/api/verdicts/": {
        "claim": "x",
        "rating": "meh",
        "reviewed_after": "x",
        "reviewed_before": "2025-02-30",
        "ordering": "x",
    },
    "/api/export/claims.csv": CLAIM_FILTERS,
    "/api/export/annotations.jsonld": CLAIM_FILTERS,
    "/api/export/claimreview.jsonld": CLAIM_FILTERS,
}
# Exports are not paged or ordered.
EXPORT_ONLY_FILTERS = {"ordering", "page", "page_size"}
CASES = [
    (url, field, value)
    for url, filters in BAD_FILTERS.items()
    for field, value in filters.items()
    if not (url.startswith("/api/export/") and field in EXPORT_ONLY_FILTERS)
]


@pytest.mark.parametrize(("url", "field", "value"), CASES)
def test_a_bad_filter_value_is_a_400_naming_the_filter(reader_api, corpus, url, field, value):
    response = reader_api.get(url, {field: value})
    assert response.status_code == 400, (url, field, value)
    assert field in response.json()


@pytest.mark.parametrize("value", ["true", "false", "1", "0", "True", "False", ""])
def test_has_conditions_accepts_the_usual_spellings_of_yes_no_and_any(reader_api, corpus, value):
    assert reader_api.get("/api/claims/", {"has_conditions": value}).status_code == 200


def test_an_unknown_ordering_names_the_fields_that_can_be_used(reader_api, corpus):
    reason = reader_api.get("/api/claims/", {"ordering": "-colour"}).json()["ordering"][0]
    assert "'-colour'" in reason
    assert "check_worthiness" in reason


def test_a_page_past_the_end_is_still_a_404(reader_api, corpus):
    assert reader_api.get("/api/claims/", {"page": "999"}).status_code == 404
