"""Editors' review services: validation, versions, who-did-what history, merging actors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from claims import review
from claims.models import Actor, Annotation, Claim, Condition, Origin, Verdict
from tests.claims.factories import (
    make_actor,
    make_annotation,
    make_claim,
    make_condition,
    make_crossref,
    make_document,
    make_documents,
    span_of,
)

pytestmark = pytest.mark.django_db


def last_history_user(obj):
    return obj.history.order_by("-history_id").first().history_user


# --- claims ---------------------------------------------------------------------------------


def test_editing_a_machine_claims_span_keeps_its_origin_and_marks_it_edited(editor):
    claim = make_claim()
    start, end = span_of(claim.document.text, "Russia would react")
    updated = review.claim_update(
        claim=claim, user=editor, expected_version=1, content_start=start, content_end=end
    )
    assert (updated.origin, updated.edited, updated.version) == (Origin.MACHINE, True, 2)
    assert updated.text == "Russia would react"
    assert updated.updated_by == editor


def test_accepting_a_claim_records_the_reviewer_and_time_without_marking_it_edited(editor):
    claim = make_claim()
    accepted = review.claim_review(claim=claim, status=Claim.Status.ACCEPTED, user=editor)
    assert accepted.status == Claim.Status.ACCEPTED
    assert accepted.reviewed_by == editor and accepted.reviewed_at is not None
    assert accepted.edited is False


def test_a_stale_version_is_refused_and_changes_nothing(editor):
    claim = make_claim()
    review.claim_review(claim=claim, status=Claim.Status.ACCEPTED, user=editor)
    with pytest.raises(review.StaleVersion, match="changed by someone else"):
        review.claim_review(
            claim=claim, status=Claim.Status.REJECTED, user=editor, expected_version=1
        )
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (Claim.Status.ACCEPTED, 2)


def test_claim_lock_refuses_a_stale_version(editor):
    claim = make_claim()
    review.claim_review(claim=claim, status=Claim.Status.ACCEPTED, user=editor)
    with pytest.raises(review.StaleVersion):
        review.claim_lock(claim=claim, expected_version=1)
    assert review.claim_lock(claim=claim, expected_version=2).pk == claim.pk


def test_changing_a_field_editors_do_not_own_is_refused(editor):
    claim = make_claim()
    with pytest.raises(ValidationError, match="cannot be changed"):
        review.claim_update(claim=claim, user=editor, origin=Origin.EDITOR)


def test_a_span_outside_the_document_is_refused_and_changes_nothing(editor):
    claim = make_claim()
    length = len(claim.document.text)
    with pytest.raises(ValidationError, match="outside the document text"):
        review.claim_update(claim=claim, user=editor, content_end=length + 5)
    claim.refresh_from_db()
    assert claim.version == 1 and claim.edited is False


def test_turning_a_claim_into_an_assertion_drops_its_speaker(editor):
    claim = make_claim(speaker=make_actor())
    updated = review.claim_update(claim=claim, user=editor, kind=Claim.Kind.ASSERTION)
    assert updated.speaker is None and updated.speaker_mention is None


def test_claims_review_sets_the_status_of_every_claim(editor):
    claims = [make_claim(document) for document in make_documents(3)]
    assert review.claims_review(claims=claims, status=Claim.Status.REJECTED, user=editor) == 3
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.REJECTED}


def test_an_unknown_status_is_refused(editor):
    with pytest.raises(ValidationError, match="Unknown status"):
        review.claim_review(claim=make_claim(), status="maybe", user=editor)


def test_an_editor_made_claim_is_accepted_credited_and_linked_to_its_sentences(editor):
    document = make_document()
    start, end = span_of(document.text, "The situation is extremely tense")
    claim = review.claim_create(
        document=document, user=editor, content_start=start, content_end=end, kind="direct"
    )
    assert (claim.origin, claim.status, claim.created_by) == (
        Origin.EDITOR,
        Claim.Status.ACCEPTED,
        editor,
    )
    assert [s.index for s in claim.sentences.all()] == [2]


def test_an_assertion_with_a_speaker_is_refused(editor):
    document = make_document()
    start, end = span_of(document.text, "their treaty is not a mutual defence pact")
    with pytest.raises(ValidationError, match="no speaker"):
        review.claim_create(
            document=document, user=editor, content_start=start, content_end=end,
            kind=Claim.Kind.ASSERTION, speaker=make_actor("Vladimir Putin"),
        )  # fmt: skip
    assert not Claim.objects.exists()


def test_a_machine_claim_cannot_be_deleted(editor):
    claim = make_claim()
    with pytest.raises(ValidationError, match="reject the claim instead"):
        review.claim_delete(claim=claim, user=editor)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_deleting_an_editor_made_claim_records_who_deleted_it(editor):
    claim = make_claim(origin=Origin.EDITOR, status=Claim.Status.ACCEPTED)
    pk = claim.pk
    review.claim_delete(claim=claim, user=editor)
    record = Claim.history.filter(id=pk).order_by("-history_id").first()
    assert (record.history_type, record.history_user) == ("-", editor)


# --- conditions -----------------------------------------------------------------------------


def test_adding_a_condition_bumps_the_version_and_marks_a_machine_claim_edited(editor):
    claim = make_claim()
    start, end = span_of(claim.document.text, "should the Iranian leader be killed")
    condition = review.condition_create(
        claim=claim, kind=Condition.Kind.CONDITIONAL, start=start, end=end, user=editor
    )
    claim.refresh_from_db()
    assert condition.origin == Origin.EDITOR and condition.text.startswith("should")
    assert (claim.version, claim.edited) == (2, True)
    assert last_history_user(condition) == editor


def test_a_condition_outside_the_claims_sentences_is_refused(editor):
    claim = make_claim()
    start, end = span_of(claim.document.text, "not a mutual defence pact")
    with pytest.raises(ValidationError, match="inside its claim's sentences"):
        review.condition_create(claim=claim, kind="negation", start=start, end=end, user=editor)
    assert not Condition.objects.exists()


def test_a_condition_in_the_sentence_before_the_claim_is_accepted(editor):
    document = make_document()
    claim = make_claim(document, content="The situation is extremely tense", cue="said",
                       speaker_mention="Mr Peskov", kind=Claim.Kind.DIRECT)  # fmt: skip
    start, end = span_of(document.text, "should the Iranian leader be killed")
    review.condition_create(claim=claim, kind="conditional", start=start, end=end, user=editor)
    assert claim.conditions.count() == 1


def test_condition_bounds_of_an_unsaved_claim_come_from_its_content_span():
    document = make_document()
    start, end = span_of(document.text, "The situation is extremely tense")
    claim = Claim(document=document, content_start=start, content_end=end)
    sentences = list(document.sentences.order_by("index"))
    assert review.condition_bounds(claim) == (sentences[1].start, sentences[2].end)


def test_condition_changes_count_versions_in_the_database_even_from_a_stale_claim(editor):
    claim = make_claim()
    stale = Claim.objects.get(pk=claim.pk)
    review.claim_review(claim=claim, status=Claim.Status.ACCEPTED, user=editor)  # version 2
    start, end = span_of(claim.document.text, "should the Iranian leader be killed")
    review.condition_create(claim=stale, kind="conditional", start=start, end=end, user=editor)
    assert Claim.objects.get(pk=claim.pk).version == 3
    assert stale.version == 3


def test_editing_a_machine_condition_marks_it_edited(editor):
    condition = make_condition(make_claim())
    updated = review.condition_update(condition=condition, user=editor, kind="only_if")
    assert updated.edited is True and updated.origin == Origin.MACHINE


def test_setting_a_conditions_outcome_does_not_mark_it_edited(editor):
    condition = make_condition(make_claim())
    updated = review.condition_update(condition=condition, user=editor, outcome="met")
    assert updated.edited is False


def test_deleting_a_condition_records_who_deleted_it(editor):
    condition = make_condition(make_claim())
    pk = condition.pk
    review.condition_delete(condition=condition, user=editor)
    record = Condition.history.filter(id=pk).order_by("-history_id").first()
    assert (record.history_type, record.history_user) == ("-", editor)


# --- cross-references -----------------------------------------------------------------------


def test_an_editors_link_is_confirmed_from_the_start(editor):
    first, second = (make_claim(d) for d in make_documents(2))
    link = review.crossref_create(source=first, target=second, relation="supports", user=editor)
    assert (link.status, link.origin, link.reviewed_by) == ("confirmed", Origin.EDITOR, editor)


def test_linking_claims_already_linked_the_other_way_is_refused(editor):
    first, second = (make_claim(d) for d in make_documents(2))
    make_crossref(first, second)
    with pytest.raises(ValidationError, match="already linked"):
        review.crossref_create(source=second, target=first, relation="related", user=editor)


def test_a_link_from_a_claim_to_itself_is_refused(editor):
    claim = make_claim()
    with pytest.raises(ValidationError, match="cannot reference itself"):
        review.crossref_create(source=claim, target=claim, relation="related", user=editor)


def test_reviewing_a_link_records_the_reviewer_and_may_correct_it(editor):
    first, second = (make_claim(d) for d in make_documents(2))
    link = make_crossref(first, second)
    review.crossref_review(
        crossref=link, status="confirmed", user=editor, relation="refines", conditions_differ=True
    )
    link.refresh_from_db()
    assert (link.status, link.relation, link.conditions_differ) == ("confirmed", "refines", True)
    assert link.reviewed_by == editor and last_history_user(link) == editor


# --- annotations and verdicts ---------------------------------------------------------------


def test_an_empty_note_is_refused(editor):
    with pytest.raises(ValidationError, match="cannot be empty"):
        review.annotation_create(claim=make_claim(), author=editor, body="   ")
    assert not Annotation.objects.exists()


def test_correcting_a_note_keeps_the_earlier_wording_in_history(editor):
    note = make_annotation(make_claim(), author=editor, body="Chek this.")
    review.annotation_update(annotation=note, user=editor, body="Check this.")
    assert list(note.history.order_by("history_id").values_list("body", flat=True)) == [
        "Chek this.",
        "Check this.",
    ]


def test_setting_a_verdict_twice_replaces_it(editor):
    claim = make_claim()
    review.verdict_set(claim=claim, rating="mixed", reviewer=editor)
    review.verdict_set(claim=claim, rating="mostly_true", reviewer=editor, explanation="Sourced.")
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating, verdict.rating_value, verdict.explanation) == (
        "mostly_true",
        4,
        "Sourced.",
    )
    assert verdict.history.count() == 2


def test_an_unknown_rating_is_refused(editor):
    with pytest.raises(ValidationError):
        review.verdict_set(claim=make_claim(), rating="pants_on_fire", reviewer=editor)


# --- actors ---------------------------------------------------------------------------------


def test_merging_actors_moves_every_claim_and_keeps_every_name_and_description(editor):
    peskov = make_actor("Dmitry Peskov", description="Kremlin spokesman")
    mr_peskov = make_actor(
        "Mr Peskov", aliases=["Peskov"], description="Presidential press secretary"
    )
    documents = make_documents(3)
    kept = make_claim(documents[0], speaker=peskov)
    moved = [make_claim(d, speaker=mr_peskov) for d in documents[1:]]
    merged = review.actors_merge(target=peskov, others=[mr_peskov], user=editor)
    assert set(merged.claims.values_list("pk", flat=True)) == {kept.pk, *(c.pk for c in moved)}
    assert merged.aliases == ["Mr Peskov", "Peskov"]
    assert merged.description == "Kremlin spokesman; Presidential press secretary"
    assert not Actor.objects.filter(pk=mr_peskov.pk).exists()
    for claim in moved:
        claim.refresh_from_db()
        assert claim.version == 2 and last_history_user(claim) == editor


def test_merging_keeps_the_merged_actors_history(editor):
    peskov, mr_peskov = make_actor("Dmitry Peskov"), make_actor("Mr Peskov")
    pk = mr_peskov.pk
    review.actors_merge(target=peskov, others=[mr_peskov], user=editor)
    history = Actor.history.filter(id=pk).order_by("history_id")
    assert [r.history_type for r in history] == ["+", "-"]
    assert history.last().history_user == editor and history.last().name == "Mr Peskov"


def test_an_actor_who_is_a_speaker_cannot_be_deleted(editor):
    actor = make_actor()
    make_claim(speaker=actor)
    with pytest.raises(ValidationError, match="merge the actor"):
        review.actor_delete(actor=actor, user=editor)
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_an_actor_with_no_claims_can_be_deleted(editor):
    actor = make_actor()
    review.actor_delete(actor=actor, user=editor)
    assert not Actor.objects.exists()


def test_deleting_a_user_keeps_the_claims_and_links_they_reviewed(editor):
    from claims.models import CrossReference

    first = make_claim()
    second = make_claim(first.document, content="The situation is extremely tense", cue=None)
    review.claim_review(claim=first, status="accepted", user=editor)
    link = CrossReference.objects.create(
        source=first, target=second, relation="supports", created_by=editor, reviewed_by=editor
    )
    editor.delete()
    first.refresh_from_db()
    link.refresh_from_db()
    assert first.status == "accepted" and first.reviewed_by is None and first.updated_by is None
    assert link.created_by is None and link.reviewed_by is None
