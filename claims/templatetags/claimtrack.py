"""Small template helpers for the web UI; none of them touches the database."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def nav_current(request: HttpRequest, *prefixes: str) -> SafeString | str:
    """``aria-current="page"`` when the current view's name starts with one of ``prefixes``."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    if any(name == p or (p.endswith(":") and name.startswith(p)) for p in prefixes):
        return format_html('aria-current="{}"', "page")
    return ""


@register.filter
def shorten(text: str, length: int = 160) -> str:
    """``text`` cut at a word boundary to at most ``length`` characters, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


#: Marks that open a quotation: a claim's text starting with one is quoted already.
_OPENING_QUOTES = ('"', "\u201c", "\u2018", "\u00ab")


@register.filter
def quoted(text: str) -> str:
    """``text`` between quotation marks, unless it is a quotation already (a direct quote)."""
    text = str(text)
    return text if text.startswith(_OPENING_QUOTES) else f"\u201c{text}\u201d"


@register.filter
def pair(first: object, second: object) -> tuple[object, object]:
    """``(first, second)``, to loop over the two ends of a link with one block of markup."""
    return (first, second)
