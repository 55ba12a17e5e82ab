"""API pagination: page numbers, with a ``page_size`` parameter accepted up to 1000.

A larger ``page_size`` is served as 1000; one that is not a whole number of at least 1 is a
400 naming ``page_size`` (rather than being silently ignored). Empty means the default.
A ``page`` that is not a whole number of at least 1 (or ``last``) is a 400 naming ``page``;
a page past the end stays a 404.
"""

from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 (got {raw!r})."]}
            )
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator) -> str | int:
        number = super().get_page_number(request, paginator)
        if number in self.last_page_strings:
            return number
        if (
            not (isinstance(number, int) or (number.isascii() and number.isdigit()))
            or int(number) < 1
        ):
            raise ValidationError(
                {self.page_query_param: [f"Must be a whole number from 1 (got {number!r})."]}
            )
        return number

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page (default {self.page_size}; larger values are served as "
                    f"{self.max_page_size})."
                )
        return parameters
