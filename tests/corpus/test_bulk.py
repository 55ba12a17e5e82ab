"""Plain bulk writes store exactly what the ORM would."""

from __future__ import annotations

import pytest
from simple_history.utils import bulk_create_with_history

from claims.models import Claim, Origin
from corpus.bulk import create_with_history
from tests.claims.factories import make_document


def _claims(document, kind: str) -> list[Claim]:
    return [
        Claim(
            document=document, content_start=start, content_end=start + 10,
            text=document.text[start : start + 10], kind=kind, origin=Origin.MACHINE,
            status=Claim.Status.SUGGESTED, check_worthiness=0.25,
        )
        for start in (0, 20)
    ]  # fmt: skip


def _history(claims: list[Claim]) -> list[dict]:
    rows = Claim.history.filter(id__in=[c.pk for c in claims]).order_by("id").values()
    ignored = {"id", "history_id", "history_date", "created_at", "updated_at"}
    return [{k: v for k, v in row.items() if k not in ignored} for row in rows]


@pytest.mark.django_db
def test_history_rows_written_in_bulk_match_those_of_simple_history():
    document = make_document()
    ours = create_with_history(_claims(document, Claim.Kind.DIRECT), Claim)
    theirs = bulk_create_with_history(_claims(document, Claim.Kind.DIRECT), Claim)
    assert len(_history(ours)) == 2
    assert _history(ours) == _history(theirs)


@pytest.mark.django_db
def test_a_history_row_written_in_bulk_reads_back_as_a_creation_with_its_timestamps():
    document = make_document()
    claim = create_with_history(_claims(document, Claim.Kind.INDIRECT), Claim)[0]
    record = Claim.history.get(id=claim.pk)
    stored = Claim.objects.get(pk=claim.pk)
    assert record.history_type == "+"
    assert record.history_user is None
    assert (record.created_at, record.updated_at) == (stored.created_at, stored.updated_at)
    assert record.history_date >= stored.created_at
