"""Quotation-mark pairing (pure, no model)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.lexicon import DOUBLE_CLOSE, DOUBLE_OPEN
from claims.extraction.quotes import (
    Quote,
    _straight_closes,
    _straight_opens,
    find_quotes,
    quotes_in,
)
from corpus.segmentation import trim_span


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_quotes_pair_in_order():
    assert texts("He said “yes” and then “no”.") == ["“yes”", "“no”"]


def test_straight_quotes_pair_by_context():
    assert texts('She said "we will go" and "soon".') == ['"we will go"', '"soon"']


def test_nested_straight_quote_stays_inside_the_outer_quote():
    text = 'A quote — "If we knew, it wouldn\'t be called "research", would it?"'
    assert texts(text) == [text[text.index('"If') :]]


def test_single_quotes_inside_double_quotes_do_not_split_them():
    text = "Trump said, “I said, ‘do me a favour, mediate your own.’”"
    assert texts(text) == ["“I said, ‘do me a favour, mediate your own.’”"]


def test_unclosed_quote_ends_at_its_paragraph():
    quotes = find_quotes("“We go on.\n“We stop.”")
    assert [(q.closed) for q in quotes] == [False, True]
    assert "“We go on.\n“We stop.”"[quotes[0].start : quotes[0].end] == "“We go on."


def test_closing_mark_without_opener_quotes_from_the_paragraph_start():
    text = 'it is time to say goodbye," Microsoft says.'
    assert texts(text) == ['it is time to say goodbye,"']


def test_inner_offsets_exclude_the_marks():
    (quote,) = find_quotes("“abc”")
    assert (quote.inner_start, quote.inner_end) == (1, 4)


# --- skipping to the next mark finds what looking at every character finds ----------------


def _every_character(text: str) -> list[Quote]:
    """The pass as it was before it learned to skip to the next mark: one step per character."""
    quotes: list[Quote] = []
    depth = 0
    open_at = -1
    open_width = 1
    i = 0
    n = len(text)
    while i < n:
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


_PIECES = [
    "a",
    "b",
    " ",
    "  ",
    "\n",
    ",",
    ".",
    "(",
    "-",
    ":",
    "'",
    "`",
    "``",
    "''",
    '"',
    "“",
    "”",
    "„",
    "«",
    "»",
    "‘",
    "’",
    "word",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
@settings(max_examples=400, deadline=None)
def test_skipping_to_the_next_mark_finds_what_every_character_finds(text):
    assert find_quotes(text) == _every_character(text)
