"""Bad request bodies get a 4xx JSON answer that says what is wrong, and change nothing."""

from __future__ import annotations

import pytest

from claims.models import Annotation, Claim, Verdict
from corpus.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_url(corpus) -> str:
    return f"/api/claims/{corpus.suggested.pk}/"


def send(client, method: str, url: str, body: bytes, content_type="application/json"):
    return getattr(client, method)(url, data=body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"status": "accepted"', "not valid JSON"),
        (b"{'status': 'accepted'}", "not valid JSON"),
        (b'{"status": "acc\xe9pted"}', "not valid UTF-8"),
        (b'{"check_worthiness": NaN}', "not valid JSON"),
        (b'{"check_worthiness": Infinity}', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_a_broken_body_is_a_400_saying_why(editor_api, corpus, claim_url, body, reason):
    before = Claim.objects.values().get(pk=corpus.suggested.pk)
    response = send(editor_api, "patch", claim_url, body)
    assert response.status_code == 400
    assert reason in response.json()["detail"]
    assert Claim.objects.values().get(pk=corpus.suggested.pk) == before


@pytest.mark.parametrize("body", [b"[]", b'"accepted"', b"42", b"null"])
def test_a_body_that_is_not_an_object_is_a_400(editor_api, claim_url, body):
    response = send(editor_api, "patch", claim_url, body)
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_an_oversized_body_is_a_413_and_stores_nothing(editor_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    body = b'{"text": "' + b"word " * 1000 + b'"}'
    response = send(editor_api, "post", "/api/documents/", body)
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert not Document.objects.exists()


def test_a_form_body_is_a_415(editor_api, claim_url):
    response = send(
        editor_api, "patch", claim_url, b"status=accepted", "application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert "detail" in response.json()


def test_an_unknown_id_in_the_url_is_a_404_in_json(editor_api, corpus):
    response = editor_api.patch("/api/claims/999999/", {"status": "accepted"})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_nested_error_names_the_inner_field(editor_api, claim_url):
    response = editor_api.patch(claim_url, {"content": {"start": "zero", "end": 4}}, format="json")
    assert response.status_code == 400
    assert "start" in response.json()["content"]


def test_a_failed_write_leaves_nothing_partial(editor_api, corpus):
    """A note whose span is outside the text is refused as a whole: no row, no history."""
    response = editor_api.post(
        "/api/annotations/",
        {"claim": corpus.accepted.pk, "body": "Hm.", "span": {"start": 5, "end": 10**6}},
        format="json",
    )
    assert response.status_code == 400
    assert Annotation.objects.count() == 1
    assert Annotation.history.count() == 1


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        (
            "/api/documents/",
            {"text": "The minister said so.", "published": "2025-02-30"},
            "published",
        ),
        ("/api/verdicts/", {"rating": "false", "reviewed_on": "2025-02-30"}, "reviewed_on"),
    ],
)
def test_an_impossible_date_is_named_as_such_not_as_a_format_error(
    editor_api, corpus, url, body, field
):
    if url == "/api/verdicts/":
        body = {**body, "claim": corpus.suggested.pk}
    before = (Document.objects.count(), Verdict.objects.count())
    response = editor_api.post(url, body, format="json")
    assert response.status_code == 400
    assert response.json()[field] == ["2025-02-30 is not a real date."]
    assert (Document.objects.count(), Verdict.objects.count()) == before
