"""Editors' writes: reviewing and editing claims, conditions, links, notes, verdicts, actors.

The admin, the API and the web UI call these functions and nothing else to change review data,
so the rules (validation, optimistic concurrency, who-did-what history) hold everywhere. Every
function is keyword-only, runs in one transaction and calls ``full_clean()`` before saving.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Origin, Verdict
from corpus.models import Document, Sentence


class StaleVersion(Exception):
    """The claim changed since the editor loaded it: their save would overwrite someone's work."""

    def __init__(self, claim: Claim, expected: int) -> None:
        super().__init__(
            f"Claim {claim.pk} was changed by someone else (version {claim.version}, "
            f"you edited version {expected}). Reload it and apply your change again."
        )
        self.claim = claim
        self.expected = expected


#: Claim fields an editor may change; changing any of the first group marks a machine claim edited.
CLAIM_CONTENT_FIELDS = (
    "content_start", "content_end", "cue_start", "cue_end", "speaker", "speaker_start",
    "speaker_end", "kind",
)  # fmt: skip
CLAIM_EDITABLE_FIELDS = (*CLAIM_CONTENT_FIELDS, "status", "check_worthiness")


def _with_user(instance, user):
    """Tell django-simple-history who made the change (also outside a request)."""
    instance._history_user = user
    return instance


def _link_sentences(claim: Claim) -> None:
    claim.sentences.set(
        Sentence.objects.overlapping(claim.document_id, claim.content_start, claim.content_end)
    )


def _locked_claim(claim: Claim | int, expected_version: int | None) -> Claim:
    pk = claim.pk if isinstance(claim, Claim) else claim
    current = Claim.objects.select_for_update().select_related("document").get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current, expected_version)
    return current


def claim_lock(*, claim: Claim | int, expected_version: int | None = None) -> Claim:
    """Lock a claim's row for the rest of the transaction, refusing a stale version.

    For writes that change a claim's related rows (conditions, links, notes) but not the claim
    itself: the editor's form carried the version they saw, and a concurrent change wins.
    Must be called inside ``transaction.atomic``.
    """
    return _locked_claim(claim, expected_version)


@transaction.atomic
def claim_update(
    *, claim: Claim | int, user, expected_version: int | None = None, **changes: Any
) -> Claim:
    """Change a claim's spans, speaker, kind, status or score.

    Refuses (``StaleVersion``) when ``expected_version`` is given and is not the stored one.
    An edit to a machine claim keeps its origin and marks it ``edited``; a status change
    records the reviewer and time.
    """
    unknown = set(changes) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    current = _locked_claim(claim, expected_version)
    spans_before = (current.content_start, current.content_end)
    content_changed = False
    for name, value in changes.items():
        before = getattr(current, name)
        if before != value:
            setattr(current, name, value)
            content_changed |= name in CLAIM_CONTENT_FIELDS
    if "status" in changes:
        current.reviewed_by = user
        current.reviewed_at = timezone.now()
    if content_changed:
        current.edited = True
    if current.kind == Claim.Kind.ASSERTION and "kind" in changes and "speaker" not in changes:
        current.speaker = None
        current.speaker_start = current.speaker_end = None
    current.updated_by = user
    current.version += 1
    current.full_clean(exclude=["sentences"])
    _with_user(current, user).save()
    if (current.content_start, current.content_end) != spans_before:
        _link_sentences(current)
    return current


def claim_review(
    *, claim: Claim | int, status: str, user, expected_version: int | None = None
) -> Claim:
    """Accept, reject or reopen a claim."""
    if status not in Claim.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    return claim_update(claim=claim, user=user, expected_version=expected_version, status=status)


@transaction.atomic
def claims_review(*, claims, status: str, user) -> int:
    """Set the status of many claims at once (admin and review-queue bulk actions)."""
    count = 0
    for claim in claims:
        claim_review(claim=claim, status=status, user=user)
        count += 1
    return count


@transaction.atomic
def claim_delete(*, claim: Claim, user) -> None:
    """Delete a claim an editor made by mistake (with its conditions, links, notes and verdict).

    Machine claims are rejected instead, never deleted: a deleted suggestion would come back at
    the next extraction, while a rejected one is remembered.
    """
    if claim.origin == Origin.MACHINE:
        raise ValidationError(
            "Machine claims cannot be deleted: reject the claim instead, so that re-running "
            "extraction does not suggest it again."
        )
    _with_user(claim, user).delete()


