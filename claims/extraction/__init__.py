"""Claim extraction over a parsed spaCy ``Doc``: who claimed what, in which words, under which
conditions, and where.

Public API::

    extract_claims(doc, sentences) -> list[ExtractedClaim]
    actor_key(name) -> str
    identifying_alias(alias) -> bool
    same_actor(a, b) -> bool

``doc`` is the parse of the whole document; ``sentences`` are document-level ``(start, end)``
character offsets from the segmenter, and claims' ``sentence_indices`` index into that list.
The extractor is pure Python over the parse: no model calls, no re-parsing, no Django.

Pipeline (each step is one linear pass):

1. pair quotation marks (:mod:`.quotes`);
2. find attributed claims from cue frames in the parse, then attribute remaining quotations to
   a speech verb of their sentence or, failing that, to the previous speaker
   (:mod:`.attribution`), resolving speakers (:mod:`.speakers`);
3. turn the remaining check-worthy sentences into ``assertion`` claims (:mod:`.assertions`);
   a sentence whose condition bounds a consequence with a tensed or modal verb and a
   non-generic subject ("If the council does not act, the protests will continue") is one,
   so that the condition has a claim to bound;
4. attach conditions (:mod:`.conditions`) to the claims they bound.

Headings, questions, bylines, datelines and boilerplate lines never yield claims.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc

from corpus.nlp import doc_text
from corpus.segmentation import trim_span

from .assertions import (
    ASSERTION_THRESHOLD,
    check_worthiness,
    dateline_length,
    is_boilerplate,
    is_question,
    never_a_claim,
)
from .attribution import RawClaim, find_attributed
from .conditions import FoundCondition, find_conditions
from .quotes import find_quotes
from .speakers import SpeakerResolver, actor_key, identifying_alias, same_actor
from .types import ExtractedClaim, ExtractedCondition, ExtractedSpeaker, Span

__all__ = [
    "ASSERTION_THRESHOLD",
    "ExtractedClaim",
    "ExtractedCondition",
    "ExtractedSpeaker",
    "Span",
    "actor_key",
    "extract_claims",
    "identifying_alias",
    "same_actor",
]


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_CONSEQUENCE_KINDS = frozenset({"conditional", "only_if", "unless"})
#: Added to the check-worthiness of an unattributed sentence that states a consequence under a
#: condition ("If the strike goes on, 50 buses will be needed").
CONDITIONAL_BONUS = 0.15


class _Sentences:
    """Sentence offsets with overlap lookups and per-sentence "never a claim" flags."""

    def __init__(self, text: str, sentences: Sequence[tuple[int, int]]) -> None:
        n = len(text)
        self.bounds = [(max(0, min(s, n)), max(0, min(e, n))) for s, e in sentences]
        self.starts = [s for s, _ in self.bounds]
        self.ends = [e for _, e in self.bounds]
        self.blocked = [
            never_a_claim(text[s:e], _alone_on_line(text, s, e)) for s, e in self.bounds
        ]
        self.furniture = [is_boilerplate(text[s:e]) for s, e in self.bounds]
        self.questions = [is_question(text[s:e]) for s, e in self.bounds]

    def overlapping(self, start: int, end: int) -> list[int]:
        lo = bisect_right(self.ends, start)
        hi = bisect_left(self.starts, end)
        return [i for i in range(lo, hi) if self.bounds[i][0] < end and start < self.bounds[i][1]]

    def containing(self, start: int, end: int) -> int:
        for i in self.overlapping(start, end):
            s, e = self.bounds[i]
            if s <= start and end <= e:
                return i
        return -1


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` fills its line, so it can be a heading."""
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    if after < 0:
        after = len(text)
    return not text[before + 1 : start].strip() and not text[end:after].strip()


