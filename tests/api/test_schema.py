"""The OpenAPI schema is valid and the API keeps to it: fuzzed requests, anonymous and as an
editor, never get a 5xx or an answer the schema does not describe."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

pytestmark = pytest.mark.django_db

#: What every answer must satisfy. Not "schema-valid input is accepted": the schema cannot say
#: that a span must lie inside its document, so such input rightly gets a 400.
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance,
    response_headers_conformance, response_schema_conformance, ignored_auth,
    negative_data_rejection,
]  # fmt: skip

#: Examples per operation and per user: enough to reach every branch of the input checks,
#: few enough that the whole run takes seconds.
EXAMPLES = 4


def test_the_schema_is_served_and_valid(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # against the OpenAPI 3 JSON Schema
    paths = schema["paths"]
    for path in (
        "/api/documents/", "/api/sentences/", "/api/actors/", "/api/claims/",
        "/api/claims/{id}/history/", "/api/conditions/", "/api/crossrefs/", "/api/annotations/",
        "/api/verdicts/", "/api/export/claims.csv", "/api/export/annotations.jsonld",
        "/api/export/claimreview.jsonld", "/api/export/dump.jsonl",
    ):  # fmt: skip
        assert path in paths, path
    patch = paths["/api/claims/{id}/"]["patch"]
    assert "If-Match" in [p["name"] for p in patch["parameters"]]
    assert "412" in patch["responses"]
    assert "ETag" in paths["/api/claims/{id}/"]["get"]["responses"]["200"]["headers"]
    export = paths["/api/export/claims.csv"]["get"]
    assert "text/csv" in export["responses"]["200"]["content"]
    assert {"status", "document", "condition_kind"} <= {p["name"] for p in export["parameters"]}


def test_the_interactive_docs_are_served_without_a_cdn(api):
    body = api.get("/api/docs/").content.decode()
    assert "swagger-ui" in body
    assert "cdn" not in body.lower()


def fixed_ids(corpus) -> dict[str, int]:
    """A real object per collection, so fuzzed requests reach the code behind the 404s."""
    return {
        "/api/documents/": corpus.ports.pk,
        "/api/sentences/": corpus.ports.sentences.first().pk,
        "/api/actors/": corpus.minister.pk,
        "/api/claims/": corpus.accepted.pk,
        "/api/conditions/": corpus.condition.pk,
        "/api/crossrefs/": corpus.link.pk,
        "/api/annotations/": corpus.note.pk,
        "/api/verdicts/": corpus.verdict.pk,
    }


@pytest.fixture
def keep_db_connection():
    """Requests sent straight to the WSGI app close the database connection when they finish
    (which would end the test's transaction); Django's own test client prevents that the
    same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.usefixtures("keep_db_connection")
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_fuzzed_requests_get_answers_the_schema_describes(corpus, editor, who, mode):
    """Positive mode sends input the schema allows; negative mode input it forbids (which
    must then be refused with a 4xx)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {}
    if who == "editor":
        headers["Authorization"] = f"Token {Token.objects.create(user=editor).key}"
    # Anonymous: reads open, writes refused. As an editor the token is valid, so the check that
    # unauthenticated requests are refused does not apply.
    checks = CHECKS if who == "anonymous" else [c for c in CHECKS if c is not ignored_auth]
    ids = fixed_ids(corpus)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        own_headers = [p for p in operation.headers if p.name != "Authorization"]
        if mode == GenerationMode.NEGATIVE and not (
            len(operation.query) or own_headers or len(operation.body)
        ):
            continue  # nothing but the (fixed) id and the credentials to make invalid
        path_parameters = {}
        if "{id}" in operation.path:
            prefix = operation.path.split("{id}")[0]
            path_parameters["id"] = ids[prefix]

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
        def check(case):
            case.call_and_validate(headers=headers, checks=checks)

        try:
            check()
        except Unsatisfiable:
            pass  # negative mode: nothing in this operation's input can be made invalid
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
