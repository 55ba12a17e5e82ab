"""Documents and their sentences.

Offsets everywhere in Claimtrack are half-open ``[start, end)`` indices of Unicode code points
into ``Document.text`` (Python ``str`` indexing, the unit of the W3C ``TextPositionSelector``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse


class DocumentQuerySet(models.QuerySet["Document"]):
    def with_counts(self) -> DocumentQuerySet:
        """Annotate ``sentence_count`` and ``claim_count`` with subqueries (no N+1, no join blow-up)."""
        from django.db.models import OuterRef, Subquery
        from django.db.models.functions import Coalesce

        def count_of(model_rel: str) -> Subquery:
            related = self.model._meta.get_field(model_rel).related_model
            return Coalesce(
                Subquery(
                    related.objects.filter(document=OuterRef("pk"))
                    .order_by()
                    .values("document")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            )

        return self.annotate(sentence_count=count_of("sentences"), claim_count=count_of("claims"))

    def search(self, query: str) -> DocumentQuerySet:
        """Documents whose title, outlet or text contain every word of ``query``.

        Full-text search on PostgreSQL and SQLite (see :mod:`corpus.search`).
        """
        from corpus.search import search_documents

        return search_documents(self, query)


class Document(models.Model):
    """An article as ingested. ``text`` is never edited in place: all offsets point into it."""

    title = models.CharField(
        max_length=500,
        blank=True,
        help_text="Headline; derived from the text when the source has none.",
    )
    url = models.URLField(max_length=2000, blank=True, help_text="Where the article was published.")
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Publisher, e.g. a newspaper or agency."
    )
    published = models.DateField(null=True, blank=True, help_text="Publication date, if known.")
    language = models.CharField(max_length=16, default="en", help_text="ISO 639-1 language code.")
    text = models.TextField(help_text="The normalised article body that every offset points into.")
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 of the text: the same text is ingested once.",
    )
    source_name = models.CharField(
        max_length=500, blank=True, help_text="File or channel the document came from."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["outlet"]),
            models.Index(fields=["published"]),
            # Serves the list order, so deep pages walk an index instead of sorting.
            models.Index(fields=["-published", "-created_at", "-id"], name="document_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="document_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title or f"Document {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("corpus:document-detail", args=[self.pk])

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def check_span(self, start: int | None, end: int | None, *, field: str = "span") -> None:
        """Raise ``ValidationError`` unless ``[start, end)`` is a non-empty span inside the text."""
        if start is None or end is None:
            raise ValidationError({field: "Both start and end are required."})
        if start < 0 or end > len(self.text):
            raise ValidationError(
                {
                    field: f"Span [{start}, {end}) lies outside the document text (length {len(self.text)})."
                }
            )
        if start >= end:
            raise ValidationError({field: f"Span start ({start}) must be before its end ({end})."})


class SentenceQuerySet(models.QuerySet["Sentence"]):
    def for_document(self, document: Document | int) -> SentenceQuerySet:
        return self.filter(document=document)

    def overlapping(self, document_id: int, start: int, end: int) -> SentenceQuerySet:
        """Sentences of a document that share at least one character with ``[start, end)``."""
        return self.filter(document_id=document_id, start__lt=end, end__gt=start)


class Sentence(models.Model):
    """A sentence of a document: ``document.text[start:end] == text``."""

    # The unique (document, index) index serves lookups by document: no index of its own.
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="sentences", db_index=False
    )
    index = models.PositiveIntegerField(
        help_text="Position of the sentence in the document, from 0."
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()

    objects = SentenceQuerySet.as_manager()

    class Meta:
        # By document id (the unique (document, index) index serves it), not by the
        # document's own ordering, which would join and sort the documents table.
        ordering = ["document_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="sentence_unique_index"),
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=models.F("start")), name="sentence_span_valid"
            ),
        ]
        indexes = [models.Index(fields=["document", "start"], name="sentence_document_start")]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.index}: {self.text[:60]}"

    def clean(self) -> None:
        if self.document_id is not None:
            self.document.check_span(self.start, self.end)
            if self.document.text[self.start : self.end] != self.text:
                raise ValidationError(
                    {"text": "Sentence text must equal the document text at its offsets."}
                )