def _fallback_sentences(doc: Doc) -> list[tuple[int, int]]:
    if not doc.has_annotation("SENT_START") and not doc.has_annotation("DEP"):
        text = doc_text(doc)
        return [(0, len(text))] if text.strip() else []
    return [(s.start_char, s.end_char) for s in doc.sents]


def extract_claims(doc: Doc, sentences: Sequence[tuple[int, int]]) -> list[ExtractedClaim]:
    """Extract attributed claims and check-worthy assertions from a parsed document.

    ``sentences`` are the segmenter's document-level offsets; if empty, the parser's sentences
    are used instead. Returns claims in text order. Every span is in bounds, non-empty and has
    no leading or trailing whitespace.
    """
    text = doc_text(doc)
    if not text.strip():
        return []
    if not sentences:
        sentences = _fallback_sentences(doc)
    sents = _Sentences(text, sentences)
    resolver = SpeakerResolver(doc)
    raw = find_attributed(doc, find_quotes(text), resolver, sents.bounds)
    speakers = resolver.speakers()

    claims: list[_Draft] = []
    attributed: set[int] = set()
    for r in raw:
        draft = _attributed_draft(doc, text, sents, r, speakers)
        if draft is None:
            continue
        claims.append(draft)
        for i in sents.overlapping(r.start, r.end):
            attributed.add(i)
        if r.cue is not None:
            attributed.update(sents.overlapping(*r.cue))

    found = find_conditions(doc)
    conditional_sentences: dict[int, bool] = {}
    for f in found:
        if f.kind in _CONSEQUENCE_KINDS:
            i = sents.containing(f.start, f.end)
            conditional_sentences[i] = conditional_sentences.get(i, False) or _checkable_consequent(
                doc, f
            )
    for i, (s, e) in enumerate(sents.bounds):
        if i in attributed or sents.blocked[i]:
            continue
        s, e = trim_span(text, s, e)
        if e <= s:
            continue
        s, e = trim_span(text, s + dateline_length(text[s:e]), e)
        if e <= s:
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not any(t.tag_ in _FINITE_TAGS for t in span):
            continue  # fragments without a finite verb state nothing checkable
        score = check_worthiness(span)
        if i in conditional_sentences:
            # a stated consequence under a condition is a prediction or threat editors track
            score = round(min(1.0, score + CONDITIONAL_BONUS), 3)
            if conditional_sentences[i]:
                score = max(score, ASSERTION_THRESHOLD)
        if score >= ASSERTION_THRESHOLD:
            claims.append(_Draft("assertion", Span(s, e), None, None, None, (i,), score))

    claims.sort(key=lambda c: (c.content.start, c.content.end))
    _attach_conditions(found, claims, sents)
    return [c.freeze() for c in claims]


