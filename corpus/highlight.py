"""Highlight markup over document text, built safely.

The text is cut at every span boundary and each piece is escaped on its own; markup is only ever
added between pieces. Spans may nest or overlap: a piece covered by several spans gets one
``<mark>`` carrying all their classes and data attributes, so the markup stays well formed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span to mark: ``[start, end)`` code points, CSS classes, and ``data-`` attributes."""

    start: int
    end: int
    css_class: str
    data: Mapping[str, str | int] = field(default_factory=dict)
    title: str = ""


def render_highlights(
    text: str,
    highlights: Iterable[Highlight],
    *,
    start: int = 0,
    end: int | None = None,
) -> SafeString:
    """HTML for ``text[start:end]`` with every highlight marked (offsets are document offsets)."""
    end = len(text) if end is None else end
    spans = [h for h in highlights if h.start < end and h.end > start and h.start < h.end]
    cuts = sorted(
        {start, end, *(max(start, h.start) for h in spans), *(min(end, h.end) for h in spans)}
    )
    parts: list[str] = []
    for left, right in itertools.pairwise(cuts):
        piece = conditional_escape(text[left:right])
        covering = [h for h in spans if h.start <= left and right <= h.end]
        if not covering:
            parts.append(piece)
            continue
        classes = " ".join(dict.fromkeys(c for h in covering for c in h.css_class.split()))
        data: dict[str, str] = {}
        for h in covering:
            for key, value in h.data.items():
                data.setdefault(key, str(value))
        title = "; ".join(dict.fromkeys(h.title for h in covering if h.title))
        attrs = "".join(
            format_html(' data-{}="{}"', key, value) for key, value in sorted(data.items())
        )
        title_attr = format_html(' title="{}"', title) if title else ""
        parts.append(
            format_html(
                '<mark class="{}"{}{}>{}</mark>', classes, mark_safe(attrs), title_attr, piece
            )
        )
    return mark_safe("".join(parts))
