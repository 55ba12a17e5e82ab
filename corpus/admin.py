"""Documents and sentences in the admin: read-only text, numbered sentences, counts.

A document's text is never edited in place (every offset points into it), so it is shown, not
offered for editing; new documents come in through ingestion (the ``ingest`` command, the API or
the upload page). The ``claims`` app extends :class:`DocumentAdmin` with claim highlights and a
re-run extraction action; this module knows nothing of claims.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from corpus.highlight import Highlight, render_highlights
from corpus.models import Document, Sentence


class DeferringChangeList(ChangeList):
    """A changelist that leaves out large columns its rows never show (``list_defer``).

    It also applies ``list_select_related`` even when the admin's ``get_queryset`` already
    selects some relations (Django's changelist then skips ``list_select_related``).
    """

    def get_queryset(self, request: HttpRequest, exclude_parameters=None) -> QuerySet:
        queryset = super().get_queryset(request, exclude_parameters)
        related = self.model_admin.list_select_related
        if isinstance(related, list | tuple):
            queryset = queryset.select_related(*related)
        return queryset.defer(*getattr(self.model_admin, "list_defer", ()))


def numbered_sentences(
    document: Document,
    sentences: Sequence[Sentence],
    highlights: Sequence[Highlight] = (),
) -> SafeString:
    """The sentences as numbered paragraphs, every piece of article text escaped.

    Editors refer to sentences by these numbers when they add a claim the machine missed.
    """
    rows = format_html_join(
        "",
        '<p class="ct-sentence" id="sentence-{}"><span class="ct-sentence-number" '
        'title="offsets [{}, {})">{}</span> {}</p>',
        (
            (
                sentence.index,
                sentence.start,
                sentence.end,
                sentence.index,
                render_highlights(
                    document.text, highlights, start=sentence.start, end=sentence.end
                ),
            )
            for sentence in sentences
        ),
    )
    return format_html('<div class="ct-source">{}</div>', rows)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Documents as ingested: metadata, counts and the numbered, read-only text."""

    list_display = ("title", "outlet", "published", "sentence_count", "claim_count", "created_at")
    list_filter = ("outlet", "language")
    search_fields = ("title", "outlet", "url")
    date_hierarchy = "published"
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    #: Article bodies are large and the list never shows them.
    list_defer = ("text",)
    readonly_fields = (
        "numbered_text", "content_hash", "source_name", "created_at", "sentence_count",
        "claim_count",
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("title", "url", "outlet", "published", "language")}),
        ("Text", {"fields": ("numbered_text",)}),
        (
            "Record",
            {
                "classes": ("collapse",),
                "fields": (
                    "sentence_count",
                    "claim_count",
                    "content_hash",
                    "source_name",
                    "created_at",
                ),
            },
        ),
    )

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_changelist(self, request: HttpRequest, **kwargs):
        return DeferringChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_counts()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A document is only ever created by ingestion, which segments and extracts it.
        return False

    @admin.display(ordering="sentence_count", description="sentences")
    def sentence_count(self, document: Document) -> int:
        return document.sentence_count

    @admin.display(ordering="claim_count", description="claims")
    def claim_count(self, document: Document) -> int:
        return document.claim_count

    def text_highlights(self, document: Document) -> list[Highlight]:
        """Spans to mark in the text; none here (the claims app marks its claims)."""
        return []

    @admin.display(description="text, by sentence")
    def numbered_text(self, document: Document) -> SafeString:
        sentences = list(document.sentences.order_by("index"))
        return numbered_sentences(document, sentences, self.text_highlights(document))


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    """Read-only: sentences come from segmentation. Registered for search and autocomplete."""

    list_display = ("__str__", "document", "index", "start", "end")
    list_select_related = ("document",)
    list_defer = ("document__text",)
    search_fields = ("text",)
    list_per_page = 100

    def get_changelist(self, request: HttpRequest, **kwargs):
        return DeferringChangeList

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("document").defer("document__text"), may_have_duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