_GENERIC_SUBJECTS = frozenset({"you", "one"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _checkable_consequent(doc: Doc, condition: FoundCondition) -> bool:
    """True if the clause a condition bounds states a consequence: a tensed or modal verb with
    a subject outside the condition ("If it does not act, the protests will continue").

    Imperatives ("If you want to avoid crowds, avoid weekends") and generic second-person
    advice ("you should ...") are not checkable.
    """
    anchor = doc[condition.anchor]
    for _ in range(3):
        # "In case X, we will ...": the connective's head is a preposition; climb to the verb
        if anchor.pos_ in {"VERB", "AUX"} or anchor.head == anchor:
            break
        anchor = anchor.head
    if condition.start <= anchor.idx < condition.end:
        return False
    if anchor.tag_ not in _FINITE_TAGS and not any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in _FINITE_TAGS for c in anchor.children
    ):
        return False
    holder = anchor.head if anchor.dep_ == "conj" else anchor  # "... and can only lead to"
    subject = next(
        (c for c in (*anchor.children, *holder.children) if c.dep_ in _SUBJECT_DEPS), None
    )
    if subject is None or subject.lower_ in _GENERIC_SUBJECTS:
        return False
    return not (condition.start <= subject.idx < condition.end)


class _Draft:
    """A claim being assembled (conditions are attached after all claims are known)."""

    __slots__ = (
        "check_worthiness",
        "conditions",
        "content",
        "cue",
        "kind",
        "mention",
        "sentence_indices",
        "speaker",
    )

    def __init__(
        self,
        kind: str,
        content: Span,
        cue: Span | None,
        speaker: ExtractedSpeaker | None,
        mention: Span | None,
        sentence_indices: tuple[int, ...],
        check_worthiness: float,
    ) -> None:
        self.kind = kind
        self.content = content
        self.cue = cue
        self.speaker = speaker
        self.mention = mention
        self.sentence_indices = sentence_indices
        self.check_worthiness = check_worthiness
        self.conditions: list[ExtractedCondition] = []

    def freeze(self) -> ExtractedClaim:
        return ExtractedClaim(
            kind=self.kind,
            content=self.content,
            cue=self.cue,
            speaker=self.speaker,
            speaker_mention=self.mention,
            sentence_indices=self.sentence_indices,
            check_worthiness=self.check_worthiness,
            conditions=tuple(sorted(self.conditions, key=lambda c: c.span)),
        )


def _span_or_none(text: str, rng: tuple[int, int] | None) -> Span | None:
    if rng is None:
        return None
    s, e = trim_span(text, *rng)
    return Span(s, e) if e > s else None


def _attributed_draft(
    doc: Doc,
    text: str,
    sents: _Sentences,
    r: RawClaim,
    speakers: dict[str, ExtractedSpeaker],
) -> _Draft | None:
    content = _span_or_none(text, (r.start, r.end))
    if content is None:
        return None
    cue = _span_or_none(text, r.cue)
    mention = _span_or_none(text, r.mention)
    indices: set[int] = set(sents.overlapping(content.start, content.end))
    for extra in (cue, mention):
        if (
            extra is not None
            and extra.start < content.end + 400
            and content.start < extra.end + 400
        ):
            indices.update(sents.overlapping(extra.start, extra.end))
    if not indices:
        return None
    ordered = tuple(sorted(indices))
    # questions and page furniture never carry claims
    if all(sents.questions[i] for i in sents.overlapping(content.start, content.end)):
        return None
    if is_question(text[content.start : content.end]) and len(ordered) == 1:
        return None
    if any(sents.furniture[i] for i in ordered):
        return None
    span = doc.char_span(content.start, content.end, alignment_mode="expand")
    score = check_worthiness(span) if span is not None else 0.0
    return _Draft(r.kind, content, cue, speakers[r.speaker_key], mention, ordered, score)


def _attach_conditions(
    found: list[FoundCondition], claims: list[_Draft], sents: _Sentences
) -> None:
    """Attach each condition to the claim(s) it bounds, within the claims' sentences.

    A condition goes to the claims whose content contains it; otherwise (a condition in the
    framing, e.g. in the question a claim answers) to the nearest claim in the same sentence.
    Negations inside another condition (e.g. "if it does not act") are part of that condition.
    """
    spans = [(f.start, f.end) for f in found]
    for f in found:
        if f.kind == "negation" and any(
            (s, e) != (f.start, f.end) and s <= f.start and f.end <= e for s, e in spans
        ):
            continue
        sentence = sents.containing(f.start, f.end)
        if sentence < 0:
            continue
        in_sentence = [c for c in claims if sentence in c.sentence_indices]
        if not in_sentence:
            continue
        holders = [c for c in in_sentence if c.content.start <= f.start and f.end <= c.content.end]
        if not holders:
            if f.kind == "negation":
                continue
            holders = [
                min(
                    in_sentence,
                    key=lambda c: min(abs(c.content.start - f.end), abs(f.start - c.content.end)),
                )
            ]
        condition = ExtractedCondition(f.kind, Span(f.start, f.end))
        for claim in holders:
            if condition not in claim.conditions:
                claim.conditions.append(condition)
