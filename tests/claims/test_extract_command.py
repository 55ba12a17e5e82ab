"""Re-running extraction (``manage.py extract`` and ``document_extract``) keeps editors' work.

The extractor is replaced by a fake returning controlled suggestions, so these tests are about
what is replaced and what is kept, not about extraction quality.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import review, services
from claims.extraction.types import ExtractedClaim
from claims.models import Claim, Condition, CrossReference, Origin
from corpus.models import Document
from tests.claims.factories import (
    extracted,
    make_annotation,
    make_claim,
    make_condition,
    make_crossref,
    make_document,
    make_documents,
    make_verdict,
    span_of,
)

pytestmark = pytest.mark.django_db

TENSE = "The situation is extremely tense"
REACT = "Russia would react “very negatively”"


@pytest.fixture
def extractor(monkeypatch):
    """Decide what the extractor finds in each document: ``extractor[document] = [...]``."""
    plan: dict[str, list[ExtractedClaim]] = {}

    class Plan:
        def __setitem__(self, document: Document, items: list[ExtractedClaim]) -> None:
            plan[document.text] = items

    monkeypatch.setattr(services, "extract_claims", lambda doc, spans: plan.get(doc.text, []))
    return Plan()


def run(*args: str) -> str:
    out, err = StringIO(), StringIO()
    try:
        call_command("extract", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue() + err.getvalue() + f"\nCommandError: {exc}"
    return out.getvalue() + err.getvalue()


def snapshot(claim: Claim) -> dict:
    """Everything stored about a claim, to show it survived untouched."""
    row = Claim.objects.filter(pk=claim.pk).values().get()
    row["conditions"] = list(claim.conditions.values("kind", "start", "end", "origin"))
    row["history"] = claim.history.count()
    return row


def tense(document: Document) -> ExtractedClaim:
    return extracted(document, TENSE, mention="Mr Peskov", cue="said", kind="direct")


# --- what is replaced ------------------------------------------------------------------------------


def test_unreviewed_machine_suggestions_are_replaced_by_the_new_ones(extractor):
    document = make_document()
    old = make_claim(document)
    make_condition(old)
    extractor[document] = [tense(document)]
    output = run()
    assert [c.text for c in document.claims.all()] == [TENSE]
    assert not Condition.objects.filter(claim_id=old.pk).exists()
    assert "1 suggestion(s) replaced by 1; 0 claim(s) kept." in output


def test_new_suggestions_come_with_their_conditions_and_speaker(extractor):
    document = make_document()
    extractor[document] = [
        extracted(
            document, REACT, conditions=(("conditional", "should the Iranian leader be killed"),)
        )
    ]
    run()
    claim = document.claims.get()
    assert (claim.origin, claim.status, claim.speaker.name) == (
        Origin.MACHINE,
        "suggested",
        "Dmitry Peskov",
    )
    assert claim.conditions.get().kind == "conditional"


def test_suggested_links_to_a_replaced_claim_are_removed(extractor):
    first, second = make_documents(2)
    old = make_claim(first)
    make_crossref(make_claim(second), old)
    run("--document", str(first.pk))
    assert not CrossReference.objects.exists()


def test_running_twice_suggests_the_same_spans(extractor):
    document = make_document()
    extractor[document] = [tense(document), extracted(document, REACT)]
    run()
    first = set(document.claims.values_list("content_start", "content_end", "kind"))
    run()
    assert set(document.claims.values_list("content_start", "content_end", "kind")) == first


# --- what is kept ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_reviewed",
    [
        pytest.param(lambda d, u: make_claim(d, status="accepted", reviewed_by=u), id="accepted"),
        pytest.param(lambda d, u: make_claim(d, status="rejected", reviewed_by=u), id="rejected"),
        pytest.param(lambda d, u: make_claim(d, edited=True), id="edited"),
        pytest.param(
            lambda d, u: make_claim(d, origin=Origin.EDITOR, status="accepted"), id="hand-made"
        ),
    ],
)
def test_reviewed_edited_and_hand_made_claims_survive_untouched(extractor, editor, make_reviewed):
    document = make_document()
    claim = make_reviewed(document, editor)
    make_condition(claim)
    before = snapshot(claim)
    extractor[document] = [extracted(document, REACT), tense(document)]
    run()
    assert snapshot(claim) == before
    assert sorted(document.claims.values_list("text", flat=True)) == sorted([claim.text, TENSE])


@pytest.mark.parametrize(
    "add_work",
    [
        pytest.param(lambda c, u: make_annotation(c, author=u), id="note"),
        pytest.param(lambda c, u: make_verdict(c, reviewer=u), id="verdict"),
        pytest.param(lambda c, u: make_condition(c, origin=Origin.EDITOR), id="editor-condition"),
        pytest.param(lambda c, u: make_condition(c, edited=True), id="edited-condition"),
        pytest.param(
            lambda c, u: make_crossref(make_claim(make_documents(1)[0]), c, status="confirmed"),
            id="confirmed-link",
        ),
        pytest.param(
            lambda c, u: make_crossref(c, make_claim(make_documents(1)[0]), status="rejected"),
            id="rejected-link",
        ),
    ],
)
def test_an_unreviewed_claim_carrying_editors_work_survives(extractor, editor, add_work):
    document = make_document()
    claim = make_claim(document)
    add_work(claim, editor)
    before = snapshot(claim)
    extractor[document] = [tense(document)]
    run("--document", str(document.pk))
    assert snapshot(claim) == before


def test_a_condition_added_through_the_services_keeps_its_claim(extractor, editor):
    document = make_document()
    claim = make_claim(document)
    start, end = span_of(document.text, "should the Iranian leader be killed")
    review.condition_create(claim=claim, kind="conditional", start=start, end=end, user=editor)
    run()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_the_machines_old_reading_of_an_edited_passage_is_not_offered_again(extractor, editor):
    document = make_document()
    claim = make_claim(document)
    start, end = span_of(document.text, "Russia would react")
    review.claim_update(claim=claim, user=editor, content_start=start, content_end=end)
    extractor[document] = [extracted(document, REACT)]  # the span the editor shortened
    run()
    assert list(document.claims.values_list("text", flat=True)) == ["Russia would react"]


def test_a_rejected_claim_is_not_suggested_again(extractor, editor):
    document = make_document()
    claim = make_claim(document)
    review.claim_review(claim=claim, status="rejected", user=editor)
    extractor[document] = [extracted(document, REACT)]
    run()
    assert list(document.claims.values_list("pk", flat=True)) == [claim.pk]


# --- the command -----------------------------------------------------------------------------------


def test_only_the_documents_named_are_re_extracted(extractor):
    first, second = make_documents(2)
    kept = make_claim(second)
    extractor[first] = [tense(first)]
    extractor[second] = [tense(second)]
    output = run("--document", str(first.pk))
    assert first.claims.get().text == TENSE
    assert list(second.claims.all()) == [kept]
    assert f"Document {first.pk} “{first.title}”" in output
    assert f"Document {second.pk}" not in output


def test_several_ids_may_follow_one_option_or_repeat_it(extractor):
    first, second, third = make_documents(3)
    for document in (first, second, third):
        extractor[document] = [tense(document)]
    output = run("--document", str(first.pk), str(second.pk), "--document", str(third.pk))
    assert "Re-ran extraction on 3 document(s)" in output


def test_the_summary_counts_removed_created_and_kept_claims(extractor, editor):
    first, second = make_documents(2)
    make_claim(first)
    make_claim(second, status="accepted")
    extractor[first] = [tense(first), extracted(first, REACT)]
    extractor[second] = [tense(second)]
    output = run()
    assert (
        "Re-ran extraction on 2 document(s): 1 unreviewed suggestion(s) removed, 3 created, "
        "1 reviewed, edited or hand-made claim(s) kept; 0 failed."
    ) in output


def test_unknown_document_ids_are_refused_by_name_and_nothing_changes(extractor):
    document = make_document()
    claim = make_claim(document)
    extractor[document] = [tense(document)]
    output = run("--document", str(document.pk), "999", "1000")
    assert "CommandError: No document with id 999, 1000." in output
    assert list(document.claims.all()) == [claim]


def test_a_non_numeric_id_is_refused():
    with pytest.raises(CommandError, match="invalid int value"):
        call_command("extract", "--document", "seven", stdout=StringIO(), stderr=StringIO())


def test_one_documents_failure_is_reported_keeps_it_intact_and_the_others_still_run(monkeypatch):
    broken, fine = make_documents(2)
    old = make_claim(broken)

    def fake(doc, spans):
        if doc.text == broken.text:
            raise RuntimeError("parser exploded")
        return [tense(fine)]

    monkeypatch.setattr(services, "extract_claims", fake)
    output = run()
    assert f"error: document {broken.pk}: RuntimeError: parser exploded" in output
    assert "CommandError: 1 document(s) failed" in output
    assert list(broken.claims.all()) == [old]
    assert fine.claims.get().text == TENSE
