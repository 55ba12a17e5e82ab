"""API pagination: page numbers, with a ``page_size`` parameter accepted up to 1000.

A larger ``page_size`` is served as 1000; one that is not a whole number of at least 1 is a
400 naming ``page_size`` (rather than being silently ignored). Empty means the default.
A ``page`` that is not a whole number of at least 1 (or ``last``) is a 400 naming ``page``;
a page past the end stays a 404.
"""

from collections.abc import Sequence
from functools import partial

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, F, QuerySet, Value, Window
from django.db.models.functions import RowNumber
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


class KeysFirstPaginator(Paginator):
    """Pages found by their primary keys first, then loaded: cheap deep pages.

    ``OFFSET n`` makes the database produce and throw away ``n`` rows. With the whole row
    selected (joins, SQL-cut span texts) that costs seconds at page 1000; selecting only the
    keys lets it walk the list-order index alone and load the 50 rows of the page afterwards,
    in the same query (``WHERE id IN (SELECT id ... LIMIT 50 OFFSET n)``). A page in the back
    half of the list is found from the end, in the reverse order, so that the last pages cost
    what the first ones do.
    """

    def __init__(self, object_list, per_page, *args, values: Sequence[str] = (), **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        #: Fields to read the page's rows with, as ``values()`` dicts (none: model instances).
        #: The count and the keys are still taken from the queryset as given, so that reading
        #: related fields for the page joins nothing into them.
        self.values = tuple(values)

    def page(self, number) -> Page:
        rows = self.object_list
        by_keys = isinstance(rows, QuerySet) and not rows.query.distinct
        if by_keys:
            rows = _ties_by_key(rows)
            if _is_forward_only(rows) and "count" not in self.__dict__:
                page = self._page_counted_with_keys(rows, number)
                if page is not None:
                    return page
        number = self.validate_number(number)
        bottom, top = self._bounds(number)
        if by_keys:
            if bottom > self.count - top and _reversible(rows):
                keys = rows.reverse().values("pk")[self.count - top : self.count - bottom]
            else:
                keys = rows.values("pk")[bottom:top]
            return self._load(rows, keys, number)
        return self._get_page(rows[bottom:top], number, self)

    def _bounds(self, number: int) -> tuple[int, int]:
        """``[bottom, top)`` of page ``number`` in the list (the last page takes the orphans)."""
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return bottom, top

    def _load(self, rows: QuerySet, keys, number: int) -> Page:
        """The page of the rows with ``keys`` (a list or a subquery), read as ``values``."""
        rows = rows.filter(pk__in=keys)
        if self.values:
            rows = rows.values(*self.values)
        return self._get_page(rows, number, self)

    def _page_counted_with_keys(self, rows: QuerySet, number) -> Page | None:
        """The page's keys and the length of the list from one query, or ``None`` if the page
        is empty (past the end, or an empty list: the plain path then decides what to say).

        For lists paged :func:`forward_only` (full-text matches), where counting the matches
        and finding the page's keys would each read every matching row: ``COUNT(*) OVER ()``
        beside the keys reads them once. The page is picked by each row's ``ROW_NUMBER()`` in
        the list order rather than by ``LIMIT``/``OFFSET``: under a ``LIMIT`` PostgreSQL (before
        16) costs the window as if it could stop early, and walks the whole list-order index
        testing every row (seconds at a million rows) instead of sorting the matches.
        """
        number = _whole_number(self, number)
        bottom = (number - 1) * self.per_page
        found = sorted(
            rows.annotate(
                **{
                    _TOTAL: Window(Count("pk")),
                    _PLACE: Window(RowNumber(), order_by=_order_expressions(rows)),
                }
            )
            .filter(
                **{f"{_PLACE}__gt": bottom, f"{_PLACE}__lte": bottom + self.per_page + self.orphans}
            )
            .order_by()
            .values_list(_PLACE, "pk", _TOTAL)
        )
        if not found:
            return None
        self.__dict__["count"] = found[0][2]
        number = self.validate_number(number)
        bottom, top = self._bounds(number)
        return self._load(rows, [pk for _place, pk, _total in found[: top - bottom]], number)


#: Aliases of the list's length and of a row's place in it, read beside the keys of a page
#: (see ``_page_counted_with_keys``).
_TOTAL, _PLACE = "paged_total", "paged_place"


def _ordering(rows: QuerySet) -> list:
    """The order of ``rows``: the queryset's own, else the model's default."""
    return list(rows.query.order_by) or list(rows.model._meta.ordering)


def _order_expressions(rows: QuerySet) -> list:
    """The order of ``rows`` as expressions, for a window's ``ORDER BY``."""
    ordering = _ordering(rows)
    return [
        (F(term[1:]).desc() if term.startswith("-") else F(term).asc())
        if isinstance(term, str)
        else term
        for term in ordering
    ]


def _whole_number(paginator: Paginator, number) -> int:
    """``number`` as Django's ``validate_number`` takes it, short of comparing it with the
    number of pages (which would need the count first)."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        number = int(number)
    except (TypeError, ValueError):
        raise PageNotAnInteger(paginator.error_messages["invalid_page"]) from None
    if number < 1:
        raise EmptyPage(paginator.error_messages["min_page"])
    return number


def _ties_by_key(rows: QuerySet) -> QuerySet:
    """``rows`` with the primary key breaking ties of their order (e.g. ``?ordering=kind``).

    The keys of a page and the rows loaded for them must come in one and the same order, and
    consecutive pages must neither repeat nor skip a row: both need an order without ties.
    """
    ordering = _ordering(rows)
    names = {str(o).lstrip("-") for o in ordering}
    if not ordering or names & {"pk", "id"}:
        return rows
    return rows.order_by(*ordering, "pk")


#: Alias marking a queryset whose pages must be found in the list order (see below).
FORWARD_ONLY = "paged_forward_only"


def forward_only(rows: QuerySet) -> QuerySet:
    """Mark ``rows`` so that its pages are always found from the start of the list.

    For full-text matches: there the database picks its plan by how many rows match, and the
    few rows from the end of a long list of matches are found with a slower plan (walking the
    list order and testing each row) than the whole list of matches, sorted.
    """
    return rows.alias(**{FORWARD_ONLY: Value(True)})


def _is_forward_only(rows: QuerySet) -> bool:
    return FORWARD_ONLY in rows.query.annotations


def _reversible(rows: QuerySet) -> bool:
    """Whether a page may be found from the end: ``rows.reverse()`` is exactly the reverse
    order (as for plain field names; ``F(...).asc(nulls_last=True)`` keeps its nulls last
    both ways) and ``rows`` is not marked :func:`forward_only`."""
    if _is_forward_only(rows):
        return False
    ordering = _ordering(rows)
    return all(isinstance(term, str) for term in ordering)


class KeysFirstPagination(PageNumberPagination):
    """:class:`PageNumberPagination` through :class:`KeysFirstPaginator` (long lists).

    A view sets ``page_values`` to have the page's rows read as ``values()`` dicts.
    """

    page_values: Sequence[str] = ()

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = partial(KeysFirstPaginator, values=self.page_values)
        return super().paginate_queryset(queryset, request, view)
