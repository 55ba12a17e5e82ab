"""Shared fixtures: the people who use Claimtrack, and the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Real hashers are slow on purpose; tests only need passwords to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def nlp():
    from corpus.nlp import get_nlp

    return get_nlp()


@pytest.fixture
def editor(db) -> User:
    """Erin, a fact-checker in the editors group."""
    user = User.objects.create_user("erin", "erin@example.org", "erin-password-1")
    user.groups.add(Group.objects.get(name="editors"))
    return user


@pytest.fixture
def reader(db) -> User:
    """Rhea, signed in but not an editor."""
    return User.objects.create_user("rhea", "rhea@example.org", "rhea-password-1")


@pytest.fixture
def staff(db) -> User:
    """Sam, a staff administrator."""
    return User.objects.create_user(
        "sam", "sam@example.org", "sam-password-1", is_staff=True, is_superuser=True
    )


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def editor_api(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def reader_api(reader) -> APIClient:
    client = APIClient()
    client.force_authenticate(reader)
    return client


@pytest.fixture
def seeded(db):
    """The two seed articles, ingested (with extraction) exactly as the ingest command does."""
    from claims.services import articles_ingest
    from corpus.ingestion import read_path
    from corpus.models import Document

    articles = [
        a for path in sorted(SEEDS.glob("*.txt")) for a in read_path(path, max_chars=500_000)
    ]
    for result in articles_ingest(articles):
        assert not result.error, result.error
    return list(Document.objects.order_by("source_name"))