@transaction.atomic
def claim_create(
    *,
    document: Document,
    user,
    content_start: int,
    content_end: int,
    kind: str,
    speaker: Actor | None = None,
    speaker_start: int | None = None,
    speaker_end: int | None = None,
    cue_start: int | None = None,
    cue_end: int | None = None,
    status: str = Claim.Status.ACCEPTED,
    check_worthiness: float = 0.5,
) -> Claim:
    """Add a claim the machine missed, by choosing spans of a document."""
    claim = Claim(
        document=document,
        content_start=content_start,
        content_end=content_end,
        cue_start=cue_start,
        cue_end=cue_end,
        speaker=speaker,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        kind=kind,
        status=status,
        origin=Origin.EDITOR,
        check_worthiness=check_worthiness,
        created_by=user,
        updated_by=user,
        reviewed_by=user if status != Claim.Status.SUGGESTED else None,
        reviewed_at=timezone.now() if status != Claim.Status.SUGGESTED else None,
    )
    claim.full_clean(exclude=["sentences"])
    _with_user(claim, user).save()
    _link_sentences(claim)
    return claim


def _touch_claim(claim: Claim, user) -> None:
    """A change to a claim's conditions is a change to the claim.

    Its version goes up (counted in the database, so a stale in-memory claim cannot lower it)
    and a machine claim is marked edited, so re-extraction keeps the editor's conditions.
    """
    Claim.objects.filter(pk=claim.pk).update(
        version=F("version") + 1,
        updated_by=user,
        edited=Case(When(origin=Origin.MACHINE, then=Value(True)), default=F("edited")),
    )
    claim.version, claim.edited = Claim.objects.values_list("version", "edited").get(pk=claim.pk)


def condition_bounds(claim: Claim) -> tuple[int, int]:
    """The offsets a condition of ``claim`` must lie between.

    A condition lies in its claim's sentences (those linked, and those its content span overlaps,
    which covers a claim not saved yet) or in the sentence just before them (a question).
    """
    indexes = set(
        Sentence.objects.overlapping(
            claim.document_id, claim.content_start, claim.content_end
        ).values_list("index", flat=True)
    )
    if claim.pk is not None:
        indexes |= set(claim.sentences.values_list("index", flat=True))
    if not indexes:
        return claim.content_start, claim.content_end
    rows = Sentence.objects.filter(
        document_id=claim.document_id,
        index__gte=max(0, min(indexes) - 1),
        index__lte=max(indexes),
    ).values_list("start", "end")
    return min(start for start, _ in rows), max(end for _, end in rows)


def _check_condition_inside(condition: Condition) -> None:
    """A condition lies in its claim's sentences (or the sentence just before: a question)."""
    lo, hi = condition_bounds(condition.claim)
    if not (lo <= condition.start and condition.end <= hi):
        raise ValidationError(
            {"start": f"A condition must lie inside its claim's sentences (offsets {lo} to {hi})."}
        )


@transaction.atomic
def condition_create(
    *, claim: Claim, kind: str, start: int, end: int, user, expected_version: int | None = None
) -> Condition:
    """Add a condition an editor found; it bounds ``claim``.

    With ``expected_version``, refuses (``StaleVersion``) when the claim changed since it was read.
    """
    if expected_version is not None:
        claim = _locked_claim(claim, expected_version)
    condition = Condition(claim=claim, kind=kind, start=start, end=end, origin=Origin.EDITOR)
    condition.full_clean()
    _check_condition_inside(condition)
    _with_user(condition, user).save()
    _touch_claim(claim, user)
    return condition


