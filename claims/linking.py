"""Cross-document claim linking: suggestions of same claim, support, contradiction."""

from __future__ import annotations

from corpus.models import Document


def suggest_crossreferences(document: Document) -> int:
    """Suggest cross-references from ``document``'s claims to claims elsewhere; returns how many.

    Not implemented yet: no suggestions are made.
    """
    return 0
