"""The API's filter backend: django-filter, without its cost when no filter is asked for."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """``DjangoFilterBackend`` that leaves the queryset alone when the request names no filter.

    Building and validating the filter form (a dozen fields, each reading the query string)
    took an eighth of the time of an unfiltered list page, to conclude that nothing was to be
    filtered. When a filter is named, everything goes through django-filter as before,
    including its validation errors.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in filterset_class.base_filters for name in request.query_params
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
