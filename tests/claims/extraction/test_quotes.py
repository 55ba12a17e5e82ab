"""Quotation-mark pairing (pure, no model)."""

from claims.extraction.quotes import find_quotes


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
