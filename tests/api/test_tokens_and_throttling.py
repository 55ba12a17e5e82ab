"""API tokens for scripts, session sign-in for the browser, and the anonymous courtesy limit."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


def issue(username: str, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("issue_token", username, *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_issue_token_prints_a_token_that_lets_an_editor_write(editor, corpus):
    key = issue("erin")
    assert Token.objects.get(user=editor).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.patch(f"/api/claims/{corpus.suggested.pk}/", {"status": "accepted"})
    assert response.status_code == 200


def test_issuing_again_prints_the_same_token_and_rotate_replaces_it(editor):
    first = issue("erin")
    assert issue("erin") == first
    rotated = issue("erin", "--rotate")
    assert rotated != first
    assert Token.objects.filter(user=editor).count() == 1


def test_a_revoked_token_no_longer_signs_in(editor, corpus):
    key = issue("erin")
    issue("erin", "--revoke")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.patch(f"/api/claims/{corpus.suggested.pk}/", {"status": "accepted"})
    assert response.status_code in (401, 403)
    assert "Invalid token" in response.json()["detail"]


def test_a_readers_token_only_reads(reader, corpus):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue('rhea')}")
    assert client.get(f"/api/claims/{corpus.suggested.pk}/").status_code == 200
    assert (
        client.patch(f"/api/claims/{corpus.suggested.pk}/", {"status": "accepted"}).status_code
        == 403
    )


def test_issue_token_refuses_unknown_users(db):
    with pytest.raises(CommandError, match="no user named"):
        issue("nobody")


def test_a_browser_session_writes_with_its_csrf_token(editor, corpus):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    url = f"/api/claims/{corpus.suggested.pk}/"
    assert client.patch(url, {"status": "accepted"}).status_code == 403  # no CSRF token
    client.get("/admin/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.patch(url, {"status": "accepted"}, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_anonymous_clients_are_throttled_politely(api, corpus, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    cache.clear()
    answers = [api.get("/api/claims/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = api.get("/api/claims/")
    assert "Retry-After" in limited
    assert "detail" in limited.json()


def test_signed_in_clients_are_not_throttled(reader_api, corpus, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    cache.clear()
    assert {reader_api.get("/api/claims/").status_code for _ in range(5)} == {200}
