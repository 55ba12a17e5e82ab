"""Claim extraction over a spaCy ``Doc`` (plain Python, no Django)."""

from __future__ import annotations

from collections.abc import Sequence

from claims.extraction.types import ExtractedClaim, ExtractedCondition, ExtractedSpeaker, Span

__all__ = ["ExtractedClaim", "ExtractedCondition", "ExtractedSpeaker", "Span", "extract_claims"]


def extract_claims(doc, sentences: Sequence[tuple[int, int]]) -> list[ExtractedClaim]:
    """Placeholder until the extractor lands: finds nothing."""
    return []
