"""Review actions in place: accept, reject, undo, edit, add a condition, confirm a link, add a note."""

from __future__ import annotations

import pytest

from claims.models import Annotation, Claim, Condition, CrossReference

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def status_post(client, claim, status, *, version=None, htmx=True):
    return client.post(
        f"/review/claims/{claim.pk}/status/",
        {"status": status, "version": claim.version if version is None else version},
        headers=HTMX if htmx else {},
    )


def test_accepting_in_place_returns_the_updated_card(editor_client, editor, corpus):
    claim = corpus["suggested"]
    response = status_post(editor_client, claim, "accepted")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith("<article") and "<html" not in page
    assert 'data-status="accepted"' in page and "Accepted." in page
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.reviewed_by, stored.version) == (
        "accepted",
        editor,
        claim.version + 1,
    )


def test_undo_puts_a_reviewed_claim_back_in_the_queue(editor_client, corpus):
    claim = corpus["suggested"]
    status_post(editor_client, claim, "rejected")
    claim.refresh_from_db()
    response = status_post(editor_client, claim, "suggested")
    assert "Back in the queue." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "suggested"


def test_a_plain_form_post_returns_to_the_queue(editor_client, corpus):
    claim = corpus["suggested"]
    response = status_post(editor_client, claim, "rejected", htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"/review/#claim-{claim.pk}"
    assert "Rejected." in editor_client.get("/review/").content.decode()


def test_a_stale_version_is_refused_with_a_clear_message(editor_client, editor, corpus):
    claim = corpus["suggested"]
    from claims import review

    review.claim_update(claim=claim, user=editor, check_worthiness=0.1)  # someone else's save
    response = status_post(editor_client, claim, "accepted", version=claim.version)
    assert response.status_code == 409
    assert "Someone else changed this claim after you loaded it" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "suggested"


def test_an_unknown_status_is_a_422_naming_the_field(editor_client, corpus):
    response = status_post(editor_client, corpus["suggested"], "maybe")
    assert response.status_code == 422
    assert "status: Select a valid choice." in response.content.decode()


def test_a_missing_claim_is_404(editor_client, db):
    assert editor_client.post("/review/claims/999/status/", {}).status_code == 404


def test_the_edit_form_loads_in_place_with_the_actors_to_choose_from(editor_client, corpus):
    claim = corpus["suggested"]
    response = editor_client.get(f"/review/claims/{claim.pk}/edit/", headers=HTMX)
    page = response.content.decode()
    assert 'class="card-form edit-form"' in page
    assert f'value="{corpus["putin"].pk}">Vladimir Putin (person)</option>' in page
    assert f'name="content_start" value="{claim.content_start}"' in page


def test_editing_the_span_and_speaker_saves_and_marks_the_claim_edited(editor_client, corpus):
    claim = corpus["suggested"]
    response = editor_client.post(
        f"/review/claims/{claim.pk}/edit/",
        {"version": claim.version, "content_start": claim.content_start + 4,
         "content_end": claim.content_end, "speaker": corpus["putin"].pk, "kind": "indirect"},
        headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    assert "Saved your correction." in response.content.decode()
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.text == "situation was extremely tense"
    assert stored.speaker == corpus["putin"] and stored.edited


def test_a_span_outside_the_document_is_refused_in_the_form(editor_client, corpus):
    claim = corpus["suggested"]
    response = editor_client.post(
        f"/review/claims/{claim.pk}/edit/",
        {"version": claim.version, "content_start": 5, "content_end": 99_999, "kind": "indirect",
         "speaker": corpus["peskov"].pk},
        headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 422
    page = response.content.decode()
    assert "lies outside the document text" in page
    assert Claim.objects.get(pk=claim.pk).content_end == claim.content_end


def test_an_end_before_the_start_is_refused_in_the_form(editor_client, corpus):
    claim = corpus["suggested"]
    response = editor_client.post(
        f"/review/claims/{claim.pk}/edit/",
        {"version": claim.version, "content_start": 20, "content_end": 10, "kind": "direct"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "The end must come after the start." in response.content.decode()


def test_an_assertion_with_a_speaker_is_refused_in_the_form(editor_client, corpus):
    claim = corpus["suggested"]
    response = editor_client.post(
        f"/review/claims/{claim.pk}/edit/",
        {"version": claim.version, "content_start": claim.content_start,
         "content_end": claim.content_end, "kind": "assertion", "speaker": corpus["peskov"].pk},
        headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 422
    assert "has no speaker" in response.content.decode()


def test_adding_a_condition_in_place(editor_client, corpus):
    claim = corpus["suggested"]
    start = claim.document.text.index("extremely tense")
    response = editor_client.post(
        f"/review/claims/{claim.pk}/conditions/",
        {"version": claim.version, "kind": "temporal", "start": start, "end": start + 9},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Condition added." in response.content.decode()
    condition = Condition.objects.get(claim=claim)
    assert (condition.kind, condition.text, condition.origin) == ("temporal", "extremely", "editor")


def test_a_condition_outside_the_claims_sentences_is_refused(editor_client, corpus):
    claim = corpus["accepted"]
    response = editor_client.post(
        f"/review/claims/{claim.pk}/conditions/",
        {"version": claim.version, "kind": "temporal", "start": len(claim.document.text) - 5,
         "end": len(claim.document.text)},
        headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 422
    assert "must lie inside its claim" in response.content.decode()
    assert claim.conditions.count() == 1


def test_adding_a_condition_to_a_stale_claim_is_refused(editor_client, editor, corpus):
    claim = corpus["suggested"]
    from claims import review

    review.claim_review(claim=claim, status="accepted", user=editor)
    response = editor_client.post(
        f"/review/claims/{claim.pk}/conditions/",
        {"version": claim.version, "kind": "temporal", "start": claim.content_start,
         "end": claim.content_start + 3},
        headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 409
    assert not Condition.objects.filter(claim=claim).exists()


def test_confirming_a_suggested_link_in_place(editor_client, editor, corpus):
    link = corpus["link"]
    response = editor_client.post(
        f"/review/links/{link.pk}/", {"status": "confirmed"}, headers=HTMX
    )
    assert response.status_code == 200
    assert 'data-status="confirmed"' in response.content.decode()
    link.refresh_from_db()
    assert (link.status, link.reviewed_by) == ("confirmed", editor)


def test_an_unknown_link_status_is_a_422(editor_client, corpus):
    link = corpus["link"]
    response = editor_client.post(f"/review/links/{link.pk}/", {"status": "maybe"}, headers=HTMX)
    assert response.status_code == 422
    assert CrossReference.objects.get(pk=link.pk).status == "suggested"


def test_adding_a_note_on_the_claim_page(editor_client, editor, corpus):
    claim = corpus["accepted"]
    response = editor_client.post(
        f"/claims/{claim.pk}/annotations/", {"body": "Confirmed by the agency."}
    )
    assert response.status_code == 302
    note = Annotation.objects.get(claim=claim)
    assert (note.body, note.author) == ("Confirmed by the agency.", editor)
    assert (
        "Confirmed by the agency." in editor_client.get(claim.get_absolute_url()).content.decode()
    )


def test_an_empty_note_is_refused_with_the_form_error(editor_client, corpus):
    claim = corpus["accepted"]
    response = editor_client.post(f"/claims/{claim.pk}/annotations/", {"body": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Annotation.objects.exists()
