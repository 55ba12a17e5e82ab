"""Actors, conditions, cross-references, annotations and verdicts through the API."""

from __future__ import annotations

import pytest

from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Verdict

pytestmark = pytest.mark.django_db


def results(response) -> list[dict]:
    assert response.status_code == 200, response.json()
    return response.json()["results"]


# --- Actors -----------------------------------------------------------------------------------


def test_actors_have_aliases_and_count_the_claims_you_may_see(api, reader_api, corpus):
    public = {row["name"]: row for row in results(api.get("/api/actors/"))}
    assert set(public["Ana Minister"]) == {
        "id", "name", "kind", "aliases", "description", "claim_count", "created_at", "updated_at",
    }  # fmt: skip
    assert public["Ana Minister"]["aliases"] == ["the minister"]
    assert public["Critics"]["claim_count"] == 0  # its only claim is unreviewed
    signed_in = {row["name"]: row for row in results(reader_api.get("/api/actors/"))}
    assert signed_in["Critics"]["claim_count"] == 1


def test_actors_filter_by_kind_and_search(api, corpus):
    assert [r["name"] for r in results(api.get("/api/actors/", {"kind": "group"}))] == ["Critics"]
    assert [r["name"] for r in results(api.get("/api/actors/", {"q": "minister"}))] == [
        "Ana Minister"
    ]


