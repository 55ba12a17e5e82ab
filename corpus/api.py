"""API viewsets for documents and sentences."""

from __future__ import annotations

from rest_framework import viewsets

from corpus.filters import DocumentFilterSet, SentenceFilterSet
from corpus.models import Document, Sentence
from corpus.serializers import DocumentDetailSerializer, DocumentSerializer, SentenceSerializer


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles as ingested; the detail adds the full ``text`` that all offsets point into."""

    filterset_class = DocumentFilterSet
    ordering_fields = ["published", "created_at", "title", "id"]

    def get_queryset(self):
        qs = Document.objects.with_counts()
        if self.action == "list":
            qs = qs.defer("text")
        return qs

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer


class SentenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Sentences with their offsets: ``document.text[start:end] == text``."""

    queryset = Sentence.objects.all()
    serializer_class = SentenceSerializer
    filterset_class = SentenceFilterSet
    ordering_fields = ["document", "index", "id"]
