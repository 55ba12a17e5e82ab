"""Highlight markup escapes every piece of text and stays well formed for any spans."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from corpus.highlight import Highlight, render_highlights


def strip_marks(markup: str) -> str:
    return html.unescape(re.sub(r"</?mark[^>]*>", "", markup))


def test_markup_in_the_text_is_shown_as_text():
    text = 'He wrote <script>alert("x")</script> & left.'
    out = render_highlights(text, [Highlight(3, 20, "claim", {"claim": 1})])
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert out.startswith('He <mark class="claim" data-claim="1">wrote &lt;script&gt;')


def test_overlapping_spans_share_one_mark_with_both_classes():
    out = render_highlights("abcdef", [Highlight(0, 4, "claim"), Highlight(2, 6, "cue")])
    assert (
        out
        == '<mark class="claim">ab</mark><mark class="claim cue">cd</mark><mark class="cue">ef</mark>'
    )


def test_a_window_renders_only_that_part_of_the_text():
    out = render_highlights("0123456789", [Highlight(2, 8, "claim")], start=4, end=6)
    assert out == '<mark class="claim">45</mark>'


@given(
    text=st.lists(st.sampled_from([*"ab <>&\"'/ 😀中", "<script>"]), max_size=30).map("".join),
    raw=st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6),
    label=st.text(max_size=8),
)
def test_any_spans_leave_the_text_intact_and_no_raw_tag(text, raw, label):
    spans = [Highlight(min(a, b), max(a, b), "claim", {"who": label}, title=label) for a, b in raw]
    out = render_highlights(text, spans)
    assert strip_marks(out) == text
    assert "<script" not in out.replace("<mark", "")
    assert out.count("<mark") == out.count("</mark>")
