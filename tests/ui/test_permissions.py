"""Who may see and do what on the web pages: anonymous, signed-in reader, editor, staff."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Annotation, Claim, Condition, CrossReference

pytestmark = pytest.mark.django_db

ROLES = ["anon", "reader_client", "editor_client", "staff_client"]


@pytest.fixture
def as_role(request):
    def client_for(role: str) -> Client:
        return request.getfixturevalue(role)

    return client_for


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["/", "/documents/", "reader", "/claims/", "claim", "actor"])
def test_everyone_may_read_the_public_pages(as_role, corpus, role, which):
    url = {
        "reader": corpus["documents"][0].get_absolute_url(),
        "claim": corpus["accepted"].get_absolute_url(),
        "actor": corpus["peskov"].get_absolute_url(),
    }.get(which, which)
    assert as_role(role).get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [("anon", 404), ("reader_client", 200), ("editor_client", 200), ("staff_client", 200)]
)  # fmt: skip
def test_only_signed_in_users_may_open_a_claim_that_is_not_accepted(as_role, corpus, role, status):
    assert as_role(role).get(corpus["suggested"].get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("anon", 302), ("reader_client", 403), ("editor_client", 200), ("staff_client", 200)]
)  # fmt: skip
@pytest.mark.parametrize("which", ["/review/", "/review/?tab=links", "edit"])
def test_only_editors_may_open_the_review_pages(as_role, corpus, role, status, which):
    url = f"/review/claims/{corpus['suggested'].pk}/edit/" if which == "edit" else which
    response = as_role(role).get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_review_link_and_upload_form_show_for_editors_only(
    reader_client, editor_client, corpus
):
    for client, shown in ((reader_client, False), (editor_client, True)):
        page = client.get("/documents/").content.decode()
        assert ('href="/review/"' in page) is shown
        assert ('id="add-document"' in page) is shown


def _actions(corpus) -> dict[str, tuple[str, dict]]:
    claim, link = corpus["suggested"], corpus["link"]
    return {
        "accept": (f"/review/claims/{claim.pk}/status/", {"status": "accepted", "version": claim.version}),
        "edit": (
            f"/review/claims/{claim.pk}/edit/",
            {"version": claim.version, "content_start": claim.content_start,
             "content_end": claim.content_end - 1, "kind": "indirect",
             "speaker": claim.speaker_id},
        ),
        "condition": (
            f"/review/claims/{claim.pk}/conditions/",
            {"version": claim.version, "kind": "temporal", "start": claim.content_start,
             "end": claim.content_start + 3},
        ),
        "link": (f"/review/links/{link.pk}/", {"status": "confirmed"}),
        "note": (f"/claims/{claim.pk}/annotations/", {"body": "Checked with the agency."}),
    }  # fmt: skip


def _state(corpus) -> tuple:
    claim = Claim.objects.get(pk=corpus["suggested"].pk)
    return (
        claim.status, claim.content_end, claim.version, Condition.objects.count(),
        CrossReference.objects.get(pk=corpus["link"].pk).status, Annotation.objects.count(),
    )  # fmt: skip


@pytest.mark.parametrize("action", ["accept", "edit", "condition", "link", "note"])
@pytest.mark.parametrize(("role", "status"), [("anon", 302), ("reader_client", 403)])
def test_people_who_are_not_editors_change_nothing(as_role, corpus, action, role, status):
    before = _state(corpus)
    url, data = _actions(corpus)[action]
    response = as_role(role).post(url, data)
    assert response.status_code == status
    assert _state(corpus) == before


@pytest.mark.parametrize("action", ["accept", "edit", "condition", "link", "note"])
@pytest.mark.parametrize("role", ["editor_client", "staff_client"])
def test_editors_and_staff_may_act(as_role, corpus, action, role):
    before = _state(corpus)
    url, data = _actions(corpus)[action]
    response = as_role(role).post(url, data)
    assert response.status_code == 302
    assert _state(corpus) != before


def test_an_anonymous_htmx_action_asks_the_browser_to_sign_in(anon, corpus):
    url, data = _actions(corpus)["accept"]
    response = anon.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/")


@pytest.mark.parametrize(("role", "status"), [("anon", 302), ("reader_client", 403), ("editor_client", 400), ("staff_client", 400)])  # fmt: skip
def test_only_editors_may_post_an_article(as_role, corpus, role, status):
    # An empty form: editors get the form back with its errors, the others never reach it.
    response = as_role(role).post("/documents/", {})
    assert response.status_code == status
    if status == 400:
        assert "Upload a file or paste the article text." in response.content.decode()


@pytest.mark.parametrize("url", ["/review/claims/{pk}/status/", "/review/claims/{pk}/conditions/", "/claims/{pk}/annotations/"])  # fmt: skip
def test_actions_refuse_get(editor_client, corpus, url):
    assert editor_client.get(url.format(pk=corpus["suggested"].pk)).status_code == 405
