"""Who may do what: anonymous, signed-in, editor and staff, for each method on each route.

Reads: everyone reads documents, sentences, actors and accepted claims (with their conditions,
verdicts and confirmed links); signed-in users read everything, history and the dump
included; only they see editors' notes. Writes: editors and staff only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

OK, CREATED, NO_CONTENT, BAD_REQUEST, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = (
    200, 201, 204, 400, 403, 404, 405,
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    method: str
    url: Callable
    body: Callable | None = None
    anonymous: int = OK
    reader: int = OK
    editor: int = OK


def write(status: int) -> dict[str, int]:
    return {"anonymous": FORBIDDEN, "reader": FORBIDDEN, "editor": status}


def span_of(document, fragment: str) -> dict[str, int]:
    start = document.text.index(fragment)
    return {"start": start, "end": start + len(fragment)}


CASES = [
    # Reads
    Case("get", lambda c: "/api/"),
    Case("get", lambda c: "/api/documents/"),
    Case("get", lambda c: f"/api/documents/{c.ports.pk}/"),
    Case("get", lambda c: f"/api/documents/{c.ports.pk}/text/"),
    Case("get", lambda c: "/api/sentences/"),
    Case("get", lambda c: f"/api/sentences/{c.ports.sentences.first().pk}/"),
    Case("get", lambda c: "/api/actors/"),
    Case("get", lambda c: f"/api/actors/{c.critics.pk}/"),
    Case("get", lambda c: "/api/claims/"),
    Case("get", lambda c: f"/api/claims/{c.accepted.pk}/"),
    Case("get", lambda c: f"/api/claims/{c.suggested.pk}/", anonymous=NOT_FOUND),
    Case("get", lambda c: f"/api/claims/{c.accepted.pk}/history/", anonymous=FORBIDDEN),
    Case("get", lambda c: "/api/conditions/"),
    Case("get", lambda c: f"/api/conditions/{c.condition.pk}/"),
    Case("get", lambda c: "/api/crossrefs/"),
    Case("get", lambda c: f"/api/crossrefs/{c.link.pk}/"),
    Case("get", lambda c: "/api/annotations/"),
    Case("get", lambda c: f"/api/annotations/{c.note.pk}/", anonymous=NOT_FOUND),
    Case("get", lambda c: "/api/verdicts/"),
    Case("get", lambda c: f"/api/verdicts/{c.verdict.pk}/"),
    Case("get", lambda c: "/api/export/claims.csv"),
    Case("get", lambda c: "/api/export/annotations.jsonld"),
    Case("get", lambda c: "/api/export/claimreview.jsonld"),
    Case("get", lambda c: "/api/export/dump.jsonl", anonymous=FORBIDDEN),
    Case("get", lambda c: "/api/schema/"),
    Case("get", lambda c: "/api/docs/"),
    # Writes
    Case("post", lambda c: "/api/documents/", lambda c: {"text": "A new story. It is short."},
         **write(CREATED)),
    Case("patch", lambda c: f"/api/documents/{c.ports.pk}/", lambda c: {"title": "X"},
         **write(NOT_ALLOWED)),
    Case("delete", lambda c: f"/api/documents/{c.ports.pk}/", **write(NOT_ALLOWED)),
    Case("post", lambda c: "/api/sentences/", lambda c: {}, **write(NOT_ALLOWED)),
    Case("post", lambda c: "/api/actors/", lambda c: {"name": "Port Authority"}, **write(CREATED)),
    Case("patch", lambda c: f"/api/actors/{c.critics.pk}/", lambda c: {"description": "Unions"},
         **write(OK)),
    Case("post", lambda c: f"/api/actors/{c.minister.pk}/merge/",
         lambda c: {"others": [c.critics.pk]}, **write(OK)),
    Case("delete", lambda c: f"/api/actors/{c.critics.pk}/", **write(BAD_REQUEST)),  # speaks
    Case("post", lambda c: "/api/claims/",
         lambda c: {"document": c.talks.pk, "content": span_of(c.talks, "the plan"),
                    "kind": "indirect"}, **write(CREATED)),
    Case("patch", lambda c: f"/api/claims/{c.suggested.pk}/", lambda c: {"status": "accepted"},
         **write(OK)),
    Case("put", lambda c: f"/api/claims/{c.suggested.pk}/",
         lambda c: {"content": span_of(c.ports, "the repairs"), "cue": None, "speaker": None,
                    "speaker_mention": None, "kind": "assertion", "status": "accepted",
                    "check_worthiness": 0.5}, **write(OK)),
    Case("delete", lambda c: f"/api/claims/{c.suggested.pk}/", **write(NO_CONTENT)),
    Case("post", lambda c: "/api/conditions/",
         lambda c: {"claim": c.suggested.pk, "kind": "negation",
                    **span_of(c.ports, "not finished")}, **write(CREATED)),
    Case("patch", lambda c: f"/api/conditions/{c.condition.pk}/", lambda c: {"outcome": "met"},
         **write(OK)),
    Case("delete", lambda c: f"/api/conditions/{c.condition.pk}/", **write(NO_CONTENT)),
    Case("post", lambda c: "/api/crossrefs/",
         lambda c: {"source": c.suggested.pk, "target": c.accepted.pk, "relation": "supports"},
         **write(CREATED)),
    Case("patch", lambda c: f"/api/crossrefs/{c.link.pk}/", lambda c: {"note": "Checked."},
         **write(OK)),
    Case("post", lambda c: f"/api/crossrefs/{c.link.pk}/confirm/", lambda c: {}, **write(OK)),
    Case("post", lambda c: f"/api/crossrefs/{c.link.pk}/reject/", lambda c: {}, **write(OK)),
    Case("delete", lambda c: f"/api/crossrefs/{c.link.pk}/", **write(NOT_ALLOWED)),
    Case("post", lambda c: "/api/annotations/",
         lambda c: {"claim": c.accepted.pk, "body": "A note."}, **write(CREATED)),
    Case("patch", lambda c: f"/api/annotations/{c.note.pk}/", lambda c: {"body": "Edited."},
         **write(OK)),
    Case("delete", lambda c: f"/api/annotations/{c.note.pk}/", **write(NO_CONTENT)),
    Case("post", lambda c: "/api/verdicts/",
         lambda c: {"claim": c.other_accepted.pk, "rating": "true"}, **write(CREATED)),
    Case("patch", lambda c: f"/api/verdicts/{c.verdict.pk}/", lambda c: {"rating": "false"},
         **write(OK)),
    Case("delete", lambda c: f"/api/verdicts/{c.verdict.pk}/", **write(NO_CONTENT)),
]  # fmt: skip


@pytest.fixture
def clients(reader, editor, staff) -> dict[str, APIClient]:
    made = {"anonymous": APIClient()}
    for role, user in (("reader", reader), ("editor", editor), ("staff", staff)):
        made[role] = APIClient()
        made[role].force_authenticate(user)
    return made


@pytest.mark.parametrize("role", ["anonymous", "reader", "editor", "staff"])
def test_who_may_do_what(clients, corpus, role):
    client = clients[role]
    wrong = []
    for case in CASES:
        # Each request runs in a savepoint that is rolled back: every case sees the same data.
        with transaction.atomic():
            url = case.url(corpus)
            body = case.body(corpus) if case.body else None
            response = getattr(client, case.method)(url, body, format="json")
            transaction.set_rollback(True)
        expected = getattr(case, "editor" if role == "staff" else role)
        if response.status_code != expected:
            wrong.append(f"{case.method.upper()} {url}: {response.status_code}, not {expected}")
    assert wrong == []
