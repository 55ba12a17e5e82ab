"""Factories for linking, families and search tests: spans are the first occurrence of a quote."""

from __future__ import annotations

import datetime as dt

from claims.models import Actor, Claim, Condition
from corpus.ingestion import content_hash
from corpus.models import Document


def make_document(text: str, *, published: dt.date | None = None, title: str = "") -> Document:
    return Document.objects.create(
        text=text, content_hash=content_hash(text), published=published, title=title
    )


def make_actor(name: str, kind: str = Actor.Kind.PERSON) -> Actor:
    return Actor.objects.get_or_create(name=name, kind=kind)[0]


def make_claim(
    document: Document,
    content: str,
    *,
    speaker: Actor | None = None,
    kind: str | None = None,
    conditions: tuple[tuple[str, str], ...] = (),
    status: str = Claim.Status.SUGGESTED,
) -> Claim:
    """A claim whose content is the first occurrence of ``content`` in the document's text."""
    start = document.text.index(content)
    claim = Claim(
        document=document,
        content_start=start,
        content_end=start + len(content),
        speaker=speaker,
        kind=kind or (Claim.Kind.INDIRECT if speaker else Claim.Kind.ASSERTION),
        status=status,
    )
    claim.full_clean(exclude=["sentences"])
    claim.save()
    for condition_kind, text in conditions:
        begin = document.text.index(text)
        Condition.objects.create(
            claim=claim, kind=condition_kind, start=begin, end=begin + len(text), text=text
        )
    return claim
