"""OpenAPI schema details shared by every API view.

``ClaimtrackAutoSchema`` documents what the generic introspection cannot see:

- the error responses every operation can give, in the shapes of ``config.exceptions``;
- that anonymous users may read (``{}`` in ``security``) where ``IsEditorOrReadOnly`` lets them;
- that the filters read an empty value as no filter (``allowEmptyValue``);
- ``additionalProperties: false`` on request bodies whose serializer refuses unknown keys
  (``corpus.serializers.StrictInputSerializer``), so clients and fuzzers know the rule.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

ERROR = inline_serializer(
    name="Error",
    fields={"detail": serializers.CharField(help_text="What went wrong, in words.")},
)

VALIDATION_ERROR_DESCRIPTION = (
    "Bad input. The body maps each field at fault to a list of reasons, e.g. "
    '`{"content": ["Span [5, 900) lies outside the document text (length 800)."]}`; nested '
    "fields give nested objects; `non_field_errors` holds reasons about the whole input and "
    "`detail` a reason about the request itself (e.g. a body that is not valid JSON)."
)

#: Responses any operation may give, by status code.
COMMON_ERRORS = {
    "400": OpenApiResponse(OpenApiTypes.OBJECT, description=VALIDATION_ERROR_DESCRIPTION),
    "403": OpenApiResponse(
        ERROR, description="Not allowed: sign in, or only editors may change data."
    ),
    "404": OpenApiResponse(ERROR, description="No such object (or page), or not visible to you."),
    "406": OpenApiResponse(ERROR, description="The Accept header asks for an unknown format."),
    "429": OpenApiResponse(
        ERROR,
        description="Too many requests from anonymous clients; wait (see Retry-After) or sign in.",
    ),
}
WRITE_ERRORS = {
    "409": OpenApiResponse(ERROR, description="A concurrent change won; reload and retry."),
    "413": OpenApiResponse(ERROR, description="The request body is larger than the limit."),
    "415": OpenApiResponse(ERROR, description="Send the body as application/json."),
}


class ClaimtrackAutoSchema(AutoSchema):
    def get_auth(self):
        """Say when signing in is optional: reads allowed to anonymous users list ``{}``."""
        from claims.permissions import IsEditorOrReadOnly

        auths = super().get_auth()
        permissions = self.view.get_permissions()
        anonymous_reads = self.method in SAFE_METHODS and all(
            isinstance(permission, IsEditorOrReadOnly) for permission in permissions
        )
        if anonymous_reads and {} not in auths:
            auths.append({})
        return auths

    def _get_filter_parameters(self):
        """Filters shared with the HTML forms read an empty value (``?status=``) as "any"."""
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and getattr(serializer, "refuses_unknown_keys", False):
            schema["additionalProperties"] = False
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        extra = dict(COMMON_ERRORS)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            extra.update(WRITE_ERRORS)
        for code, response in extra.items():
            if code not in responses:
                body = self._get_response_for_code(response.response, code, direction=direction)
                body["description"] = response.description
                responses[code] = body
        return responses
