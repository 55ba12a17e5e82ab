"""Sentence segmentation with exact offsets, from the spaCy parse.

The parser's sentences are repaired where news text trips it up:

* every line break is a boundary (set by the ``claimtrack_line_breaks`` pipeline component), so
  headings and paragraphs never merge;
* a closing quotation mark (or bracket) stranded at the start of the next sentence goes back to
  the sentence it closes;
* a split right after a title abbreviation ("Mr", "Dr.", "Gen."), before a lowercase word or
  inside brackets ("LONDON (" + "Reuters) - ...") is undone, so "Mr Peskov", "the U.S. envoy"
  and a dateline stay whole;
* white space is trimmed off both ends.

The result is a list of ``(start, end)`` pairs: half-open code point offsets into ``doc.text``,
ordered, non-overlapping, each non-empty and trimmed, together covering every non-space character.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from corpus.nlp import doc_text

#: Characters that close a quotation or parenthesis and belong to the sentence before them.
CLOSERS = frozenset("\"”’'»)]}")
#: Words after which a sentence essentially never ends in news prose.
TITLE_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
        "capt", "sgt", "rev", "hon", "st", "maj", "cmdr", "adm", "pres", "insp", "supt",
        "messrs", "no", "vs", "v", "etc", "approx", "dept", "fig", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
    }
)  # fmt: skip


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` narrowed so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _last_word(text: str, start: int, end: int) -> str:
    """The last whitespace-separated word of ``text[start:end]``, lowercased, without a final dot."""
    chunk = text[start:end].rstrip()
    word = chunk.rsplit(None, 1)[-1] if chunk.split() else ""
    return word.lower().rstrip(".")


def repair(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trim, reattach closers and undo false splits in raw sentence spans over ``text``."""
    result: list[list[int]] = []
    for raw_start, raw_end in spans:
        start, end = trim_span(text, raw_start, raw_end)
        if start >= end:
            continue
        if result:
            prev = result[-1]
            gap = text[prev[1] : start]
            same_line = "\n" not in gap
            # A closing quote or bracket glued to the front of this sentence ends the previous one.
            if same_line:
                moved = start
                while (
                    moved < end
                    and text[moved] in CLOSERS
                    and (
                        moved + 1 == end or text[moved + 1].isspace() or text[moved + 1] in CLOSERS
                    )
                ):
                    moved += 1
                if moved > start:
                    prev[1] = moved
                    start, end = trim_span(text, moved, end)
                    if start >= end:
                        continue
            first = text[start]
            if same_line and (
                _last_word(text, prev[0], prev[1]) in TITLE_ABBREVIATIONS
                or first.islower()
                or not any(ch.isalnum() for ch in text[start:end])
                or _closes_open_bracket(text[prev[0] : prev[1]], text[start:end])
            ):
                prev[1] = end
                continue
        result.append([start, end])
    return [(s, e) for s, e in result]


def _closes_open_bracket(before: str, after: str) -> bool:
    """Whether ``after`` closes a bracket ``before`` left open: "LONDON (" + "Reuters) - ..."
    is one sentence, split by the parser inside the parentheses."""
    for opener, closer in (("(", ")"), ("[", "]")):
        if before.count(opener) > before.count(closer):
            shut = after.find(closer)
            if shut >= 0 and (after.find(opener) < 0 or shut < after.find(opener)):
                return True
    return False


def segment(doc: Doc) -> list[tuple[int, int]]:
    """Sentence offsets for a parsed document (see the module docstring for the guarantees)."""
    return repair(doc_text(doc), ((sent.start_char, sent.end_char) for sent in doc.sents))
