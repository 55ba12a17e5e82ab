"""Every form and htmx action is protected against cross-site request forgery."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(editor) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def token(client: Client) -> str:
    client.get("/review/")
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize(
    "url", ["/review/claims/{pk}/status/", "/review/claims/{pk}/edit/", "/review/claims/{pk}/conditions/",
            "/claims/{pk}/annotations/", "/review/links/{link}/", "/documents/", "/accounts/logout/"],
)  # fmt: skip
def test_a_post_without_the_token_is_refused(strict, corpus, url):
    url = url.format(pk=corpus["suggested"].pk, link=corpus["link"].pk)
    response = strict.post(url, {"status": "accepted", "version": 1, "body": "x"})
    assert response.status_code == 403
    assert Claim.objects.get(pk=corpus["suggested"].pk).status == "suggested"


def test_an_htmx_action_with_the_token_header_is_accepted(strict, corpus):
    claim = corpus["suggested"]
    response = strict.post(
        f"/review/claims/{claim.pk}/status/",
        {"status": "accepted", "version": claim.version},
        headers={"HX-Request": "true", "X-CSRFToken": token(strict)},
    )
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == "accepted"


def test_a_plain_form_post_with_the_token_field_is_accepted(strict, corpus):
    claim = corpus["suggested"]
    response = strict.post(
        f"/claims/{claim.pk}/annotations/",
        {"body": "Seen on the agency wire.", "csrfmiddlewaretoken": token(strict)},
    )
    assert response.status_code == 302


def test_pages_carry_the_token_for_htmx_in_a_header(strict, corpus):
    page = strict.get("/review/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert "csrfmiddlewaretoken" in page
