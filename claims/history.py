"""A claim's change history, with the history of what editors attach to it.

Every change to a claim, its conditions, notes, verdict and links is kept by
django-simple-history; this module reads them back for the API and the claim page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from claims.models import Annotation, Claim, Condition, CrossReference, Verdict

#: Per kind of record in a claim's history, the fields whose changes it shows (bookkeeping
#: fields left out): the claim itself and what editors attach to it.
HISTORY_FIELDS: dict[str, tuple[type, tuple[str, ...]]] = {
    "claim": (
        Claim,
        (
            "document", "content_start", "content_end", "cue_start", "cue_end", "speaker",
            "speaker_start", "speaker_end", "kind", "status", "origin", "edited",
            "check_worthiness",
        ),
    ),
    "condition": (
        Condition, ("kind", "start", "end", "origin", "edited", "outcome", "outcome_sentence")
    ),
    "annotation": (Annotation, ("body", "start", "end")),
    "verdict": (Verdict, ("rating", "explanation", "reviewed_on")),
    "crossref": (
        CrossReference,
        ("source", "target", "relation", "score", "status", "origin", "conditions_differ", "note"),
    ),
}  # fmt: skip
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def history_rows(records: list, subject: str = "claim") -> list[dict[str, Any]]:
    """Per record, the fields that differ from the same object's record before (all of them
    for its first), oldest first within each object."""
    model, fields = HISTORY_FIELDS[subject]
    attnames = [(name, model._meta.get_field(name).attname) for name in fields]
    rows = []
    previous: dict[int, Any] = {}
    for record in records:
        before_record = previous.get(record.id)
        changes = []
        for name, attname in attnames:
            after = getattr(record, attname)
            before = getattr(before_record, attname) if before_record is not None else None
            if before_record is None or before != after:
                changes.append({"field": name, "before": before, "after": after})
        rows.append(
            {
                "id": record.history_id,
                "subject": {"type": subject, "id": record.id},
                "date": record.history_date,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type),
                "user": record.history_user.get_username() if record.history_user else None,
                "version": record.version if subject == "claim" else None,
                "changes": changes,
            }
        )
        previous[record.id] = record
    return rows


def claim_history_rows(claim: Claim) -> list[dict[str, Any]]:
    """Every saved state of the claim and of its conditions, notes, verdict and links, oldest
    first (five queries, whatever the length of the history)."""
    sources = [
        ("claim", claim.history.all()),
        ("condition", Condition.history.filter(claim_id=claim.pk)),
        ("annotation", Annotation.history.filter(claim_id=claim.pk)),
        ("verdict", Verdict.history.filter(claim_id=claim.pk)),
        ("crossref", CrossReference.history.filter(Q(source_id=claim.pk) | Q(target_id=claim.pk))),
    ]
    rows = []
    for subject, records in sources:
        records = records.select_related("history_user").order_by("history_date", "history_id")
        rows.extend(history_rows(list(records), subject))
    rows.sort(key=lambda row: row["date"])  # stable: each object's own order is kept
    return rows
