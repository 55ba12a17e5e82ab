"""FilterSets for documents and sentences, shared by the API and the HTML list pages."""

from __future__ import annotations

import django_filters

from corpus.models import Document, Sentence


class DocumentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search title, outlet and text")
    outlet = django_filters.CharFilter(field_name="outlet", lookup_expr="iexact")
    published_after = django_filters.DateFilter(field_name="published", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published", lookup_expr="lte")

    class Meta:
        model = Document
        fields = ["q", "outlet", "published_after", "published_before"]

    def filter_q(self, queryset, name: str, value: str):
        return queryset.search(value) if value.strip() else queryset


class SentenceFilterSet(django_filters.FilterSet):
    document = django_filters.ModelChoiceFilter(queryset=Document.objects.all())

    class Meta:
        model = Sentence
        fields = ["document"]
