"""Property: every span returned on arbitrary text is in bounds and whitespace-trimmed."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract_claims

WORDS = st.sampled_from(
    [
        "said", "Mr", "Peskov", "“", "”", '"', "'", "if", "unless", "not", "within", "two",
        "weeks", "he", "it", "Russia", "told", "that", "according", "to", "the", "Kremlin",
        ".", ",", "?", "\n", "  ", "Read also:", "should", "be", "killed", "only", "42", "—",
        "I", "think", "is", "concerned", "a", "pact",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.lists(WORDS, max_size=40).map(" ".join),
    st.text(max_size=120),
)


def _assert_span(text, span):
    assert 0 <= span.start < span.end <= len(text)
    piece = text[span.start : span.end]
    assert piece == piece.strip()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_spans_are_in_bounds_and_trimmed(nlp, text):
    doc = nlp(text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else []
    for claim in extract_claims(doc, sentences):
        _assert_span(text, claim.content)
        for span in (claim.cue, claim.speaker_mention):
            if span is not None:
                _assert_span(text, span)
        for condition in claim.conditions:
            _assert_span(text, condition.span)
        assert all(0 <= i < len(sentences) for i in claim.sentence_indices)
        assert (claim.speaker is None) == (claim.kind == "assertion")
