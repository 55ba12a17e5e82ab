"""Fixtures for the API tests: claims made through the review services, and no throttling.

Anonymous requests are throttled (a courtesy limit, ``CLAIMTRACK_ANON_RATE``); the rate is
lifted here so that tests making many anonymous requests never get a 429 by chance.
``tests/api/test_throttling.py`` checks the limit itself.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from tests.api.factories import Corpus, build_corpus


@pytest.fixture(autouse=True)
def no_throttling(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000000/second", raising=False)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def corpus(db, editor) -> Corpus:
    """Two small articles with accepted, suggested and rejected claims, a condition, a link,
    a note and a verdict, all made by Erin through the review services."""
    return build_corpus(editor)


@pytest.fixture
def staff_api(staff) -> APIClient:
    client = APIClient()
    client.force_authenticate(staff)
    return client


@pytest.fixture
def token_api(editor) -> APIClient:
    """Erin's script, signed in with an API token rather than a session."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client