def test_an_editor_renames_an_actor_and_edits_its_aliases(editor_api, corpus):
    response = editor_api.patch(
        f"/api/actors/{corpus.minister.pk}/",
        {"name": "Ana Ministra", "aliases": ["Ms Ministra"], "description": "Transport minister"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    actor = Actor.objects.get(pk=corpus.minister.pk)
    assert (actor.name, actor.aliases, actor.description) == (
        "Ana Ministra", ["Ms Ministra"], "Transport minister",
    )  # fmt: skip
    assert actor.history.latest().history_user.username == "erin"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": 5}, "name"),
        ({"kind": "robot"}, "kind"),
        ({"aliases": "Ana"}, "aliases"),
        ({"aliases": [1, 2]}, "aliases"),
        ({"claim_count": 3}, "claim_count"),
    ],
)
def test_bad_actor_changes_name_the_field(editor_api, corpus, payload, field):
    response = editor_api.patch(f"/api/actors/{corpus.minister.pk}/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_an_actor_name_and_kind_pair_is_unique(editor_api, corpus):
    response = editor_api.post("/api/actors/", {"name": "Critics", "kind": "group"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_an_editor_adds_an_actor(editor_api, corpus):
    response = editor_api.post("/api/actors/", {"name": "Port Authority", "kind": "organisation"})
    assert response.status_code == 201
    assert response.json()["claim_count"] == 0


def test_merging_actors_moves_their_claims_and_keeps_their_names_as_aliases(editor_api, corpus):
    response = editor_api.post(
        f"/api/actors/{corpus.minister.pk}/merge/", {"others": [corpus.critics.pk]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert "Critics" in response.json()["aliases"]
    assert not Actor.objects.filter(pk=corpus.critics.pk).exists()
    assert Claim.objects.get(pk=corpus.suggested.pk).speaker_id == corpus.minister.pk


@pytest.mark.parametrize("others", [[], "all", [999999], ["1"], "self"])
def test_a_bad_merge_names_others_and_changes_nothing(editor_api, corpus, others):
    if others == "self":
        others = [corpus.minister.pk]
    response = editor_api.post(
        f"/api/actors/{corpus.minister.pk}/merge/", {"others": others}, format="json"
    )
    assert response.status_code == 400
    assert "others" in response.json()
    assert Actor.objects.count() == 2


def test_an_actor_who_said_nothing_can_be_deleted_others_must_be_merged(editor_api, corpus):
    assert editor_api.delete(f"/api/actors/{corpus.critics.pk}/").status_code == 400
    assert Actor.objects.filter(pk=corpus.critics.pk).exists()
    silent = editor_api.post("/api/actors/", {"name": "Nobody"}).json()
    assert editor_api.delete(f"/api/actors/{silent['id']}/").status_code == 204


# --- Conditions -------------------------------------------------------------------------------


def test_conditions_have_their_fields_and_filter_by_claim_kind_and_document(reader_api, corpus):
    row = results(reader_api.get("/api/conditions/", {"claim": corpus.accepted.pk}))[0]
    assert {"id", "claim", "kind", "start", "end", "text"} <= set(row)
    assert corpus.ports.text[row["start"] : row["end"]] == row["text"]
    assert results(reader_api.get("/api/conditions/", {"kind": "unless"})) == []
    assert len(results(reader_api.get("/api/conditions/", {"document": corpus.ports.pk}))) == 1
    assert results(reader_api.get("/api/conditions/", {"document": corpus.talks.pk})) == []


def test_anonymous_users_see_conditions_of_accepted_claims_only(api, editor, corpus):
    text = corpus.ports.text
    start = text.index("not finished")
    from claims import review

    review.condition_create(
        claim=corpus.suggested, kind="negation", start=start, end=start + 12, user=editor
    )
    assert [r["claim"] for r in results(api.get("/api/conditions/"))] == [corpus.accepted.pk]


def test_an_editor_edits_and_deletes_a_condition(editor_api, corpus):
    url = f"/api/conditions/{corpus.condition.pk}/"
    response = editor_api.patch(url, {"kind": "conditional", "outcome": "met"})
    assert response.status_code == 200, response.json()
    assert response.json()["kind"] == "conditional"
    assert editor_api.delete(url).status_code == 204
    assert not Condition.objects.filter(pk=corpus.condition.pk).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": 5, "end": 2}, "end"),
        ({"end": 100000}, "end"),
        ({"start": 150, "end": 155}, "start"),  # outside the claim's sentences
        ({"kind": "maybe"}, "kind"),
        ({"outcome_sentence": 999999}, "outcome_sentence"),
        ({"claim": 1}, "claim"),
    ],
)
def test_bad_condition_changes_name_the_field(editor_api, corpus, payload, field):
    before = Condition.objects.values().get(pk=corpus.condition.pk)
    response = editor_api.patch(f"/api/conditions/{corpus.condition.pk}/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Condition.objects.values().get(pk=corpus.condition.pk) == before


def test_a_new_condition_needs_a_claim_kind_and_span(editor_api, corpus):
    response = editor_api.post("/api/conditions/", {}, format="json")
    assert response.status_code == 400
    assert {"claim", "kind", "start", "end"} <= set(response.json())


# --- Cross-references -------------------------------------------------------------------------


def test_anonymous_users_see_confirmed_links_between_accepted_claims_only(api, editor, corpus):
    from claims import review

    review.crossref_create(
        source=corpus.suggested, target=corpus.accepted, relation="supports", user=editor
    )
    assert [r["id"] for r in results(api.get("/api/crossrefs/"))] == [corpus.link.pk]


def test_crossrefs_filter_by_either_end_relation_and_status(reader_api, corpus):
    row = results(reader_api.get("/api/crossrefs/", {"claim": corpus.accepted.pk}))[0]
    assert set(row) >= {"id", "source", "target", "relation", "score", "status", "origin", "note"}
    assert len(results(reader_api.get("/api/crossrefs/", {"claim": corpus.other_accepted.pk})))
    assert results(reader_api.get("/api/crossrefs/", {"claim": corpus.rejected.pk})) == []
    assert results(reader_api.get("/api/crossrefs/", {"relation": "contradicts"})) == []
    assert results(reader_api.get("/api/crossrefs/", {"status": "suggested"})) == []


def test_an_editor_links_two_claims(editor_api, editor, corpus):
    response = editor_api.post(
        "/api/crossrefs/",
        {"source": corpus.suggested.pk, "target": corpus.rejected.pk, "relation": "contradicts"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    link = CrossReference.objects.get(pk=response.json()["id"])
    assert (link.status, link.origin, link.created_by) == ("confirmed", "editor", editor)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"source": "self", "relation": "supports"}, "target"),
        ({"relation": "agrees"}, "relation"),
        ({"source": 999999, "relation": "supports"}, "source"),
        ({"relation": "supports", "conditions_differ": "yes"}, "conditions_differ"),
        ({"relation": "supports", "score": 0.3}, "score"),
    ],
)
def test_bad_links_name_the_field(editor_api, corpus, payload, field):
    body = {"source": corpus.suggested.pk, "target": corpus.rejected.pk, **payload}
    if body["source"] == "self":
        body["source"] = corpus.rejected.pk
    response = editor_api.post("/api/crossrefs/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert CrossReference.objects.count() == 1


def test_linking_the_same_pair_again_is_refused(editor_api, corpus):
    response = editor_api.post(
        "/api/crossrefs/",
        {"source": corpus.accepted.pk, "target": corpus.other_accepted.pk, "relation": "supports"},
        format="json",
    )
    assert response.status_code == 400
    assert "target" in response.json()


def test_an_editor_rejects_and_confirms_a_suggested_link(editor_api, editor, corpus):
    link = CrossReference.objects.create(
        source=corpus.suggested, target=corpus.accepted, relation="related", score=0.4
    )
    response = editor_api.post(f"/api/crossrefs/{link.pk}/reject/", {}, format="json")
    assert response.json()["status"] == "rejected"
    response = editor_api.post(
        f"/api/crossrefs/{link.pk}/confirm/", {"relation": "supports"}, format="json"
    )
    assert (response.json()["status"], response.json()["relation"]) == ("confirmed", "supports")
    response = editor_api.patch(f"/api/crossrefs/{link.pk}/", {"note": "Checked."})
    assert response.json()["note"] == "Checked."
    link.refresh_from_db()
    assert link.reviewed_by == editor


# --- Annotations ------------------------------------------------------------------------------


def test_anonymous_users_see_no_notes(api, corpus):
    assert results(api.get("/api/annotations/")) == []
    assert api.get(f"/api/annotations/{corpus.note.pk}/").status_code == 404


def test_notes_show_their_author_and_filter_by_claim_and_author(reader_api, editor, corpus):
    row = results(reader_api.get("/api/annotations/", {"claim": corpus.accepted.pk}))[0]
    assert row["author"] == {"id": editor.pk, "username": "erin"}
    assert set(row) >= {"id", "claim", "author", "body", "created_at"}
    assert len(results(reader_api.get("/api/annotations/", {"author": editor.pk}))) == 1
    assert results(reader_api.get("/api/annotations/", {"author": editor.pk + 100})) == []


def test_the_author_of_a_new_note_is_who_posts_it(editor_api, editor, corpus):
    text = corpus.ports.text
    start = text.index("storm passed")
    response = editor_api.post(
        "/api/annotations/",
        {
            "claim": corpus.accepted.pk,
            "body": "Which storm?",
            "span": {"start": start, "end": start + 5},
            "author": 12345,
        },
        format="json",
    )
    assert response.status_code == 400  # the author is not chosen by the client
    assert "author" in response.json()
    response = editor_api.post(
        "/api/annotations/",
        {
            "claim": corpus.accepted.pk,
            "body": "Which storm?",
            "span": {"start": start, "end": start + 5},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["span"]["text"] == "storm"
    assert Annotation.objects.get(pk=response.json()["id"]).author == editor


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": 7}, "body"),
        ({"body": "ok", "span": {"start": 0, "end": 100000}}, "span"),
        ({"body": "ok", "claim": None}, "claim"),
    ],
)
def test_bad_notes_name_the_field(editor_api, corpus, payload, field):
    response = editor_api.post(
        "/api/annotations/", {"claim": corpus.accepted.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Annotation.objects.count() == 1


def test_an_editor_corrects_and_deletes_a_note(editor_api, reader, corpus):
    url = f"/api/annotations/{corpus.note.pk}/"
    text = corpus.ports.text
    start = text.index("storm passed")
    response = editor_api.patch(url, {"span": {"start": start, "end": start + 5}}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["span"]["text"] == "storm"
    assert response.json()["body"] == "Check the forecast."
    assert editor_api.patch(url, {"span": None}, format="json").json()["span"] is None
    bad = editor_api.patch(url, {"span": {"start": 0, "end": 10**6}}, format="json")
    assert bad.status_code == 400 and "span" in bad.json()
    assert editor_api.delete(url).status_code == 204
    assert not Annotation.objects.exists()


# --- Verdicts ---------------------------------------------------------------------------------


def test_verdicts_carry_the_claimreview_rating_value(api, corpus):
    row = results(api.get("/api/verdicts/"))[0]
    assert (row["rating"], row["rating_value"]) == ("mostly_true", 4)
    assert row["reviewer"]["username"] == "erin"


def test_anonymous_users_see_verdicts_on_accepted_claims_only(api, editor, corpus):
    from claims import review

    review.verdict_set(claim=corpus.suggested, rating="false", reviewer=editor)
    assert [r["claim"] for r in results(api.get("/api/verdicts/"))] == [corpus.accepted.pk]


def test_rating_a_claim_creates_then_replaces_its_verdict(editor_api, corpus):
    first = editor_api.post(
        "/api/verdicts/", {"claim": corpus.suggested.pk, "rating": "false"}, format="json"
    )
    assert first.status_code == 201, first.json()
    second = editor_api.post(
        "/api/verdicts/",
        {"claim": corpus.suggested.pk, "rating": "unverifiable", "explanation": "No data."},
        format="json",
    )
    assert second.status_code == 200
    assert second.json()["rating_value"] is None
    assert Verdict.objects.filter(claim=corpus.suggested).count() == 1


def test_an_editor_corrects_a_verdict(editor_api, corpus):
    response = editor_api.patch(
        f"/api/verdicts/{corpus.verdict.pk}/", {"explanation": "Confirmed by the port."}
    )
    assert response.status_code == 200
    verdict = Verdict.objects.get(pk=corpus.verdict.pk)
    assert (verdict.rating, verdict.explanation) == ("mostly_true", "Confirmed by the port.")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rating": "pants_on_fire"}, "rating"),
        ({"rating": "false", "reviewed_on": "2025-02-30"}, "reviewed_on"),
        ({"rating": "false", "reviewed_on": 20250101}, "reviewed_on"),
        ({"rating": "false", "claim": 999999}, "claim"),
    ],
)
def test_bad_verdicts_name_the_field(editor_api, corpus, payload, field):
    response = editor_api.post(
        "/api/verdicts/", {"claim": corpus.suggested.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Verdict.objects.count() == 1


def test_an_editor_withdraws_a_verdict(editor_api, corpus):
    assert editor_api.delete(f"/api/verdicts/{corpus.verdict.pk}/").status_code == 204
    assert not Verdict.objects.exists()


def _claim_etag(client, claim) -> str:
    return client.get(f"/api/claims/{claim.pk}/")["ETag"]


def test_condition_writes_with_the_claims_current_etag_succeed(editor_api, corpus):
    condition = corpus.condition
    etag = _claim_etag(editor_api, corpus.accepted)
    url = f"/api/conditions/{condition.pk}/"
    assert editor_api.patch(url, {"kind": "temporal"}, HTTP_IF_MATCH=etag).status_code == 200
    etag = _claim_etag(editor_api, corpus.accepted)
    body = {
        "claim": corpus.accepted.pk,
        "kind": "unless",
        "start": condition.start,
        "end": condition.end,
    }
    assert editor_api.post("/api/conditions/", body, HTTP_IF_MATCH=etag).status_code == 201
    etag = _claim_etag(editor_api, corpus.accepted)
    assert editor_api.delete(url, HTTP_IF_MATCH=etag).status_code == 204


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_a_condition_write_with_a_stale_claim_etag_is_412_and_changes_nothing(
    editor_api, corpus, method
):
    condition = corpus.condition
    stale = _claim_etag(editor_api, corpus.accepted)
    editor_api.patch(f"/api/claims/{corpus.accepted.pk}/", {"check_worthiness": 0.1})
    before = list(Condition.objects.order_by("pk").values())
    version = Claim.objects.get(pk=corpus.accepted.pk).version
    if method == "post":
        body = {
            "claim": corpus.accepted.pk,
            "kind": "unless",
            "start": condition.start,
            "end": condition.end,
        }
        response = editor_api.post("/api/conditions/", body, HTTP_IF_MATCH=stale)
    elif method == "patch":
        response = editor_api.patch(
            f"/api/conditions/{condition.pk}/", {"kind": "temporal"}, HTTP_IF_MATCH=stale
        )
    else:
        response = editor_api.delete(f"/api/conditions/{condition.pk}/", HTTP_IF_MATCH=stale)
    assert response.status_code == 412, response.content
    assert "If-Match" in response.json()["detail"]
    assert list(Condition.objects.order_by("pk").values()) == before
    assert Claim.objects.get(pk=corpus.accepted.pk).version == version
