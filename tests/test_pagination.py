"""Keys-first pages: every row exactly once, in the list order, from either end of the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from config.pagination import KeysFirstPaginator, forward_only
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
@settings(max_examples=60, deadline=None)
@given(
    rows=rows,
    ordering=st.sampled_from(ORDERINGS),
    per_page=st.integers(1, 7),
    orphans=st.integers(0, 3),
    forward=st.booleans(),
)
def test_pages_cover_the_list_once_in_order(rows, ordering, per_page, orphans, forward):
    with transaction.atomic():
        Document.objects.bulk_create(
            Document(text=f"Text {n}", content_hash=f"h{n}", published=day, outlet=outlet)
            for n, (day, outlet) in enumerate(rows)
        )
        listed = Document.objects.order_by(ordering)
        expected = list(listed if "id" in ordering else listed.order_by(ordering, "pk"))
        if forward:
            listed = forward_only(listed)
        whole = Paginator(expected, per_page, orphans=orphans)
        pages = []
        for n in whole.page_range:
            # A new paginator for each page, as for each request: nothing counted beforehand.
            paginator = KeysFirstPaginator(listed, per_page, orphans=orphans)
            pages.append(list(paginator.page(n).object_list))
            assert paginator.count == len(expected)
        assert [d.pk for page in pages for d in page] == [d.pk for d in expected]
        assert [len(page) for page in pages] == [len(whole.page(n)) for n in whole.page_range]
        with pytest.raises(EmptyPage):
            KeysFirstPaginator(listed, per_page, orphans=orphans).page(whole.num_pages + 1)
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


@pytest.mark.django_db
def test_a_full_text_page_counts_the_matches_beside_its_keys():
    Document.objects.bulk_create(
        Document(text=f"Ceasefire talks {n}", content_hash=f"h{n}", outlet="A") for n in range(10)
    )
    Document.objects.create(text="Nothing to see", content_hash="other", outlet="A")
    listed = Document.objects.search("ceasefire").order_by("outlet")
    paginator = KeysFirstPaginator(listed, 3)
    with CaptureQueriesContext(connection) as captured:
        page = paginator.page(2)
        texts = [d.text for d in page.object_list]
        assert (paginator.count, paginator.num_pages, page.has_next()) == (10, 4, True)
    assert texts == ["Ceasefire talks 3", "Ceasefire talks 4", "Ceasefire talks 5"]
    # One query reads the keys and the count, one the rows: no COUNT of its own.
    assert len(captured) == 2
    assert "OVER" in captured[0]["sql"].upper()
    assert "LIMIT" not in captured[0]["sql"].upper()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("texts", "number", "error"),
    [
        (["Ceasefire talks"], 2, EmptyPage),
        (["Ceasefire talks"], 0, EmptyPage),
        (["Ceasefire talks"], "two", PageNotAnInteger),
        (["Ceasefire talks"], 1.5, PageNotAnInteger),
        ([], 2, EmptyPage),
    ],
)
def test_a_full_text_page_out_of_the_list_is_refused_as_django_does(texts, number, error):
    for n, text in enumerate(texts):
        Document.objects.create(text=text, content_hash=f"h{n}")
    listed = Document.objects.search("ceasefire").order_by("pk")
    with pytest.raises(error) as found:
        KeysFirstPaginator(listed, 3).page(number)
    with pytest.raises(error) as expected:
        Paginator(list(listed), 3).page(number)
    assert str(found.value) == str(expected.value)


@pytest.mark.django_db
def test_an_empty_full_text_list_has_an_empty_first_page():
    paginator = KeysFirstPaginator(Document.objects.search("ceasefire").order_by("pk"), 3)
    page = paginator.page(1)
    assert (list(page.object_list), paginator.count) == ([], 0)
