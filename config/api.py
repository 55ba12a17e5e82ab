"""The REST API router: every resource under ``/api/``."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from corpus.api import DocumentViewSet, SentenceViewSet

router = DefaultRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("sentences", SentenceViewSet, basename="sentence")

urlpatterns = router.urls
