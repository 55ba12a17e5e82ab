"""Quotation-mark pairing over raw text.

Direct speech is found from the quotation marks themselves, not from the parse: the parser's
sentence boundaries do not respect quotations, and a quote can run over several sentences.
Supported marks: curly double quotes, straight double quotes (open/close decided from context),
guillemets, low-9 openers and the PTB-style ````/``''`` pairs. Double quotes nested inside a
quotation (straight or curly) are kept inside the outer quotation. Single quotes are treated as
nested quotes only, never as outer quotations, because they are ambiguous with apostrophes.

News style lets a multi-paragraph quotation leave its paragraphs unclosed; a quotation is
therefore closed at the end of its paragraph when its closing mark is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.segmentation import trim_span

from .lexicon import DOUBLE_CLOSE, DOUBLE_OPEN

# Every character the pass below looks at; it skips straight over anything else.
_MARK = re.compile(
    "[" + re.escape("".join(sorted({"\n", "`", "'", '"', *DOUBLE_OPEN, *DOUBLE_CLOSE}))) + "]"
)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``[start, end)`` includes the marks; ``inner_*`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool


def _straight_opens(text: str, i: int, width: int) -> bool:
    """Decide whether a straight double quote at ``i`` opens (True) or closes a quotation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{\u2014\u2013-/:":
        return not after.isspace()
    return False


def _straight_closes(text: str, i: int) -> bool:
    """A straight quote glued to a word or punctuation on its left and followed by a space,
    punctuation or the end of the text looks like a closing mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (not before.isspace()) and (after.isspace() or after in ".,;:!?)")


def quotes_in(quotes: list[Quote], start: int) -> bool:
    """True if a recorded quotation already ends after ``start``."""
    return bool(quotes) and quotes[-1].end > start


def find_quotes(text: str) -> list[Quote]:
    """Return the outermost quotations of ``text`` in document order.

    One pass over the characters; a stack tracks nested double quotes.
    """
    quotes: list[Quote] = []
    depth = 0
    open_at = -1
    open_width = 1
    i = 0
    n = len(text)
    while i < n:
        mark = _MARK.search(text, i)
        if mark is None:
            break
        i = mark.start()
        c = text[i]
        two = text[i : i + 2]
        if c == "\n":
            if depth:
                s, e = trim_span(text, open_at, i)
                inner_s, inner_e = trim_span(text, open_at + open_width, e)
                if inner_e > inner_s:
                    quotes.append(Quote(s, e, inner_s, inner_e, closed=False))
                depth = 0
            i += 1
            continue
        if two == "``":
            width, opens, closes = 2, True, False
        elif two == "''":
            width, opens, closes = 2, False, True
        elif c in DOUBLE_OPEN:
            width, opens, closes = 1, True, False
        elif c in DOUBLE_CLOSE:
            width, opens, closes = 1, False, True
        elif c == '"':
            width = 1
            opens = _straight_opens(text, i, 1) or (depth == 0 and not _straight_closes(text, i))
            closes = not opens
        else:
            i += 1
            continue
        if opens:
            if depth == 0:
                open_at, open_width = i, width
            depth += 1
        elif closes and depth == 0 and c != "'":
            # a closing mark with no opener: the quotation began before this paragraph's text
            # (or its opening mark was lost); it runs from the paragraph start
            para = text.rfind("\n", 0, i) + 1
            s, e = trim_span(text, para, i + width)
            inner_s, inner_e = trim_span(text, s, i)
            if inner_e > inner_s and not quotes_in(quotes, s):
                quotes.append(Quote(s, e, inner_s, inner_e, closed=True))
        elif closes and depth:
            depth -= 1
            if depth == 0:
                inner_s, inner_e = trim_span(text, open_at + open_width, i)
                if inner_e > inner_s:
                    quotes.append(Quote(open_at, i + width, inner_s, inner_e, closed=True))
        i += width
    if depth:
        s, e = trim_span(text, open_at, n)
        inner_s, inner_e = trim_span(text, open_at + open_width, e)
        if inner_e > inner_s:
            quotes.append(Quote(s, e, inner_s, inner_e, closed=False))
    return quotes
