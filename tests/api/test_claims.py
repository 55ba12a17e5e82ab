"""Claims through the API: fields, visibility, filters, editors' changes, ETags and history."""

from __future__ import annotations

import pytest
from rest_framework.renderers import JSONRenderer

from claims.api import claim_queryset
from claims.models import Claim, Condition
from claims.serializers import ClaimSerializer

pytestmark = pytest.mark.django_db

CLAIM_FIELDS = {
    "id", "document", "sentences", "speaker", "speaker_mention", "cue", "content", "kind",
    "status", "origin", "check_worthiness", "conditions", "version", "edited", "created_at",
    "updated_at",
}  # fmt: skip


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_a_claim_has_the_contract_fields_with_spans_that_match_the_text(reader_api, corpus):
    body = reader_api.get(f"/api/claims/{corpus.accepted.pk}/").json()
    assert set(body) == CLAIM_FIELDS
    text = corpus.ports.text
    for name in ("content", "cue", "speaker_mention"):
        assert text[body[name]["start"] : body[name]["end"]] == body[name]["text"]
    assert body["content"]["text"] == "the ports would reopen only if the storm passed"
    assert body["cue"]["text"] == "said"
    assert body["speaker"] == {"id": corpus.minister.pk, "name": "Ana Minister"}
    assert body["speaker_mention"]["text"] == "The minister"
    assert body["sentences"] == list(corpus.accepted.sentences.values_list("id", flat=True))
    assert body["conditions"] == [
        {
            "id": corpus.condition.pk, "kind": "only_if", "start": corpus.condition.start,
            "end": corpus.condition.end, "text": "only if the storm passed",
        }
    ]  # fmt: skip


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kathmandu", "America/St_Johns"])
def test_list_timestamps_are_those_of_the_datetime_field_in_any_time_zone(
    reader_api, corpus, settings, zone
):
    settings.TIME_ZONE = zone
    field = ClaimSerializer().fields["updated_at"]
    rows = reader_api.get("/api/claims/").json()["results"]
    stored = {c.pk: c for c in Claim.objects.all()}
    assert rows
    for row in rows:
        assert row["updated_at"] == field.to_representation(stored[row["id"]].updated_at)
        assert row["created_at"] == field.to_representation(stored[row["id"]].created_at)
    assert rows[0]["updated_at"].endswith("Z") == (zone == "UTC")


def test_a_claim_without_speaker_or_cue_shows_nulls(reader_api, corpus):
    body = reader_api.get(f"/api/claims/{corpus.rejected.pk}/").json()
    assert body["speaker"] is None
    assert body["speaker_mention"] is None
    assert body["cue"] is None


def test_the_list_gives_exactly_what_the_declared_serializer_fields_give(
    reader_api, reader, corpus, editor_api
):
    edited = editor_api.patch(f"/api/claims/{corpus.suggested.pk}/", {"kind": "indirect"})
    assert edited.status_code == 200
    rows = reader_api.get("/api/claims/").json()["results"]
    serializer = ClaimSerializer()
    by_fields = {
        claim.pk: JSONRenderer().render(serializer.field_by_field(claim))
        for claim in claim_queryset(reader)
    }
    assert len(rows) == len(by_fields) == 4
    assert any(row["version"] > 1 for row in rows)
    assert any(row["conditions"] for row in rows) and any(row["speaker"] is None for row in rows)
    for row in rows:
        assert JSONRenderer().render(row) == by_fields[row["id"]]


def test_anonymous_users_see_accepted_claims_only(api, corpus):
    assert ids(api.get("/api/claims/")) == {corpus.accepted.pk, corpus.other_accepted.pk}
    assert api.get(f"/api/claims/{corpus.suggested.pk}/").status_code == 404


