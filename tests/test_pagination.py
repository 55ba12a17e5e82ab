"""Keys-first pages: every row exactly once, in the list order, from either end of the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from config.pagination import KeysFirstPaginator
from corpus.models import Document

ORDERINGS = ["published", "-published", "outlet", "-outlet", "title", "-id"]

rows = st.lists(
    st.tuples(
        st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2024, 1, 4))),
        st.sampled_from(["A", "B", ""]),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(rows=rows, ordering=st.sampled_from(ORDERINGS), per_page=st.integers(1, 7))
def test_pages_cover_the_list_once_in_order(rows, ordering, per_page):
    with transaction.atomic():
        Document.objects.bulk_create(
            Document(text=f"Text {n}", content_hash=f"h{n}", published=day, outlet=outlet)
            for n, (day, outlet) in enumerate(rows)
        )
        listed = Document.objects.order_by(ordering)
        expected = list(listed if "id" in ordering else listed.order_by(ordering, "pk"))
        paginator = KeysFirstPaginator(listed, per_page)
        pages = [list(paginator.page(n).object_list) for n in paginator.page_range]
        assert [d.pk for page in pages for d in page] == [d.pk for d in expected]
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_page_near_the_end_is_found_from_the_end():
    Document.objects.bulk_create(
        Document(text=f"Text {n}", content_hash=f"h{n}", outlet="A") for n in range(10)
    )
    listed = Document.objects.order_by("outlet")
    paginator = KeysFirstPaginator(listed, 3)
    assert paginator.count == 10
    with CaptureQueriesContext(connection) as captured:
        last = list(paginator.page(4).object_list)
    assert [d.text for d in last] == ["Text 9"]
    assert " DESC" in captured[-1]["sql"] and "ASC" in captured[-1]["sql"]


@pytest.mark.django_db
def test_full_text_matches_are_paged_from_the_start_only():
    Document.objects.bulk_create(
        Document(text=f"Ceasefire talks {n}", content_hash=f"h{n}", outlet="A") for n in range(10)
    )
    listed = Document.objects.search("ceasefire").order_by("outlet")
    paginator = KeysFirstPaginator(listed, 3)
    with CaptureQueriesContext(connection) as captured:
        last = list(paginator.page(4).object_list)
    assert len(last) == 1
    assert " DESC" not in captured[-1]["sql"]
    assert [d.pk for n in paginator.page_range for d in paginator.page(n).object_list] == list(
        listed.order_by("outlet", "pk").values_list("pk", flat=True)
    )
