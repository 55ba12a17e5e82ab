"""Small factories for the web UI tests: documents with sentences, and claims made by an editor.

Documents are split into sentences with a plain pattern (no spaCy) so the tests stay fast;
claims go through ``claims.review`` exactly as an editor's would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from itertools import count

from claims import review
from claims.models import Actor, Claim, Condition
from corpus.models import Document, Sentence

_numbers = count(1)


def make_document(
    text: str, *, title: str = "", published: dt.date | None = None, outlet: str = "Tribune"
) -> Document:
    number = next(_numbers)
    document = Document.objects.create(
        title=title or f"Article {number}",
        outlet=outlet,
        published=published,
        text=text,
        content_hash=hashlib.sha256(f"{number}:{text}".encode()).hexdigest(),
    )
    Sentence.objects.bulk_create(
        Sentence(document=document, index=i, start=m.start(), end=m.end(), text=m.group())
        for i, m in enumerate(re.finditer(r"\S[^.!?\n]*[.!?]?", text))
    )
    return document


def make_actor(name: str = "Dmitry Peskov", **fields) -> Actor:
    return Actor.objects.get_or_create(name=name, kind=Actor.Kind.PERSON, defaults=fields)[0]


def make_claim(
    document: Document,
    content: str,
    *,
    user=None,
    speaker: Actor | None = None,
    mention: str | None = None,
    cue: str | None = None,
    status: str = Claim.Status.SUGGESTED,
    kind: str | None = None,
    conditions: tuple[tuple[str, str], ...] = (),
    worthiness: float = 0.5,
) -> Claim:
    """A claim on the first occurrence of ``content`` (cue and mention: first occurrences too).

    Without a ``kind``, a claim with a speaker is indirect and one without is an assertion.
    """
    text = document.text
    start = text.index(content)
    spans = {}
    for name, phrase in (("cue", cue), ("speaker", mention)):
        if phrase:
            at = text.index(phrase)
            spans[f"{name}_start"], spans[f"{name}_end"] = at, at + len(phrase)
    claim = review.claim_create(
        document=document, user=user, content_start=start, content_end=start + len(content),
        kind=kind or (Claim.Kind.INDIRECT if speaker else Claim.Kind.ASSERTION),
        speaker=speaker, status=status, check_worthiness=worthiness, **spans,
    )  # fmt: skip
    for condition_kind, phrase in conditions:
        at = text.index(phrase)
        review.condition_create(
            claim=claim, kind=condition_kind, start=at, end=at + len(phrase), user=user
        )
    claim.refresh_from_db()
    return claim


def add_condition(claim: Claim, phrase: str, kind: str = Condition.Kind.CONDITIONAL) -> Condition:
    at = claim.document.text.index(phrase)
    return review.condition_create(
        claim=claim, kind=kind, start=at, end=at + len(phrase), user=None
    )
