"""Model factories for the API tests: documents with sentences, and review data made through
``claims.review`` (as editors make it), so tests exercise the real rules."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claims import review
from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Verdict
from corpus.ingestion import content_hash
from corpus.models import Document, Sentence

SENTENCE = re.compile(r"[^\s][^.!?]*[.!?]")


def make_document(text: str, **fields) -> Document:
    """A document whose sentences are split at full stops (no language model needed)."""
    document = Document.objects.create(text=text, content_hash=content_hash(text), **fields)
    Sentence.objects.bulk_create(
        Sentence(document=document, index=i, start=m.start(), end=m.end(), text=m.group())
        for i, m in enumerate(SENTENCE.finditer(text))
    )
    return document


def span(document: Document, fragment: str) -> tuple[int, int]:
    start = document.text.index(fragment)
    return start, start + len(fragment)


def make_claim(
    document: Document,
    content: str,
    *,
    user,
    status: str = Claim.Status.ACCEPTED,
    kind: str = Claim.Kind.INDIRECT,
    speaker: Actor | None = None,
    cue: str | None = None,
    mention: str | None = None,
) -> Claim:
    start, end = span(document, content)
    extra = {}
    if cue:
        extra["cue_start"], extra["cue_end"] = span(document, cue)
    if mention:
        extra["speaker_start"], extra["speaker_end"] = span(document, mention)
    return review.claim_create(
        document=document, user=user, content_start=start, content_end=end, kind=kind,
        status=status, speaker=speaker, **extra,
    )  # fmt: skip


PORTS_TEXT = (
    "Ports reopen after storm.\n\n"
    "The minister said the ports would reopen only if the storm passed. "
    "Critics warned that the repairs were not finished. "
    "The harbour handled 20 million tonnes last year."
)
TALKS_TEXT = (
    "Talks stall.\n\n"
    "Officials said the ports would reopen within two weeks. "
    "Unions =rejected the plan, calling it reckless."
)


@dataclass
class Corpus:
    ports: Document
    talks: Document
    minister: Actor
    critics: Actor
    accepted: Claim
    suggested: Claim
    rejected: Claim
    other_accepted: Claim
    condition: Condition
    link: CrossReference
    note: Annotation
    verdict: Verdict


def build_corpus(editor) -> Corpus:
    ports = make_document(
        PORTS_TEXT, title="Ports reopen", outlet="Wire", url="https://wire.example/ports",
        published=dt.date(2025, 3, 1),
    )  # fmt: skip
    talks = make_document(
        TALKS_TEXT, title="Talks stall", outlet="Daily", published=dt.date(2025, 3, 4)
    )
    minister = review.actor_create(user=editor, name="Ana Minister", aliases=["the minister"])
    critics = review.actor_create(user=editor, name="Critics", kind=Actor.Kind.GROUP)
    accepted = make_claim(
        ports, "the ports would reopen only if the storm passed", user=editor,
        speaker=minister, cue="said", mention="The minister",
    )  # fmt: skip
    suggested = make_claim(
        ports, "the repairs were not finished", user=editor, speaker=critics, cue="warned",
        mention="Critics", status=Claim.Status.SUGGESTED,
    )  # fmt: skip
    rejected = make_claim(
        ports, "The harbour handled 20 million tonnes last year.", user=editor,
        kind=Claim.Kind.ASSERTION, status=Claim.Status.REJECTED,
    )  # fmt: skip
    other = make_claim(talks, "the ports would reopen within two weeks", user=editor, cue="said")
    start, end = span(ports, "only if the storm passed")
    condition = review.condition_create(
        claim=accepted, kind=Condition.Kind.ONLY_IF, start=start, end=end, user=editor
    )
    link = review.crossref_create(
        source=other, target=accepted, relation=CrossReference.Relation.SAME_CLAIM,
        user=editor, note="Same reopening claim.", conditions_differ=True,
    )  # fmt: skip
    note = review.annotation_create(claim=accepted, author=editor, body="Check the forecast.")
    verdict = review.verdict_set(
        claim=accepted, rating="mostly_true", reviewer=editor, explanation="Storm passed.",
        reviewed_on=dt.date(2025, 3, 10),
    )  # fmt: skip
    accepted.refresh_from_db()
    return Corpus(
        ports, talks, minister, critics, accepted, suggested, rejected, other, condition, link,
        note, verdict,
    )  # fmt: skip