def test_signed_in_users_see_every_claim(reader_api, corpus):
    assert len(ids(reader_api.get("/api/claims/"))) == 4


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "suggested"}, ["suggested"]),
        ({"kind": "assertion"}, ["rejected"]),
        ({"origin": "machine"}, []),
        ({"has_conditions": "true"}, ["accepted"]),
        ({"has_conditions": "false"}, ["suggested", "rejected", "other_accepted"]),
        ({"condition_kind": "only_if"}, ["accepted"]),
        ({"q": "repairs"}, ["suggested"]),
        ({"q": "minister"}, ["accepted"]),
        ({"published_after": "2025-03-02"}, ["other_accepted"]),
        ({"published_before": "2025-03-02"}, ["accepted", "suggested", "rejected"]),
    ],
)
def test_claims_filter(reader_api, corpus, params, expected):
    assert ids(reader_api.get("/api/claims/", params)) == {
        getattr(corpus, name).pk for name in expected
    }


def test_claims_filter_by_document_speaker_and_sentence(reader_api, corpus):
    assert ids(reader_api.get("/api/claims/", {"document": corpus.talks.pk})) == {
        corpus.other_accepted.pk
    }
    assert ids(reader_api.get("/api/claims/", {"speaker": corpus.critics.pk})) == {
        corpus.suggested.pk
    }
    sentence = corpus.accepted.sentences.get()
    assert ids(reader_api.get("/api/claims/", {"sentence": sentence.pk})) == {corpus.accepted.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "maybe"}, "status"),
        ({"document": "999999"}, "document"),
        ({"published_after": "2025-02-30"}, "published_after"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_filter(reader_api, corpus, params, field):
    response = reader_api.get("/api/claims/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_claims_are_ordered_on_request(reader_api, corpus):
    rows = reader_api.get("/api/claims/", {"ordering": "-id"}).json()["results"]
    assert [row["id"] for row in rows] == sorted((row["id"] for row in rows), reverse=True)


def page_ids(client, **params) -> list[list[int]]:
    pages, page = [], 1
    while True:
        response = client.get("/api/claims/", {"page_size": 1, "page": page, **params})
        if response.status_code == 404:
            return pages
        body = response.json()
        assert body["count"] == 4
        pages.append([row["id"] for row in body["results"]])
        page += 1


def test_pages_follow_the_list_order_one_claim_after_another(reader_api, corpus):
    assert page_ids(reader_api) == [[pk] for pk in Claim.objects.values_list("pk", flat=True)]


def test_pages_ordered_by_a_field_with_ties_neither_repeat_nor_skip_a_claim(reader_api, corpus):
    Claim.objects.update(check_worthiness=0.5)
    pages = page_ids(reader_api, ordering="-check_worthiness")
    assert sorted(pk for page in pages for pk in page) == sorted(
        Claim.objects.values_list("pk", flat=True)
    )
    assert pages == page_ids(reader_api, ordering="-check_worthiness")


# --- Editors' changes -------------------------------------------------------------------------


def test_an_editor_accepts_a_claim(editor_api, editor, corpus):
    response = editor_api.patch(f"/api/claims/{corpus.suggested.pk}/", {"status": "accepted"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    corpus.suggested.refresh_from_db()
    assert corpus.suggested.status == "accepted"
    assert corpus.suggested.reviewed_by == editor


def test_nested_spans_map_to_the_stored_offsets(editor_api, corpus):
    text = corpus.ports.text
    start = text.index("the repairs")
    end = start + len("the repairs")
    response = editor_api.patch(
        f"/api/claims/{corpus.suggested.pk}/",
        {"content": {"start": start, "end": end}, "cue": None, "speaker_mention": None},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["content"] == {"start": start, "end": end, "text": "the repairs"}
    assert body["cue"] is None
    assert body["edited"] is True
    claim = Claim.objects.get(pk=corpus.suggested.pk)
    assert (claim.content_start, claim.content_end, claim.text) == (start, end, "the repairs")
    assert claim.cue_start is None and claim.speaker_start is None


def test_moving_a_claim_relinks_its_sentences(editor_api, corpus):
    text = corpus.ports.text
    start = text.index("The harbour")
    response = editor_api.patch(
        f"/api/claims/{corpus.suggested.pk}/",
        {"content": {"start": start, "end": start + 11}},
    )
    sentence = corpus.ports.sentences.get(start__lte=start, end__gt=start)
    assert response.json()["sentences"] == [sentence.pk]


def test_an_editor_changes_the_speaker_by_id(editor_api, corpus):
    response = editor_api.patch(
        f"/api/claims/{corpus.suggested.pk}/", {"speaker": corpus.minister.pk}
    )
    assert response.json()["speaker"] == {"id": corpus.minister.pk, "name": "Ana Minister"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"content": {"start": 10, "end": 5}}, "content"),
        ({"content": {"start": 5, "end": 5}}, "content"),
        ({"content": {"start": -1, "end": 5}}, "content"),
        ({"content": {"start": 0, "end": 100000}}, "content"),
        ({"content": {"start": "0", "end": 5}}, "content"),
        ({"content": {"start": 0}}, "content"),
        ({"content": [0, 5]}, "content"),
        ({"content": None}, "content"),
        ({"cue": {"start": 0, "end": 100000}}, "cue"),
        ({"speaker_mention": {"start": 3, "end": 2}}, "speaker_mention"),
        ({"speaker": 999999}, "speaker"),
        ({"speaker": "1"}, "speaker"),
        ({"kind": "rumour"}, "kind"),
        ({"status": "approved"}, "status"),
        ({"status": ""}, "status"),
        ({"check_worthiness": 1.5}, "check_worthiness"),
        ({"check_worthiness": "high"}, "check_worthiness"),
        ({"check_worthiness": True}, "check_worthiness"),
        ({"origin": "editor"}, "origin"),
        ({"text": "rewritten"}, "text"),
        ({"version": "2"}, "version"),
        ({"kind": "assertion", "speaker": 1}, "speaker"),
    ],
)
def test_bad_claim_changes_are_400s_naming_the_field_and_change_nothing(
    editor_api, corpus, payload, field
):
    if payload.get("speaker") == 1:
        payload["speaker"] = corpus.minister.pk
    before = Claim.objects.values().get(pk=corpus.suggested.pk)
    response = editor_api.patch(f"/api/claims/{corpus.suggested.pk}/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Claim.objects.values().get(pk=corpus.suggested.pk) == before


def test_an_empty_patch_is_refused(editor_api, corpus):
    response = editor_api.patch(f"/api/claims/{corpus.suggested.pk}/", {}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_put_replaces_every_editable_part_and_needs_them_all(editor_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    incomplete = editor_api.put(url, {"status": "accepted"}, format="json")
    assert incomplete.status_code == 400
    assert {"content", "kind", "cue"} <= set(incomplete.json())
    text = corpus.ports.text
    start = text.index("the repairs")
    full = {
        "content": {"start": start, "end": start + 11}, "cue": None, "speaker": None,
        "speaker_mention": None, "kind": "assertion", "status": "accepted",
        "check_worthiness": 0.9,
    }  # fmt: skip
    response = editor_api.put(url, full, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["speaker"] is None
    assert response.json()["kind"] == "assertion"


def test_an_editor_adds_a_claim_the_machine_missed(editor_api, editor, corpus):
    text = corpus.talks.text
    start = text.index("the plan")
    response = editor_api.post(
        "/api/claims/",
        {
            "document": corpus.talks.pk,
            "content": {"start": start, "end": start + len("the plan")},
            "kind": "indirect",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["origin"] == "editor"
    assert body["status"] == "accepted"
    assert body["content"]["text"] == "the plan"
    assert body["sentences"]
    assert response["ETag"] == f'"claim-{body["id"]}-v1"'
    assert Claim.objects.get(pk=body["id"]).created_by == editor


def test_a_new_claim_needs_a_document_and_offsets_inside_it(editor_api, corpus):
    response = editor_api.post(
        "/api/claims/",
        {"document": corpus.talks.pk, "content": {"start": 0, "end": 10**6}, "kind": "direct"},
        format="json",
    )
    assert response.status_code == 400
    assert "content" in response.json()
    response = editor_api.post("/api/claims/", {"kind": "direct"}, format="json")
    assert {"document", "content"} <= set(response.json())


def test_an_editor_deletes_a_claim_they_made_by_mistake(editor_api, corpus):
    response = editor_api.delete(f"/api/claims/{corpus.accepted.pk}/")
    assert response.status_code == 204
    assert not Claim.objects.filter(pk=corpus.accepted.pk).exists()
    assert not Condition.objects.filter(pk=corpus.condition.pk).exists()


def test_machine_claims_cannot_be_deleted_only_rejected(editor_api, corpus):
    Claim.objects.filter(pk=corpus.suggested.pk).update(origin="machine")
    response = editor_api.delete(f"/api/claims/{corpus.suggested.pk}/")
    assert response.status_code == 400
    assert "reject" in response.json()["non_field_errors"][0]
    assert Claim.objects.filter(pk=corpus.suggested.pk).exists()


def test_deleting_with_a_stale_etag_is_412(editor_api, corpus):
    url = f"/api/claims/{corpus.accepted.pk}/"
    assert editor_api.delete(url, HTTP_IF_MATCH='"claim-1-v0"').status_code == 412
    assert Claim.objects.filter(pk=corpus.accepted.pk).exists()


# --- Optimistic concurrency -------------------------------------------------------------------


def test_a_claim_has_an_etag_from_its_version(reader_api, corpus):
    response = reader_api.get(f"/api/claims/{corpus.accepted.pk}/")
    assert response["ETag"] == f'"claim-{corpus.accepted.pk}-v{corpus.accepted.version}"'


def test_a_patch_with_the_current_etag_succeeds_and_gets_the_next_one(editor_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(url, {"status": "accepted"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["ETag"] == f'"claim-{corpus.suggested.pk}-v{response.json()["version"]}"'


def test_a_patch_with_a_stale_etag_is_412_and_changes_nothing(editor_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    stale = editor_api.get(url)["ETag"]
    assert editor_api.patch(url, {"check_worthiness": 0.9}).status_code == 200  # someone else
    before = Claim.objects.values().get(pk=corpus.suggested.pk)
    response = editor_api.patch(url, {"status": "rejected"}, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert "version" in response.json()["detail"]
    assert Claim.objects.values().get(pk=corpus.suggested.pk) == before


def test_a_put_with_a_stale_etag_is_412(editor_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    body = {
        "content": {"start": corpus.suggested.content_start, "end": corpus.suggested.content_end},
        "cue": None, "speaker": None, "speaker_mention": None, "kind": "assertion",
        "status": "rejected", "check_worthiness": 0.5,
    }  # fmt: skip
    response = editor_api.put(url, body, format="json", HTTP_IF_MATCH='"claim-1-v0"')
    assert response.status_code == 412
    assert Claim.objects.get(pk=corpus.suggested.pk).status == "suggested"


def test_a_malformed_body_is_a_400_even_with_a_stale_etag(editor_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    response = editor_api.patch(url, {"status": "maybe"}, HTTP_IF_MATCH='"claim-1-v0"')
    assert response.status_code == 400


def test_a_stale_version_in_the_body_is_412(editor_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    version = corpus.suggested.version
    assert editor_api.patch(url, {"status": "accepted", "version": version}).status_code == 200
    response = editor_api.patch(url, {"status": "rejected", "version": version})
    assert response.status_code == 412
    assert Claim.objects.get(pk=corpus.suggested.pk).status == "accepted"


def test_a_condition_change_moves_the_claims_etag_on(editor_api, corpus):
    url = f"/api/claims/{corpus.accepted.pk}/"
    etag = editor_api.get(url)["ETag"]
    editor_api.patch(f"/api/conditions/{corpus.condition.pk}/", {"kind": "conditional"})
    assert editor_api.patch(url, {"status": "rejected"}, HTTP_IF_MATCH=etag).status_code == 412


def test_if_match_star_skips_the_check(editor_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    assert editor_api.patch(url, {"status": "accepted"}, HTTP_IF_MATCH="*").status_code == 200


# --- History ----------------------------------------------------------------------------------


def test_the_history_says_who_changed_what_and_when(editor_api, reader_api, corpus):
    url = f"/api/claims/{corpus.suggested.pk}/"
    editor_api.patch(url, {"status": "accepted"})
    records = reader_api.get(f"{url}history/").json()
    assert [r["type"] for r in records] == ["created", "changed"]
    last = records[-1]
    assert last["user"] == "erin"
    assert last["changes"] == [{"field": "status", "before": "suggested", "after": "accepted"}]
    assert last["version"] == corpus.suggested.version + 1
    assert records[0]["date"] <= last["date"]


def test_anonymous_users_cannot_read_history(api, corpus):
    assert api.get(f"/api/claims/{corpus.accepted.pk}/history/").status_code == 403


def test_a_condition_written_through_the_api_keeps_its_editor_in_history(editor_api, corpus):
    text = corpus.ports.text
    start = text.index("not finished")
    response = editor_api.post(
        "/api/conditions/",
        {"claim": corpus.suggested.pk, "kind": "negation", "start": start, "end": start + 12},
        format="json",
    )
    assert response.status_code == 201, response.json()
    condition = Condition.objects.get(pk=response.json()["id"])
    assert condition.history.get().history_user.username == "erin"


def test_the_history_includes_changes_to_the_claims_conditions_notes_verdict_and_links(
    editor_api, reader_api, corpus
):
    claim = corpus.accepted
    editor_api.patch(f"/api/conditions/{corpus.condition.pk}/", {"kind": "temporal"})
    records = reader_api.get(f"/api/claims/{claim.pk}/history/").json()
    subjects = {r["subject"]["type"] for r in records}
    assert {"claim", "condition", "annotation", "verdict", "crossref"} <= subjects
    condition_change = [
        r for r in records if r["subject"] == {"type": "condition", "id": corpus.condition.pk}
    ][-1]
    assert condition_change["type"] == "changed"
    assert condition_change["user"] == "erin"
    assert condition_change["version"] is None
    assert {"field": "kind", "before": corpus.condition.kind, "after": "temporal"} in (
        condition_change["changes"]
    )
    assert [r["date"] for r in records] == sorted(r["date"] for r in records)


def test_the_history_of_a_claim_leaves_out_other_claims_attachments(reader_api, corpus):
    records = reader_api.get(f"/api/claims/{corpus.rejected.pk}/history/").json()
    assert {r["subject"]["type"] for r in records} == {"claim"}


def test_a_list_without_filters_skips_building_the_filter_form(reader_api, corpus, monkeypatch):
    from claims.filters import ClaimFilterSet

    built = []
    original = ClaimFilterSet.__init__

    def spy(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ClaimFilterSet, "__init__", spy)
    assert len(ids(reader_api.get("/api/claims/?page_size=5&ordering=id"))) == 4
    assert built == []
    assert ids(reader_api.get("/api/claims/?status=accepted")) == {
        corpus.accepted.pk,
        corpus.other_accepted.pk,
    }
    assert len(built) == 1
    assert reader_api.get("/api/claims/?status=bogus").status_code == 400


def test_the_list_count_joins_nothing(reader_api, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = reader_api.get("/api/claims/?status=accepted").json()
    assert body["count"] == 2
    [count] = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
    assert " JOIN " not in count
