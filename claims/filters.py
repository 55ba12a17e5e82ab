"""FilterSets for claims and related resources, shared by the API and the HTML list pages."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Verdict
from corpus.models import Document, Sentence


class StrictBooleanSelect(forms.NullBooleanSelect):
    """The "Any / Yes / No" select, handing the submitted string to the field unchanged.

    Django's own widget turns anything it does not know into "unknown", so a typo such as
    ``?has_conditions=perhaps`` would silently list everything.
    """

    def value_from_datadict(self, data, files, name: str):
        return data.get(name)


class StrictNullBooleanField(forms.NullBooleanField):
    """Yes, no or any; any other value is an error naming what was sent."""

    widget = StrictBooleanSelect
    TRUE = ("true", "True", "1")
    FALSE = ("false", "False", "0")
    ANY = ("", "unknown")

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        if value in self.ANY:
            return None
        raise ValidationError(
            "Must be true or false (got %(value)r).", code="invalid", params={"value": value}
        )


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter that refuses values other than true/false (1/0) instead of ignoring them."""

    field_class = StrictNullBooleanField


class ClaimFilterSet(django_filters.FilterSet):
    document = django_filters.ModelChoiceFilter(queryset=Document.objects.only("id", "title"))
    speaker = django_filters.ModelChoiceFilter(queryset=Actor.objects.only("id", "name"))
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    origin = django_filters.ChoiceFilter(choices=Claim._meta.get_field("origin").choices)
    has_conditions = StrictBooleanFilter(method="filter_has_conditions")
    condition_kind = django_filters.ChoiceFilter(
        choices=Condition.Kind.choices, method="filter_condition_kind"
    )
    q = django_filters.CharFilter(method="filter_q", label="Search claim text and speaker")
    published_after = django_filters.DateFilter(field_name="document__published", lookup_expr="gte")
    published_before = django_filters.DateFilter(
        field_name="document__published", lookup_expr="lte"
    )
    sentence = django_filters.ModelChoiceFilter(
        queryset=Sentence.objects.only("id"), method="filter_sentence"
    )

    class Meta:
        model = Claim
        fields = [
            "document", "speaker", "status", "kind", "origin", "has_conditions",
            "condition_kind", "q", "published_after", "published_before", "sentence",
        ]  # fmt: skip

    def filter_has_conditions(self, queryset, name: str, value: bool | None):
        return queryset if value is None else queryset.with_conditions(value)

    def filter_condition_kind(self, queryset, name: str, value: str):
        if not value:
            return queryset
        return queryset.filter(pk__in=Condition.objects.filter(kind=value).values("claim_id"))

    def filter_q(self, queryset, name: str, value: str):
        return queryset.search(value) if value.strip() else queryset

    def filter_sentence(self, queryset, name: str, value: Sentence | None):
        if value is None:
            return queryset
        return queryset.filter(
            pk__in=Claim.sentences.through.objects.filter(sentence=value).values("claim_id")
        )


class ActorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search names, aliases and roles")
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)

    class Meta:
        model = Actor
        fields = ["q", "kind"]

    def filter_q(self, queryset, name: str, value: str):
        return queryset.search(value) if value.strip() else queryset


class ConditionFilterSet(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=Claim.objects.only("id"))
    kind = django_filters.ChoiceFilter(choices=Condition.Kind.choices)
    document = django_filters.ModelChoiceFilter(
        queryset=Document.objects.only("id"), field_name="claim__document"
    )

    class Meta:
        model = Condition
        fields = ["claim", "kind", "document"]


class CrossReferenceFilterSet(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(
        queryset=Claim.objects.only("id"), method="filter_claim", label="Either end"
    )
    relation = django_filters.ChoiceFilter(choices=CrossReference.Relation.choices)
    status = django_filters.ChoiceFilter(choices=CrossReference.Status.choices)

    class Meta:
        model = CrossReference
        fields = ["claim", "relation", "status"]

    def filter_claim(self, queryset, name: str, value: Claim | None):
        if value is None:
            return queryset
        return queryset.filter(Q(source=value) | Q(target=value))


class AnnotationFilterSet(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=Claim.objects.only("id"))
    author = django_filters.NumberFilter(field_name="author_id")

    class Meta:
        model = Annotation
        fields = ["claim", "author"]


class VerdictFilterSet(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=Claim.objects.only("id"))
    rating = django_filters.ChoiceFilter(choices=Verdict.Rating.choices)
    reviewed_after = django_filters.DateFilter(field_name="reviewed_on", lookup_expr="gte")
    reviewed_before = django_filters.DateFilter(field_name="reviewed_on", lookup_expr="lte")

    class Meta:
        model = Verdict
        fields = ["claim", "rating", "reviewed_after", "reviewed_before"]
