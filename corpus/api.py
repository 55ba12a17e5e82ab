"""API viewsets for documents and sentences.

``corpus`` never imports ``claims``: the documents viewset here ingests with
``corpus.services.document_ingest`` (store and segment), and ``claims.api`` subclasses it to
ingest exactly as the ``ingest`` command does (with extraction and linking). The subclass is
the one registered under ``/api/documents/``.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.pagination import KeysFirstPagination
from corpus.filters import DocumentFilterSet, SentenceFilterSet
from corpus.ingestion import ArticleError, ArticleInput, build_article
from corpus.models import Document, Sentence
from corpus.serializers import (
    DocumentCreateSerializer,
    DocumentDetailSerializer,
    DocumentSerializer,
    SentenceSerializer,
)
from corpus.services import IngestResult, document_ingest

#: The claim status anonymous users may see (``claims.models.Claim.Status.ACCEPTED``).
PUBLIC_CLAIM_STATUS = "accepted"


def _public_claim_count() -> Coalesce:
    """Accepted claims per document, as a subquery (anonymous users see no other claims)."""
    claim_model = Document._meta.get_field("claims").related_model
    return Coalesce(
        Subquery(
            claim_model.objects.filter(document=OuterRef("pk"), status=PUBLIC_CLAIM_STATUS)
            .order_by()
            .values("document")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


class DocumentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Articles as ingested; the detail adds the full ``text`` that all offsets point into.

    ``claim_count`` counts the claims the caller may see (accepted ones for anonymous users).
    Editors POST an article to ingest it; the same text posted twice is stored once.
    """

    filterset_class = DocumentFilterSet
    ordering_fields = ["published", "created_at", "title", "id"]
    # Deep pages: keys first (the per-row counts are computed for the page only), from the end
    # of the list when nearer.
    pagination_class = KeysFirstPagination

    def get_queryset(self):
        qs = Document.objects.with_counts()
        if not self.request.user.is_authenticated:
            qs = qs.annotate(claim_count=_public_claim_count())
        if self.action == "list":
            qs = qs.defer("text")
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return DocumentCreateSerializer
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    def ingest_article(self, article: ArticleInput) -> IngestResult:
        """Store and segment ``article`` (overridden in ``claims.api`` to extract as well)."""
        return document_ingest(article)

    @extend_schema(
        request=DocumentCreateSerializer,
        responses={
            201: OpenApiResponse(DocumentDetailSerializer, description="Ingested."),
            200: OpenApiResponse(
                DocumentDetailSerializer,
                description="The text was already stored: the existing document, unchanged.",
            ),
        },
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        """Ingest an article exactly as ``manage.py ingest`` does (segment, extract, link)."""
        serializer = DocumentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            article = build_article(
                **serializer.validated_data,
                max_chars=settings.CLAIMTRACK_MAX_DOCUMENT_CHARS,
                source_name=f"api:{request.user.get_username()}",
            )
        except ArticleError as exc:
            # Empty after normalising, too large, a bad URL or date marker...: name the field
            # (a leading date marker is part of the text).
            field = exc.field if exc.field in serializer.fields else "text"
            raise ValidationError({field: [exc.reason]}) from None
        result = self.ingest_article(article)
        document = self.get_queryset().get(pk=result.document.pk)
        return Response(
            DocumentDetailSerializer(document, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    @extend_schema(
        responses={(200, "text/plain"): OpenApiResponse(OpenApiTypes.STR)},
        description=(
            "The document text alone, as `text/plain; charset=utf-8`: the resource that W3C "
            "Web Annotation selectors in `/api/export/annotations.jsonld` point into."
        ),
    )
    @action(detail=True, methods=["get"])
    def text(self, request: Request, pk: str | None = None) -> HttpResponse:
        document = self.get_object()
        return HttpResponse(document.text, content_type="text/plain; charset=utf-8")

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # The text action answers text/plain whatever the Accept header says; errors are JSON.
        return super().perform_content_negotiation(request, force=force or self.action == "text")


class SentenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Sentences with their offsets: ``document.text[start:end] == text``."""

    queryset = Sentence.objects.all()
    serializer_class = SentenceSerializer
    pagination_class = KeysFirstPagination
    filterset_class = SentenceFilterSet
    ordering_fields = ["document", "index", "id"]