@transaction.atomic
def condition_update(*, condition: Condition, user, **changes: Any) -> Condition:
    """Change a condition's kind, span or outcome; a machine condition is marked edited."""
    allowed = {"kind", "start", "end", "outcome", "outcome_sentence"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    for name, value in changes.items():
        setattr(condition, name, value)
    if condition.origin == Origin.MACHINE and {"kind", "start", "end"} & set(changes):
        condition.edited = True
    condition.full_clean()
    _check_condition_inside(condition)
    _with_user(condition, user).save()
    _touch_claim(condition.claim, user)
    return condition


@transaction.atomic
def condition_delete(*, condition: Condition, user) -> None:
    claim = condition.claim
    _with_user(condition, user).delete()
    _touch_claim(claim, user)


@transaction.atomic
def crossref_create(
    *,
    source: Claim,
    target: Claim,
    relation: str,
    user,
    note: str = "",
    conditions_differ: bool = False,
) -> CrossReference:
    """An editor links two claims; the link is confirmed from the start."""
    existing = CrossReference.objects.filter(source=target, target=source).first()
    if existing is not None:
        raise ValidationError({"target": f"These claims are already linked (link {existing.pk})."})
    link = CrossReference(
        source=source,
        target=target,
        relation=relation,
        score=1.0,
        status=CrossReference.Status.CONFIRMED,
        origin=Origin.EDITOR,
        note=note,
        conditions_differ=conditions_differ,
        created_by=user,
        reviewed_by=user,
        reviewed_at=timezone.now(),
    )
    link.full_clean()
    _with_user(link, user).save()
    return link


@transaction.atomic
def crossref_review(
    *,
    crossref: CrossReference,
    status: str,
    user,
    relation: str | None = None,
    note: str | None = None,
    conditions_differ: bool | None = None,
) -> CrossReference:
    """Confirm or reject a suggested link (optionally correcting its relation or note)."""
    if status not in CrossReference.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    crossref.status = status
    if relation is not None:
        crossref.relation = relation
    if note is not None:
        crossref.note = note
    if conditions_differ is not None:
        crossref.conditions_differ = conditions_differ
    crossref.reviewed_by = user
    crossref.reviewed_at = timezone.now()
    crossref.full_clean()
    _with_user(crossref, user).save()
    return crossref


@transaction.atomic
def annotation_create(
    *, claim: Claim, author, body: str, start: int | None = None, end: int | None = None
) -> Annotation:
    annotation = Annotation(claim=claim, author=author, body=body, start=start, end=end)
    annotation.full_clean()
    _with_user(annotation, author).save()
    return annotation


@transaction.atomic
def annotation_update(
    *, annotation: Annotation, user, body: str, start: int | None = None, end: int | None = None
) -> Annotation:
    """Correct a note's text or span; the history keeps the earlier wording and who changed it."""
    annotation.body, annotation.start, annotation.end = body, start, end
    annotation.full_clean()
    _with_user(annotation, user).save()
    return annotation


@transaction.atomic
def annotation_delete(*, annotation: Annotation, user) -> None:
    _with_user(annotation, user).delete()


@transaction.atomic
def verdict_set(
    *,
    claim: Claim,
    rating: str,
    reviewer,
    explanation: str = "",
    reviewed_on: dt.date | None = None,
) -> Verdict:
    """Create or replace the verdict on a claim."""
    verdict = Verdict.objects.filter(claim=claim).first() or Verdict(claim=claim)
    verdict.rating = rating
    verdict.explanation = explanation
    verdict.reviewer = reviewer
    verdict.reviewed_on = reviewed_on or timezone.localdate()
    verdict.full_clean()
    _with_user(verdict, reviewer).save()
    return verdict


@transaction.atomic
def verdict_delete(*, verdict: Verdict, user) -> None:
    _with_user(verdict, user).delete()


@transaction.atomic
def actor_delete(*, actor: Actor, user) -> None:
    """Delete an actor nobody is recorded as saying anything (others are merged instead)."""
    if Claim.objects.filter(speaker=actor).exists():
        raise ValidationError(
            f"{actor.name} is the speaker of claims: merge the actor into another one instead."
        )
    _with_user(actor, user).delete()


@transaction.atomic
def actors_merge(*, target: Actor, others, user) -> Actor:
    """Merge ``others`` into ``target``: their claims move, their names become aliases.

    Nothing is lost: every name becomes an alias, every description not already part of the
    target's is appended, and the merged actors' history stays readable after their deletion.
    """
    others = [actor for actor in others if actor.pk != target.pk]
    if not others:
        return target
    target = Actor.objects.select_for_update().get(pk=target.pk)
    aliases = set(target.aliases)
    descriptions = [target.description] if target.description else []
    for actor in others:
        aliases |= {actor.name, *actor.aliases}
        if actor.description and all(actor.description not in d for d in descriptions):
            descriptions.append(actor.description)
    target.description = "; ".join(descriptions)
    aliases.discard(target.name)
    for claim in Claim.objects.filter(speaker__in=others):
        claim.speaker = target
        claim.version += 1
        claim.updated_by = user
        _with_user(claim, user).save(
            update_fields=["speaker", "version", "updated_by", "updated_at"]
        )
    for actor in others:
        _with_user(actor, user).delete()
    target.aliases = sorted(aliases)
    target.full_clean()
    _with_user(target, user).save()
    return target


ACTOR_EDITABLE_FIELDS = ("name", "kind", "aliases", "description")


@transaction.atomic
def actor_create(
    *, user, name: str, kind: str = Actor.Kind.PERSON, aliases=(), description: str = ""
) -> Actor:
    """Add a speaker the machine has not met yet (e.g. for a hand-made claim)."""
    actor = Actor(name=name, kind=kind, aliases=list(aliases), description=description)
    actor.full_clean()
    _with_user(actor, user).save()
    return actor


@transaction.atomic
def actor_update(*, actor: Actor, user, **changes: Any) -> Actor:
    """Rename an actor, change its kind, aliases or description."""
    unknown = set(changes) - set(ACTOR_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    for name, value in changes.items():
        setattr(actor, name, value)
    actor.full_clean()
    _with_user(actor, user).save()
    return actor
