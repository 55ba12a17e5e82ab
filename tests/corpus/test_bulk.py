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


def _rows(model, pks) -> list[dict]:
    ignored = {"id", "created_at", "updated_at"}
    rows = model.objects.filter(pk__in=pks).order_by("pk").values()
    return [{k: v for k, v in row.items() if k not in ignored} for row in rows]


@pytest.mark.django_db
def test_insert_objects_stores_what_bulk_create_stores():
    import datetime as dt

    from claims.models import Actor
    from corpus.bulk import insert_objects
    from corpus.models import Document

    def documents(suffix: str) -> list[Document]:
        return [
            Document(
                text=f"Text {n}{suffix}", content_hash=f"{n}{suffix}", title="T",
                published=dt.date(2024, 5, n), outlet="Wire",
            )
            for n in (1, 2, 3)
        ]  # fmt: skip

    ours = insert_objects(documents("a"), Document)
    theirs = Document.objects.bulk_create(documents("b"))
    assert all(d.pk and not d._state.adding and d.created_at for d in ours)
    assert [
        {**row, "text": row["text"][:-1], "content_hash": row["content_hash"][:-1]}
        for row in _rows(Document, [d.pk for d in ours])
    ] == [
        {**row, "text": row["text"][:-1], "content_hash": row["content_hash"][:-1]}
        for row in _rows(Document, [d.pk for d in theirs])
    ]
    assert [Document.objects.get(pk=d.pk).text for d in ours] == [d.text for d in ours]
    actors = insert_objects(
        [Actor(name="Ana Lima", kind="person", aliases=["Ms Lima", "Lima"])], Actor
    )
    stored = Actor.objects.get(pk=actors[0].pk)
    assert stored.aliases == ["Ms Lima", "Lima"] and stored.updated_at == actors[0].updated_at


@pytest.mark.django_db
def test_insert_objects_goes_in_chunks_and_keeps_the_order_of_the_keys():
    from corpus.bulk import insert_objects
    from corpus.models import Document, Sentence

    document = Document.objects.create(text="abc " * 150, content_hash="chunks")
    sentences = [
        Sentence(document=document, index=i, start=i, end=i + 1, text=document.text[i])
        for i in range(450)
    ]
    insert_objects(sentences, Sentence)
    stored = dict(Sentence.objects.filter(document=document).values_list("pk", "index"))
    assert [stored[s.pk] for s in sentences] == list(range(450))


@pytest.mark.django_db
def test_insert_objects_draws_keys_that_later_inserts_do_not_reuse():
    from corpus.bulk import insert_objects
    from corpus.models import Document

    before = Document.objects.create(text="before", content_hash="before")
    ours = insert_objects(
        [Document(text=f"t{n}", content_hash=f"h{n}") for n in range(3)], Document
    )
    after = Document.objects.create(text="after", content_hash="after")
    keys = [before.pk, *(d.pk for d in ours), after.pk]
    assert keys == sorted(set(keys))


@pytest.mark.django_db
def test_insert_objects_reports_a_broken_constraint_as_an_integrity_error():
    from django.db import IntegrityError, transaction

    from corpus.bulk import insert_objects
    from corpus.models import Document

    Document.objects.create(text="first", content_hash="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_objects([Document(text="second", content_hash="same")], Document)
    assert list(Document.objects.values_list("text", flat=True)) == ["first"]
