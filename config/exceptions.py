"""One JSON error shape for the whole API.

Every error body is a JSON object. Bad input names the field: ``{"field": ["reason", ...]}``
(``non_field_errors`` when no single field is at fault, nested objects for nested fields);
everything else is ``{"detail": "reason"}``. Domain errors raised by the services are mapped
here so that no view has to remember them:

- ``django.core.exceptions.ValidationError`` (from ``full_clean()`` in a service) -> 400;
- ``corpus.ingestion.ArticleError`` (an article that cannot be ingested) -> 400;
- ``claims.review.StaleVersion`` (someone else saved the claim first) -> 412;
- a request body above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` -> 413;
- ``IntegrityError`` (a concurrent write won a uniqueness race) -> 409.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from claims.review import StaleVersion
from corpus.ingestion import ArticleError

NON_FIELD = "non_field_errors"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you loaded it; reload it and try again."
    default_code = "precondition_failed"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This change conflicts with stored data; reload and try again."
    default_code = "conflict"


def validation_error_detail(
    exc: DjangoValidationError, rename: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """``{field: [messages]}`` from a Django ``ValidationError``, with model field names renamed.

    ``rename`` maps model field names (``content_start``) to the API's (``content``); Django's
    ``__all__`` becomes ``non_field_errors``.
    """
    rename = {"__all__": NON_FIELD, **(rename or {})}
    if hasattr(exc, "error_dict"):
        detail: dict[str, list[str]] = {}
        for name, messages in exc.message_dict.items():
            detail.setdefault(rename.get(name, name), []).extend(messages)
        return detail
    return {NON_FIELD: list(exc.messages)}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the domain errors above; list bodies are wrapped in an object."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, ArticleError):
        exc = exceptions.ValidationError({exc.field or NON_FIELD: [exc.reason]})
    elif isinstance(exc, StaleVersion):
        exc = PreconditionFailed(str(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {NON_FIELD: response.data}
    if response is not None:
        set_rollback()
    return response
