"""Exports: CSV, W3C Web Annotation and schema.org ClaimReview, streamed, with the claims
filters and the same visibility as the API."""

from __future__ import annotations

import csv
import io
import json

import pytest

from claims import exports, review
from claims.models import Condition, Verdict
from tests.api.factories import make_claim

pytestmark = pytest.mark.django_db


def fetch(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response.streaming, "exports are streamed"
    return response, b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, **params) -> list[dict[str, str]]:
    _, body = fetch(client, "/api/export/claims.csv", **params)
    return list(csv.DictReader(io.StringIO(body)))


# --- CSV --------------------------------------------------------------------------------------


def test_the_csv_has_a_header_and_a_row_per_claim(reader_api, corpus):
    response, body = fetch(reader_api, "/api/export/claims.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="claims.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == exports.CSV_COLUMNS
    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {corpus.accepted.pk, corpus.suggested.pk, corpus.rejected.pk,
                          corpus.other_accepted.pk}  # fmt: skip
    row = by_id[corpus.accepted.pk]
    assert row["speaker"] == "Ana Minister"
    assert row["cue"] == "said"
    assert row["speaker_mention"] == "The minister"
    assert row["content"] == "the ports would reopen only if the storm passed"
    assert row["conditions"] == "only_if: only if the storm passed"
    assert row["verdict"] == "mostly_true"
    assert corpus.ports.text[int(row["content_start"]) : int(row["content_end"])] == row["content"]


def test_anonymous_users_export_accepted_claims_only(api, corpus):
    assert {int(row["id"]) for row in csv_rows(api)} == {
        corpus.accepted.pk, corpus.other_accepted.pk,
    }  # fmt: skip


def test_the_claims_filters_apply_to_exports(reader_api, corpus):
    assert [int(r["id"]) for r in csv_rows(reader_api, status="suggested")] == [corpus.suggested.pk]
    assert [int(r["id"]) for r in csv_rows(reader_api, document=corpus.talks.pk)] == [
        corpus.other_accepted.pk
    ]
    assert [int(r["id"]) for r in csv_rows(reader_api, condition_kind="only_if")] == [
        corpus.accepted.pk
    ]


def test_a_bad_filter_on_an_export_is_a_400_in_json(reader_api, corpus):
    response = reader_api.get("/api/export/claims.csv", {"kind": "gossip"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 400
    assert "kind" in response.json()


def test_an_export_answers_whatever_the_accept_header(reader_api, corpus):
    response = reader_api.get("/api/export/claims.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200


def test_cells_that_would_run_as_spreadsheet_formulas_are_defused(reader_api, editor, corpus):
    make_claim(corpus.talks, "=rejected the plan", user=editor)
    contents = [row["content"] for row in csv_rows(reader_api, document=corpus.talks.pk)]
    assert "'=rejected the plan" in contents


def test_exports_are_right_across_chunk_boundaries(reader_api, editor, corpus, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1)
    rows = csv_rows(reader_api)
    assert len(rows) == 4
    assert {row["conditions"] for row in rows} == {"", "only_if: only if the storm passed"}


# --- W3C Web Annotation -----------------------------------------------------------------------


def annotation_collection(client, **params) -> dict:
    response, body = fetch(client, "/api/export/annotations.jsonld", **params)
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(body)


def test_the_annotation_export_is_a_w3c_annotation_collection(reader_api, corpus):
    collection = annotation_collection(reader_api)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    items = page["items"]
    # one per claim and one per condition
    assert len(items) == collection["total"] == 4 + Condition.objects.count()
    assert all(item["type"] == "Annotation" for item in items)


def test_every_target_has_position_and_quote_selectors_that_agree_with_the_text(reader_api, corpus):
    for item in annotation_collection(reader_api)["first"]["items"]:
        target = item["target"]
        text = reader_api.get(target["source"]).content.decode("utf-8")
        position, quote = target["selector"]
        assert position["type"] == "TextPositionSelector"
        assert quote["type"] == "TextQuoteSelector"
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"])
        assert text[end:].startswith(quote["suffix"])
        assert len(quote["prefix"]) <= exports.QUOTE_CONTEXT


def test_condition_annotations_link_to_their_claims_annotation(reader_api, corpus):
    items = annotation_collection(reader_api)["first"]["items"]
    by_id = {item["id"]: item for item in items}
    condition = next(item for item in items if "/conditions/" in item["id"])
    assert condition["body"][0]["value"] == "condition:only_if"
    claim_annotation = by_id[condition["body"][1]["source"]]
    assert claim_annotation["body"][0]["value"] == "claim:indirect"
    assert claim_annotation["target"]["selector"][1]["exact"] == corpus.accepted.text


def test_anonymous_annotation_exports_hold_accepted_claims_only(api, corpus):
    items = annotation_collection(api)["first"]["items"]
    claims = [item["id"] for item in items if "/claims/" in item["id"]]
    assert sorted(claims) == sorted(
        f"http://testserver/api/claims/{c.pk}/#annotation"
        for c in (corpus.accepted, corpus.other_accepted)
    )


def test_an_empty_annotation_export_is_valid_json(reader_api, corpus):
    collection = annotation_collection(reader_api, status="suggested", kind="direct")
    assert collection["total"] == 0
    assert collection["first"]["items"] == []


# --- schema.org ClaimReview -------------------------------------------------------------------


def claim_reviews(client, **params) -> dict:
    _, body = fetch(client, "/api/export/claimreview.jsonld", **params)
    return json.loads(body)


def test_claimreview_items_describe_the_claim_its_rating_and_where_it_appeared(reader_api, corpus):
    graph = claim_reviews(reader_api)["@graph"]
    assert len(graph) == 1
    review_item = graph[0]
    assert review_item["@type"] == "ClaimReview"
    assert review_item["claimReviewed"] == corpus.accepted.text
    assert review_item["datePublished"] == "2025-03-10"
    assert review_item["reviewBody"] == "Storm passed."
    assert review_item["reviewRating"] == {
        "@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1,
        "alternateName": "Mostly true",
    }  # fmt: skip
    claim = review_item["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Ana Minister"}
    # Confirmed as the same claim in the other article: both are appearances, the earlier first.
    assert [work["headline"] for work in claim["appearance"]] == ["Ports reopen", "Talks stall"]
    assert claim["firstAppearance"]["headline"] == "Ports reopen"
    assert claim["firstAppearance"]["url"] == "https://wire.example/ports"
    assert claim["firstAppearance"]["datePublished"] == "2025-03-01"


def test_conditions_travel_in_the_documented_extension_property(reader_api, corpus):
    document = claim_reviews(reader_api)
    context = document["@context"]
    assert context[0] == "https://schema.org"
    assert context[1]["claimtrack"] == exports.CLAIMTRACK_VOCAB
    assert document["@graph"][0]["claimtrack:conditions"] == [
        {
            "@type": "claimtrack:Condition", "claimtrack:kind": "only_if",
            "claimtrack:text": "only if the storm passed",
            "claimtrack:start": corpus.condition.start, "claimtrack:end": corpus.condition.end,
        }
    ]  # fmt: skip


def test_an_unverifiable_verdict_has_a_name_but_no_value(reader_api, editor, corpus):
    review.verdict_set(claim=corpus.rejected, rating=Verdict.Rating.UNVERIFIABLE, reviewer=editor)
    graph = claim_reviews(reader_api, status="rejected")["@graph"]
    rating = graph[0]["reviewRating"]
    assert rating["alternateName"] == "Unverifiable"
    assert "ratingValue" not in rating
    # The article's own voice: the outlet is the author.
    assert graph[0]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Wire"}


def test_anonymous_claimreview_exports_skip_unaccepted_claims(api, editor, corpus):
    review.verdict_set(claim=corpus.suggested, rating="false", reviewer=editor)
    assert [item["claimReviewed"] for item in claim_reviews(api)["@graph"]] == [
        corpus.accepted.text
    ]
