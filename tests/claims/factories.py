"""Small factories for documents, sentences, actors, claims and their review data.

Spans are given as quotes (the exact words as they appear in the document), so tests read like the
articles they are about; each factory finds the quote's offsets and fails loudly when the quote is
absent or ambiguous. Rows are made directly with the models (as the machine's extraction stores
them); tests of editors' work should call ``claims.review`` instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from django.contrib.auth.models import Group, User

from claims.extraction.types import ExtractedClaim, ExtractedCondition, ExtractedSpeaker, Span
from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Origin, Verdict
from claims.permissions import EDITORS_GROUP
from corpus.ingestion import content_hash
from corpus.models import Document, Sentence

#: A seed-like article: a speaker, a cue, a quote, a condition, and a negated qualification.
PESKOV_TEXT = (
    "The Kremlin has issued a stern warning against any attempt to destabilise Iran’s leadership.\n"
    "Kremlin spokesman Dmitry Peskov told Sky News that Russia would react “very negatively” "
    "should the Iranian leader be killed.\n"
    "“The situation is extremely tense,” said Mr Peskov.\n"
    "Putin also clarified that their treaty is not a mutual defence pact."
)

_SENTENCE = re.compile(r"\S.*?(?:[.!?][\"”’)]*(?=\s|\Z)|\Z)", re.S)
_counter = itertools.count(1)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """A plain split at sentence-final punctuation followed by white space (enough for tests)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]


def span_of(text: str, quote: str, *, after: int = 0) -> tuple[int, int]:
    """The offsets of the single occurrence of ``quote`` in ``text`` at or after ``after``."""
    start = text.find(quote, after)
    if start < 0:
        raise AssertionError(f"{quote!r} does not occur in the text")
    if text.find(quote, start + 1) >= 0:
        raise AssertionError(f"{quote!r} occurs more than once; pass after=")
    return start, start + len(quote)


def make_document(text: str = PESKOV_TEXT, **fields) -> Document:
    """A stored document with its sentences (split by :func:`sentence_spans`)."""
    fields.setdefault("title", f"Article {next(_counter)}")
    document = Document(text=text, content_hash=content_hash(text), **fields)
    document.full_clean()
    document.save()
    Sentence.objects.bulk_create(
        Sentence(document=document, index=i, start=s, end=e, text=text[s:e])
        for i, (s, e) in enumerate(sentence_spans(text))
    )
    return document


def make_documents(count: int, **fields) -> list[Document]:
    """``count`` distinct documents (each text is unique, so each hash is)."""
    return [
        make_document(f"{PESKOV_TEXT}\nThis is report number {next(_counter)}.", **fields)
        for _ in range(count)
    ]


def make_actor(name: str = "Dmitry Peskov", *, kind: str = Actor.Kind.PERSON, **fields) -> Actor:
    actor = Actor(name=name, kind=kind, **fields)
    actor.full_clean()
    actor.save()
    return actor


def make_claim(
    document: Document | None = None,
    *,
    content: str = "Russia would react “very negatively”",
    cue: str | None = "told",
    speaker: Actor | None = None,
    speaker_mention: str | None = "Dmitry Peskov",
    kind: str = Claim.Kind.INDIRECT,
    status: str = Claim.Status.SUGGESTED,
    origin: str = Origin.MACHINE,
    check_worthiness: float = 0.5,
    **fields,
) -> Claim:
    """A claim whose spans are found by quote, linked to the sentences its content overlaps."""
    document = document or make_document()
    text = document.text
    content_start, content_end = span_of(text, content)
    claim = Claim(
        document=document,
        content_start=content_start,
        content_end=content_end,
        kind=kind,
        status=status,
        origin=origin,
        check_worthiness=check_worthiness,
        speaker=speaker,
        **fields,
    )
    if cue is not None:
        claim.cue_start, claim.cue_end = span_of(text, cue)
    if speaker_mention is not None and kind != Claim.Kind.ASSERTION:
        claim.speaker_start, claim.speaker_end = span_of(text, speaker_mention)
    claim.full_clean(exclude=["sentences"])
    claim.save()
    claim.sentences.set(Sentence.objects.overlapping(document.pk, content_start, content_end))
    return claim


def make_condition(
    claim: Claim,
    quote: str = "should the Iranian leader be killed",
    *,
    kind: str = Condition.Kind.CONDITIONAL,
    origin: str = Origin.MACHINE,
    **fields,
) -> Condition:
    start, end = span_of(claim.document.text, quote)
    condition = Condition(claim=claim, kind=kind, start=start, end=end, origin=origin, **fields)
    condition.full_clean()
    condition.save()
    return condition


def make_crossref(
    source: Claim,
    target: Claim,
    *,
    relation: str = CrossReference.Relation.SAME_CLAIM,
    status: str = CrossReference.Status.SUGGESTED,
    origin: str = Origin.MACHINE,
    score: float = 0.8,
) -> CrossReference:
    link = CrossReference(
        source=source, target=target, relation=relation, status=status, origin=origin, score=score
    )
    link.full_clean()
    link.save()
    return link


def make_annotation(
    claim: Claim, *, author: User | None = None, body: str = "Check this."
) -> Annotation:
    annotation = Annotation(claim=claim, author=author, body=body)
    annotation.full_clean()
    annotation.save()
    return annotation


def make_verdict(
    claim: Claim, *, rating: str = Verdict.Rating.MIXED, reviewer: User | None = None
) -> Verdict:
    verdict = Verdict(
        claim=claim, rating=rating, reviewer=reviewer, reviewed_on=dt.date(2025, 6, 20)
    )
    verdict.full_clean()
    verdict.save()
    return verdict


def make_user(username: str, *, editor: bool = False, staff: bool = False) -> User:
    """A user; ``editor`` puts them in the editors group, ``staff`` lets them into the admin."""
    user = User.objects.create_user(username, f"{username}@example.org", f"{username}-password-1")
    user.is_staff = staff
    user.save(update_fields=["is_staff"])
    if editor:
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def extracted(
    document: Document,
    content: str,
    *,
    speaker: str | None = "Dmitry Peskov",
    mention: str | None = "Dmitry Peskov",
    cue: str | None = "told",
    kind: str = "indirect",
    conditions: tuple[tuple[str, str], ...] = (),
) -> ExtractedClaim:
    """What the extractor would return for ``content`` (for monkeypatching ``extract_claims``)."""
    text = document.text

    def span(quote: str | None) -> Span | None:
        return None if quote is None else Span(*span_of(text, quote))

    content_span = span(content)
    indices = tuple(
        s.index
        for s in Sentence.objects.overlapping(document.pk, content_span.start, content_span.end)
    )
    return ExtractedClaim(
        kind=kind,
        content=content_span,
        cue=span(cue),
        speaker=ExtractedSpeaker(name=speaker, kind="person") if speaker else None,
        speaker_mention=span(mention) if speaker else None,
        sentence_indices=indices,
        check_worthiness=0.6,
        conditions=tuple(ExtractedCondition(kind=k, span=span(q)) for k, q in conditions),
    )
