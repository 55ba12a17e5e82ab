"""The editorial workbench in the admin, driven with real requests against admin URLs.

Characters: Erin (``desk_editor``), a staff user in the editors group; Rhea (``reader``), signed in
but not staff; Stan (``bare_staff``), staff without any model permission; Sam (``staff``), a
superuser.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import review, services
from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Origin, Verdict
from corpus.models import Document, Sentence
from tests.claims.factories import (
    extracted,
    make_actor,
    make_annotation,
    make_claim,
    make_condition,
    make_crossref,
    make_document,
    make_documents,
    make_user,
    make_verdict,
    span_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_editor(editor):
    """Erin with staff status: editors reach the admin as staff users in the editors group."""
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    return editor


@pytest.fixture
def bare_staff(db):
    """Stan: staff status, but in no group and with no model permission."""
    return make_user("stan", staff=True)


@pytest.fixture
def desk(client, desk_editor):
    client.force_login(desk_editor)
    return client


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def changelist_url(model) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def form_data(response) -> dict[str, object]:
    """What the browser would post back unchanged: the form's and every inline's current values."""
    data: dict[str, object] = {}

    def collect(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    collect(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        collect(inline.formset.management_form)
        for form in inline.formset.forms:
            collect(form)
    return data


def post_change(client, obj, **changes) -> object:
    """Open the change page, alter some values, and save it as the browser would."""
    data = form_data(client.get(change_url(obj)))
    data.update(changes)
    return client.post(change_url(obj), data)


def form_errors(response) -> str:
    """Every error shown on a change page (the form's and the inlines'), as plain text."""
    messages = [m for errors in response.context["adminform"].form.errors.values() for m in errors]
    for inline in response.context["inline_admin_formsets"]:
        for errors in inline.formset.errors:
            messages += [m for field_errors in errors.values() for m in field_errors]
        messages += list(inline.formset.non_form_errors())
    return " ".join(messages)


# --- who may reach the admin ------------------------------------------------------------------


def test_a_signed_in_reader_who_is_not_staff_is_sent_to_the_admin_login(client, reader):
    client.force_login(reader)
    response = client.get(changelist_url(Claim))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_an_editor_needs_staff_status_to_use_the_admin(client, editor):
    client.force_login(editor)
    assert client.get(changelist_url(Claim)).status_code == 302


def test_staff_without_editor_permissions_cannot_see_claims(client, bare_staff):
    make_claim()
    client.force_login(bare_staff)
    assert client.get(changelist_url(Claim)).status_code == 403


def test_staff_without_editor_permissions_cannot_change_a_claim(client, bare_staff):
    claim = make_claim()
    client.force_login(bare_staff)
    response = client.post(change_url(claim), {"status": "accepted", "expected_version": 1})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUGGESTED


def test_staff_without_editor_permissions_cannot_accept_claims_in_bulk(client, bare_staff):
    claim = make_claim()
    client.force_login(bare_staff)
    response = client.post(
        changelist_url(Claim), {"action": "accept_selected", "_selected_action": [claim.pk]}
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUGGESTED


def test_staff_with_view_permission_only_see_a_claim_read_only(client, bare_staff):
    claim = make_claim()
    bare_staff.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(bare_staff)
    page = client.get(change_url(claim)).content.decode()
    assert 'class="ct-content"' in page and 'name="status"' not in page


def test_granting_editor_access_makes_a_user_staff_in_the_editors_group(client, staff, reader):
    client.force_login(staff)
    response = client.post(
        changelist_url(User),
        {"action": "grant_editor_access", "_selected_action": [reader.pk]},
        follow=True,
    )
    assert "1 user(s) can now edit in the admin." in response.content.decode()
    reader = User.objects.get(pk=reader.pk)
    assert reader.is_staff and reader.has_perm("claims.change_claim")
    client.force_login(reader)
    assert client.get(changelist_url(Claim)).status_code == 200


def test_revoking_editor_access_locks_the_user_out_of_the_admin(client, staff, desk_editor):
    client.force_login(staff)
    client.post(
        changelist_url(User),
        {"action": "revoke_editor_access", "_selected_action": [desk_editor.pk, staff.pk]},
    )
    desk_editor = User.objects.get(pk=desk_editor.pk)
    assert not desk_editor.is_staff and not desk_editor.groups.exists()
    assert User.objects.get(pk=staff.pk).is_staff


def test_editors_can_search_documents_and_actors_while_adding_a_claim(desk):
    document = make_document(title="Kremlin warns over Iran")
    actor = make_actor("Dmitry Peskov")
    url = reverse("admin:autocomplete")
    found = desk.get(url, {"app_label": "claims", "model_name": "claim", "field_name": "document",
                           "term": "Kremlin"}).json()  # fmt: skip
    assert [r["id"] for r in found["results"]] == [str(document.pk)]
    found = desk.get(url, {"app_label": "claims", "model_name": "claim", "field_name": "speaker",
                           "term": "Peskov"}).json()  # fmt: skip
    assert [r["id"] for r in found["results"]] == [str(actor.pk)]


@pytest.mark.parametrize(
    "model", [Claim, Actor, Document, Condition, CrossReference, Annotation, Verdict]
)
def test_an_editor_can_open_every_workbench_list(desk, model):
    assert desk.get(changelist_url(model)).status_code == 200


# --- reviewing claims ----------------------------------------------------------------------------


def test_an_editor_accepts_claims_in_bulk_and_history_names_them(desk, desk_editor):
    claims = [make_claim(d) for d in make_documents(2)]
    response = desk.post(
        changelist_url(Claim),
        {"action": "accept_selected", "_selected_action": [c.pk for c in claims]},
        follow=True,
    )
    assert "2 claim(s) marked accepted." in response.content.decode()
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.status, claim.reviewed_by, claim.version) == ("accepted", desk_editor, 2)
        assert claim.history.latest().history_user == desk_editor


def test_an_editor_rejects_a_claim_in_its_change_form(desk, desk_editor):
    claim = make_claim()
    response = post_change(desk, claim, status="rejected")
    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by, claim.edited) == ("rejected", desk_editor, False)
    assert claim.history.latest().history_user == desk_editor


def test_editing_a_machine_claim_keeps_its_origin_and_marks_it_edited(desk, desk_editor):
    claim = make_claim()
    start, end = span_of(claim.document.text, "Russia would react")
    response = post_change(
        desk, claim, content_start=start, content_end=end, content_quote="Russia would react"
    )
    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert (claim.text, claim.origin, claim.edited, claim.version) == (
        "Russia would react",
        Origin.MACHINE,
        True,
        2,
    )
    record = claim.history.latest()
    assert record.history_user == desk_editor
    assert {c.field for c in record.diff_against(record.prev_record).changes} >= {"content_end"}


def test_saving_an_unchanged_form_records_nothing(desk):
    claim = make_claim()
    response = post_change(desk, claim)
    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert claim.version == 1 and claim.history.count() == 1


def test_a_concurrent_save_caught_by_the_service_rolls_everything_back(desk, monkeypatch):
    claim = make_claim()
    data = form_data(desk.get(change_url(claim)))
    data.update({"status": "accepted", "conditions-0-kind": "conditional",
                 "conditions-0-quote": "should the Iranian leader be killed"})  # fmt: skip

    def lost_race(*, claim, user, expected_version, **changes):
        raise review.StaleVersion(Claim.objects.get(pk=claim), expected_version)

    monkeypatch.setattr(review, "claim_update", lost_race)
    response = desk.post(change_url(claim), data, follow=True)
    assert "was changed by someone else" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("suggested", 1)
    assert not Condition.objects.exists()


def test_a_save_from_a_stale_page_is_refused_and_changes_nothing(desk, staff):
    claim = make_claim()
    data = form_data(desk.get(change_url(claim)))
    review.claim_review(claim=claim, status="accepted", user=staff)  # someone else, meanwhile
    data["status"] = "rejected"
    response = desk.post(change_url(claim), data)
    assert response.status_code == 200
    assert "Someone else changed this claim" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.reviewed_by) == ("accepted", 2, staff)


def test_a_quote_typed_for_a_sentence_sets_the_offsets(desk):
    claim = make_claim()
    response = post_change(
        desk, claim, sentence_number=1, content_quote="Russia would react", content_start="",
        content_end="",
    )  # fmt: skip
    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert (claim.content_start, claim.content_end) == span_of(
        claim.document.text, "Russia would react"
    )


def test_changing_only_the_quote_finds_it_in_the_claims_sentences(desk):
    claim = make_claim()
    response = post_change(desk, claim, content_quote="Russia would react “very negatively” should")
    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert claim.text == "Russia would react “very negatively” should"


def test_a_quote_absent_from_the_sentence_is_refused_with_a_clear_message(desk):
    claim = make_claim()
    response = post_change(desk, claim, sentence_number=0, content_quote="Russia would react")
    assert response.status_code == 200
    assert "“Russia would react” does not occur in sentence 0" in form_errors(response)
    claim.refresh_from_db()
    assert claim.version == 1


def test_an_ambiguous_quote_is_refused_with_a_clear_message(desk):
    claim = make_claim()
    response = post_change(desk, claim, content_quote="Kremlin")
    assert "occurs 2 times in the claim's sentences" in form_errors(response)


def test_a_sentence_number_the_document_lacks_is_refused(desk):
    claim = make_claim()
    response = post_change(desk, claim, sentence_number=99, content_quote="Russia")
    assert "has no sentence 99 (its sentences are numbered 0 to 3)" in form_errors(response)


def test_offsets_that_disagree_with_the_quote_are_refused(desk):
    claim = make_claim()
    start, end = span_of(claim.document.text, "Russia would react")
    response = post_change(desk, claim, content_start=start, content_end=end + 1)
    assert response.status_code == 200
    assert "The quote does not match the text at" in form_errors(response)
    claim.refresh_from_db()
    assert claim.version == 1


def test_offsets_past_the_end_of_the_document_are_refused(desk):
    claim = make_claim()
    length = len(claim.document.text)
    response = post_change(desk, claim, content_end=length + 10, content_quote="")
    assert f"past the end of the document ({length} characters)" in form_errors(response)


def test_a_span_that_ends_before_it_starts_is_refused(desk):
    claim = make_claim()
    response = post_change(desk, claim, content_start=50, content_end=40, content_quote="")
    assert "must start before it ends (50 is not before 40)" in form_errors(response)


def test_a_cue_with_only_a_start_is_refused(desk):
    claim = make_claim()
    response = post_change(desk, claim, cue_end="", cue_quote="")
    assert "Give both the start and the end of the cue" in form_errors(response)


def test_an_editor_adds_the_speaker_the_machine_missed(desk):
    claim = make_claim(speaker=None, speaker_mention=None)
    peskov = make_actor()
    response = post_change(desk, claim, speaker=peskov.pk, speaker_quote="Dmitry Peskov")
    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert (claim.speaker, claim.speaker_mention["text"], claim.edited) == (
        peskov,
        "Dmitry Peskov",
        True,
    )


def test_an_assertion_with_a_speaker_is_refused_in_the_form(desk):
    claim = make_claim(speaker=make_actor())
    response = post_change(desk, claim, kind="assertion")
    assert "An assertion is in the article's own voice and has no speaker." in form_errors(response)


# --- adding what the machine missed ------------------------------------------------------------


def test_an_editor_adds_a_condition_inline_and_history_names_them(desk, desk_editor):
    claim = make_claim()
    response = post_change(
        desk, claim, **{"conditions-0-kind": "conditional",
                        "conditions-0-quote": "should the Iranian leader be killed"},
    )  # fmt: skip
    assert response.status_code == 302, form_errors(response)
    condition = claim.conditions.get()
    assert (condition.origin, condition.text) == (
        Origin.EDITOR,
        "should the Iranian leader be killed",
    )
    assert condition.history.latest().history_user == desk_editor
    claim.refresh_from_db()
    assert (claim.version, claim.edited) == (2, True)


def test_a_condition_outside_the_claims_sentences_is_refused_in_the_form(desk):
    claim = make_claim()
    start, end = span_of(claim.document.text, "not a mutual defence pact")
    response = post_change(
        desk, claim, **{"conditions-0-kind": "negation", "conditions-0-start": start,
                        "conditions-0-end": end},
    )  # fmt: skip
    assert response.status_code == 200
    assert "must lie inside its claim's sentences" in form_errors(response)
    assert not Condition.objects.exists()


def test_an_editor_corrects_and_deletes_machine_conditions_inline(desk):
    claim = make_claim()
    condition = make_condition(claim)
    response = post_change(desk, claim, **{"conditions-0-kind": "only_if"})
    assert response.status_code == 302, form_errors(response)
    condition.refresh_from_db()
    assert (condition.kind, condition.edited) == ("only_if", True)
    response = post_change(desk, claim, **{"conditions-0-DELETE": "on"})
    assert response.status_code == 302, form_errors(response)
    assert not Condition.objects.exists()


def test_an_editor_adds_a_claim_the_machine_missed_by_quote(desk, desk_editor):
    document = make_document()
    putin = make_actor("Vladimir Putin")
    response = desk.post(
        reverse("admin:claims_claim_add"),
        {
            "document": document.pk, "sentence_number": 3, "kind": "indirect",
            "content_quote": "their treaty is not a mutual defence pact", "cue_quote": "clarified",
            "speaker": putin.pk, "speaker_quote": "Putin", "status": "accepted",
            "check_worthiness": "0.7",
            "conditions-TOTAL_FORMS": 1, "conditions-INITIAL_FORMS": 0,
            "conditions-0-kind": "negation", "conditions-0-quote": "not a mutual defence pact",
            "conditions-0-outcome": "unknown",
            "annotations-TOTAL_FORMS": 0, "annotations-INITIAL_FORMS": 0,
            "verdict-TOTAL_FORMS": 0, "verdict-INITIAL_FORMS": 0,
            "outgoing_references-TOTAL_FORMS": 0, "outgoing_references-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 302, form_errors(response)
    claim = Claim.objects.get()
    assert (claim.origin, claim.created_by, claim.speaker, claim.cue["text"]) == (
        Origin.EDITOR,
        desk_editor,
        putin,
        "clarified",
    )
    assert claim.conditions.get().text == "not a mutual defence pact"
    assert [s.index for s in claim.sentences.all()] == [3]


def test_the_add_page_for_a_document_lists_its_numbered_sentences(desk):
    document = make_document()
    make_claim(document)
    response = desk.get(reverse("admin:claims_claim_add") + f"?document={document.pk}")
    page = response.content.decode()
    assert 'id="sentence-3"' in page
    assert 'class="ct-existing"' in page


def test_an_editor_adds_a_note_a_verdict_and_a_link_inline(desk, desk_editor):
    claim, other = (make_claim(d) for d in make_documents(2))
    response = post_change(
        desk, claim, **{
            "annotations-0-body": "Sky News interview, 19 June.",
            "verdict-TOTAL_FORMS": 1, "verdict-0-rating": "mostly_true",
            "verdict-0-explanation": "Matches the broadcast.",
            "outgoing_references-0-target": other.pk,
            "outgoing_references-0-relation": "same_claim",
            "outgoing_references-0-status": "confirmed",
        },
    )  # fmt: skip
    assert response.status_code == 302, form_errors(response)
    assert claim.annotations.get().author == desk_editor
    assert (claim.verdict.rating, claim.verdict.reviewer) == ("mostly_true", desk_editor)
    link = claim.outgoing_references.get()
    assert (link.target, link.origin, link.status) == (other, Origin.EDITOR, "confirmed")
    assert link.history.latest().history_user == desk_editor


def test_a_link_back_to_a_claim_already_linked_is_refused_in_the_form(desk):
    claim, other = (make_claim(d) for d in make_documents(2))
    make_crossref(other, claim)
    response = post_change(
        desk, claim, **{"outgoing_references-0-target": other.pk,
                        "outgoing_references-0-relation": "related"},
    )  # fmt: skip
    assert "already linked the other way" in form_errors(response)


def test_a_machine_claim_cannot_be_deleted_in_the_admin(desk):
    claim = make_claim()
    response = desk.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_an_editor_made_claim_can_be_deleted_and_history_names_who(desk, desk_editor):
    claim = make_claim(origin=Origin.EDITOR, status="accepted")
    pk = claim.pk
    response = desk.post(reverse("admin:claims_claim_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    record = Claim.history.filter(id=pk).latest()
    assert (record.history_type, record.history_user) == ("-", desk_editor)


def test_an_editor_edits_a_condition_on_its_own_page(desk, desk_editor):
    condition = make_condition(make_claim())
    response = post_change(desk, condition, kind="only_if", outcome="met")
    assert response.status_code == 302, form_errors(response)
    condition.refresh_from_db()
    assert (condition.kind, condition.outcome, condition.edited) == ("only_if", "met", True)
    assert condition.history.latest().history_user == desk_editor


def test_an_editor_gives_a_verdict_on_its_own_page_with_the_scale_explained(desk, desk_editor):
    claim = make_claim()
    page = desk.get(reverse("admin:claims_verdict_add")).content.decode()
    assert "False = 1, Mostly false = 2, Mixed = 3, Mostly true = 4, True = 5" in page
    response = desk.post(
        reverse("admin:claims_verdict_add"),
        {"claim": claim.pk, "rating": "false", "explanation": "No such interview."},
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating_value, verdict.reviewer) == (1, desk_editor)
    assert verdict.history.latest().history_user == desk_editor


def test_an_editor_corrects_a_note_on_its_own_page(desk, desk_editor):
    note = make_annotation(make_claim(), author=desk_editor, body="Chek the date.")
    response = post_change(desk, note, body="Check the date.")
    assert response.status_code == 302
    assert list(note.history.order_by("history_id").values_list("body", flat=True)) == [
        "Chek the date.",
        "Check the date.",
    ]


# --- history -----------------------------------------------------------------------------------


def test_the_history_page_shows_who_changed_a_claim_and_what(desk):
    claim = make_claim()
    post_change(desk, claim, status="accepted")
    page = desk.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    assert "erin" in page
    assert "suggested" in page and "accepted" in page


def test_an_old_version_cannot_be_restored_from_history(desk):
    claim = make_claim()
    post_change(desk, claim, status="accepted")
    first = claim.history.earliest()
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, first.history_id])
    assert desk.get(url).status_code == 200
    assert desk.post(url, {"status": "suggested"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "accepted"


# --- the workbench view --------------------------------------------------------------------------


def test_the_change_page_shows_the_sentence_with_every_span_highlighted(desk):
    claim = make_claim(speaker=make_actor())
    make_condition(claim)
    page = desk.get(change_url(claim)).content.decode()
    assert '<mark class="ct-speaker" title="speaker">Dmitry Peskov</mark>' in page
    assert '<mark class="ct-cue" title="cue">told</mark>' in page
    assert (
        '<mark class="ct-content" title="content">Russia would react “very negatively”</mark>'
        in page
    )
    assert '<mark class="ct-condition ct-condition-conditional"' in page
    assert 'id="sentence-1"' in page and 'id="sentence-3"' not in page


def test_article_markup_is_shown_as_text_on_the_claim_page(desk):
    document = make_document("The minister said <script>alert(1)</script> was harmless.")
    claim = make_claim(document, content="<script>alert(1)</script> was harmless", cue="said",
                       speaker_mention="The minister")  # fmt: skip
    page = desk.get(change_url(claim)).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_article_markup_is_shown_as_text_on_the_document_page(desk):
    document = make_document("A <b>bold</b> claim. <script>alert(1)</script> Another sentence.")
    page = desk.get(change_url(document)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_document_text_cannot_be_changed_in_the_admin(client, staff):
    document = make_document()
    client.force_login(staff)
    response = client.post(change_url(document), {"title": "New title", "language": "en",
                                                  "text": "Replaced."})  # fmt: skip
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.text.startswith("The Kremlin")) == ("New title", True)


# --- actors ------------------------------------------------------------------------------------


def test_the_merge_page_proposes_keeping_the_actor_with_most_claims(desk):
    peskov, mr_peskov = make_actor("Dmitry Peskov"), make_actor("Mr Peskov")
    documents = make_documents(3)
    make_claim(documents[0], speaker=mr_peskov)
    make_claim(documents[1], speaker=peskov)
    make_claim(documents[2], speaker=peskov)
    response = desk.post(
        changelist_url(Actor),
        {"action": "merge_actors", "_selected_action": [peskov.pk, mr_peskov.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Merge actors" in page
    assert f'value="{peskov.pk}" id="target-{peskov.pk}" checked' in page


def test_merging_two_actors_in_the_admin_moves_everything_and_loses_nothing(desk, desk_editor):
    peskov = make_actor("Dmitry Peskov", description="Kremlin spokesman")
    mr_peskov = make_actor("Mr Peskov", aliases=["Peskov"])
    documents = make_documents(2)
    claims = [make_claim(documents[0], speaker=peskov), make_claim(documents[1], speaker=mr_peskov)]
    response = desk.post(
        changelist_url(Actor),
        {"action": "merge_actors", "_selected_action": [peskov.pk, mr_peskov.pk],
         "target": peskov.pk, "apply": "1"},
        follow=True,
    )  # fmt: skip
    assert "Merged Mr Peskov into Dmitry Peskov: 1 claim(s) moved." in response.content.decode()
    peskov.refresh_from_db()
    assert sorted(peskov.aliases) == ["Mr Peskov", "Peskov"]
    assert peskov.description == "Kremlin spokesman"
    assert set(peskov.claims.all()) == set(claims)
    assert Actor.history.filter(id=mr_peskov.pk).latest().history_user == desk_editor


def test_merging_needs_two_actors(desk):
    actor = make_actor()
    response = desk.post(
        changelist_url(Actor), {"action": "merge_actors", "_selected_action": [actor.pk]},
        follow=True,
    )  # fmt: skip
    assert "Choose at least two actors to merge." in response.content.decode()


def test_an_actor_who_is_a_speaker_cannot_be_deleted_in_the_admin(client, staff):
    actor = make_actor()
    make_claim(speaker=actor)
    client.force_login(staff)
    response = client.post(reverse("admin:claims_actor_delete", args=[actor.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Actor.objects.filter(pk=actor.pk).exists()


# --- cross-references ----------------------------------------------------------------------------


def test_confirming_suggested_links_records_the_reviewer(desk, desk_editor):
    first, second, third = (make_claim(d) for d in make_documents(3))
    links = [make_crossref(first, second), make_crossref(first, third)]
    response = desk.post(
        changelist_url(CrossReference),
        {"action": "confirm_selected", "_selected_action": [link.pk for link in links]},
        follow=True,
    )
    assert "2 link(s) confirmed." in response.content.decode()
    for link in links:
        link.refresh_from_db()
        assert (link.status, link.reviewed_by) == ("confirmed", desk_editor)


def test_rejecting_a_link_in_its_change_form_keeps_its_ends(desk):
    first, second = (make_claim(d) for d in make_documents(2))
    link = make_crossref(first, second)
    response = post_change(desk, link, status="rejected", note="Different statements.")
    assert response.status_code == 302, form_errors(response)
    link.refresh_from_db()
    assert (link.status, link.note, link.source, link.target) == (
        "rejected",
        "Different statements.",
        first,
        second,
    )


# --- re-running extraction -------------------------------------------------------------------------


def test_rerunning_extraction_from_the_admin_replaces_only_unreviewed_suggestions(
    desk, monkeypatch
):
    document = make_document()
    accepted = make_claim(document, status="accepted")
    stale = make_claim(document, content="The situation is extremely tense", cue="said",
                       speaker_mention="Mr Peskov", kind="direct")  # fmt: skip
    fresh = extracted(document, "Russia would react", speaker="Dmitry Peskov")  # overlaps kept
    new = extracted(document, "The situation is extremely tense,", mention="Mr Peskov", cue="said")
    monkeypatch.setattr(services, "extract_claims", lambda doc, spans: [fresh, new])
    response = desk.post(
        changelist_url(Document),
        {"action": "extract_selected", "_selected_action": [document.pk]},
        follow=True,
    )
    assert "1 unreviewed suggestion(s) replaced by 1 new one(s)" in response.content.decode()
    texts = set(document.claims.values_list("text", flat=True))
    assert texts == {accepted.text, "The situation is extremely tense,"}
    assert not Claim.objects.filter(pk=stale.pk).exists()


def test_rerunning_extraction_for_the_selected_claims_reaches_their_documents_only(
    desk, monkeypatch
):
    first, second = make_documents(2)
    selected, untouched = make_claim(first), make_claim(second)
    monkeypatch.setattr(services, "extract_claims", lambda doc, spans: [])
    response = desk.post(
        changelist_url(Claim),
        {"action": "extract_documents", "_selected_action": [selected.pk]},
        follow=True,
    )
    assert "Re-ran extraction on 1 document(s): 1 unreviewed suggestion(s)" in (
        response.content.decode()
    )
    assert list(Claim.objects.all()) == [untouched]


# --- query budgets: the number of queries does not grow with the rows --------------------------


def populate(model, count: int, editor) -> None:
    """``count`` rows of ``model``, each with its own document, speaker and related rows."""
    for i, document in enumerate(make_documents(count)):
        actor = make_actor(f"Speaker {document.pk}")
        claim = make_claim(document, speaker=actor)
        make_condition(claim)
        if model in (Annotation, Verdict):
            make_annotation(claim, author=editor)
            make_verdict(claim, reviewer=editor)
        if model is CrossReference and i:
            make_crossref(claim, Claim.objects.exclude(pk=claim.pk).first())


def changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist_url(model))
    assert response.status_code == 200
    return len(queries)


#: Every changelist: session, user, the user's permissions, the group's permissions, the
#: paginator's COUNT, the unfiltered COUNT, and the page of rows (related rows joined in).
BASE_QUERIES = 7


@pytest.mark.parametrize(
    ("model", "budget"),
    [
        (Claim, BASE_QUERIES + 2),  # speaker and document filter choices (id and name only)
        (Actor, BASE_QUERIES),
        (Document, BASE_QUERIES + 4),  # date range and years; outlet and language choices
        (Condition, BASE_QUERIES),
        (CrossReference, BASE_QUERIES),
        (Annotation, BASE_QUERIES),
        (Verdict, BASE_QUERIES),
        (Sentence, BASE_QUERIES),
    ],
)
def test_a_changelist_runs_a_fixed_number_of_queries_for_few_and_many_rows(
    desk, desk_editor, model, budget
):
    populate(model, 3, desk_editor)
    assert changelist_queries(desk, model) == budget
    populate(model, 12, desk_editor)
    assert changelist_queries(desk, model) == budget
