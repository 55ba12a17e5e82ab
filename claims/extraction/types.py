"""Value types returned by the claim extractor.

They are frozen, slotted dataclasses so that results are hashable, cheap, and cannot be mutated
by the persistence layer by accident. All offsets are half-open ``[start, end)`` code-point
offsets into the text of the spaCy ``Doc`` that was passed to :func:`extract_claims`.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEAKER_KINDS = frozenset({"person", "organisation", "country", "group"})
CONDITION_KINDS = frozenset({"conditional", "only_if", "unless", "negation", "temporal"})
CLAIM_KINDS = frozenset({"direct", "indirect", "mixed", "assertion"})


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into the document text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text(self, source: str) -> str:
        """Return the covered text of ``source``."""
        return source[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies entirely inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class ExtractedSpeaker:
    """Who made a claim.

    ``name`` is the canonical name within the document (the longest full form seen, titles
    removed), ``aliases`` every surface form seen in the document, ``description`` the role or
    title seen next to the name ("Kremlin spokesman"), or "".
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class ExtractedCondition:
    """A qualification bounding a claim (``if``-clause, ``unless``, deadline, negation...)."""

    kind: str
    span: Span


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One claim: what was said (``content``), by whom, with which cue, under which conditions.

    ``speaker`` is None only for ``assertion`` claims (the article's own voice).
    ``speaker_mention`` is the mention as written in this claim's context ("he", "Mr Peskov").
    ``sentence_indices`` index into the ``sentences`` list given to :func:`extract_claims`.
    """

    kind: str
    content: Span
    cue: Span | None
    speaker: ExtractedSpeaker | None
    speaker_mention: Span | None
    sentence_indices: tuple[int, ...]
    check_worthiness: float
    conditions: tuple[ExtractedCondition, ...] = ()
