"""The REST API router: every resource under ``/api/``, and the exports under ``/api/export/``."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from claims.api import (
    ActorViewSet,
    AnnotationsExport,
    AnnotationViewSet,
    ClaimReviewExport,
    ClaimsCSVExport,
    ClaimViewSet,
    ConditionViewSet,
    CrossReferenceViewSet,
    DocumentViewSet,
    DumpExport,
    VerdictViewSet,
)
from corpus.api import SentenceViewSet

router = DefaultRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("sentences", SentenceViewSet, basename="sentence")
router.register("actors", ActorViewSet, basename="actor")
router.register("claims", ClaimViewSet, basename="claim")
router.register("conditions", ConditionViewSet, basename="condition")
router.register("crossrefs", CrossReferenceViewSet, basename="crossreference")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("verdicts", VerdictViewSet, basename="verdict")

urlpatterns = [
    path("export/claims.csv", ClaimsCSVExport.as_view(), name="export-claims-csv"),
    path("export/annotations.jsonld", AnnotationsExport.as_view(), name="export-annotations"),
    path("export/claimreview.jsonld", ClaimReviewExport.as_view(), name="export-claimreview"),
    path("export/dump.jsonl", DumpExport.as_view(), name="export-dump"),
    *router.urls,
]
