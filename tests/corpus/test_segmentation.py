"""Sentence segmentation keeps exact offsets and repairs the parser's news-text mistakes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.ingestion import normalise_text
from corpus.segmentation import repair, segment


def check_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        chunk = text[start:end]
        assert chunk == chunk.strip(), "sentences are trimmed"
        assert text[previous_end:start].strip() == "", "only white space lies between sentences"
        previous_end = end
    assert text[previous_end:].strip() == ""


def sentences_of(nlp, text: str) -> list[str]:
    return [text[s:e] for s, e in segment(nlp(text))]


PIECES = st.sampled_from(
    [
        "Mr Peskov said so.", "The U.S. envoy arrived.", "“It is over,” she said.", "He left.",
        "They said “we won’t ‘quit’ now.”", "日本の首相が発言した。", "Great news 🎉🎉!", "Why?",
        "Dr. Smith disagreed.", "\n\n", "\r\n", "\n", " ", "  ", "“Quote one.", "Quote two.”",
        "A heading", "Prices rose 3.5% in 2024.", "'Single quoted.'", "(In brackets.)", "—",
    ]
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(PIECES, min_size=1, max_size=14),
    glue=st.sampled_from([" ", "\n", "", "\r\n", "\r\n\r\n"]),
)
def test_segments_are_ordered_trimmed_and_cover_the_text(nlp, pieces, glue):
    raw = glue.join(pieces)
    text, _ = normalise_text(raw)  # Windows line endings go through ingestion's own path
    check_invariants(text, segment(nlp(text)))


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(st.sampled_from([*"ab .\n”’\"'?!", "Mr", "U.S.", "😀", "中"]), max_size=40).map(
        "".join
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=80), max_size=10),
)
def test_repair_keeps_invariants_for_any_raw_spans(text, cuts):
    points = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    spans = list(itertools.pairwise(points))
    check_invariants(text, repair(text, spans))


def test_paragraph_breaks_and_headings_are_boundaries(nlp):
    text = "Why does Russia care so much about Iran\n\nIran is one of Russia’s allies."
    assert sentences_of(nlp, text) == [
        "Why does Russia care so much about Iran",
        "Iran is one of Russia’s allies.",
    ]


def test_a_closing_quotation_mark_stays_with_its_sentence(nlp):
    text = "“We are going further. We’re advancing and we’ll continue to advance.” Then he left."
    sentences = sentences_of(nlp, text)
    assert sentences[-2].endswith("advance.”")
    assert sentences[-1] == "Then he left."


@pytest.mark.parametrize(
    "text",
    [
        "Mr Peskov said the talks were over.",
        "Mr. Peskov said the talks were over.",
        "Dr. Smith met the U.S. envoy in Geneva on Monday.",
        "Possible U.S. involvement in the war worried Moscow.",
    ],
)
def test_abbreviations_do_not_split(nlp, text):
    assert sentences_of(nlp, text) == [text]


def test_windows_line_endings_are_boundaries_after_normalisation(nlp):
    from corpus.ingestion import normalise_text

    text, _ = normalise_text("First line here\r\nSecond line here.\r\n")
    assert sentences_of(nlp, text) == ["First line here", "Second line here."]


def test_a_dateline_with_its_agency_in_brackets_stays_whole(nlp):
    lead = (
        "LONDON (Reuters) - Britain's data watchdog fined software company Nexora 12 million "
        "pounds on Thursday for failing to protect the details of two million customers."
    )
    text = f"Tech giant fined over data breach\n\n{lead}"
    assert sentences_of(nlp, text) == ["Tech giant fined over data breach", lead]


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("LONDON (", "Reuters) - The firm", True),
        ("See the list [", "below] for details.", True),
        ("It rose (by 5%).", "Then it fell.", False),
        ("He left (for good", "It was (again) late.", False),
    ],
)
def test_a_split_inside_brackets_is_undone(before, after, joined):
    text = f"{before} {after}"
    spans = repair(text, [(0, len(before)), (len(before), len(text))])
    assert (len(spans) == 1) == joined
