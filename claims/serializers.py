"""API representations of claims and related resources (field mapping and input checks only).

Output serializers read what the viewsets' querysets already loaded (no queries of their own).
Input serializers check shape, types and offsets and hand plain values to the services in
``claims.review``; the rules about what may change live there.

Input is strict: strings must be strings, numbers numbers (``"5"`` is not a number, ``true`` is
not ``1``), and a key the resource does not accept is an error rather than silently ignored.
Spans are ``{"start", "end"}`` objects with half-open ``[start, end)`` code point offsets.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Verdict
from corpus.models import Document, Sentence
from corpus.serializers import (
    CalendarDateField,
    IdField,
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictInputSerializer,
    StrictIntegerField,
)

#: Model field names as the API names them, for errors raised by the services.
CLAIM_FIELD_NAMES = {
    "content_start": "content", "content_end": "content", "cue_start": "cue", "cue_end": "cue",
    "speaker_start": "speaker_mention", "speaker_end": "speaker_mention",
}  # fmt: skip


def check_span(span: dict[str, int] | None, text_length: int) -> str | None:
    """Why ``span`` does not fit a document of ``text_length`` code points, or ``None``."""
    if span is None:
        return None
    if span["end"] > text_length:
        return (
            f"Span [{span['start']}, {span['end']}) lies outside the document text "
            f"(length {text_length})."
        )
    return None


# --- Small shared shapes ----------------------------------------------------------------------


class SpanSerializer(serializers.Serializer):
    """A span of the document text: ``text == document.text[start:end]``."""

    start = serializers.IntegerField(help_text="First code point (inclusive).")
    end = serializers.IntegerField(help_text="Code point after the last one (exclusive).")
    text = serializers.CharField()


class SpanInputSerializer(StrictInputSerializer):
    """A span to set: ``0 <= start < end <= len(document.text)``."""

    start = StrictIntegerField(min_value=0, help_text="First code point (inclusive).")
    end = StrictIntegerField(min_value=1, help_text="Code point after the last one (exclusive).")

    def validate(self, attrs: dict[str, int]) -> dict[str, int]:
        # In a PATCH the nested fields are optional too; a span still needs both ends.
        missing = {
            name: ["This field is required."] for name in ("start", "end") if name not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        if attrs["start"] >= attrs["end"]:
            raise serializers.ValidationError(
                {"end": [f"The end ({attrs['end']}) must be after the start ({attrs['start']})."]}
            )
        return attrs


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name"]
        read_only_fields = fields


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]
        read_only_fields = fields


def _span_of(start: int | None, end: int | None, text: str | None) -> dict | None:
    if start is None or end is None:
        return None
    return {"start": start, "end": end, "text": text or ""}


# --- Claims -----------------------------------------------------------------------------------


def _loaded(instance: Any, to_attr: str, relation: str) -> list:
    """Related rows prefetched into ``to_attr``, or else read through the relation."""
    rows = getattr(instance, to_attr, None)
    return list(getattr(instance, relation).all()) if rows is None else rows


def _sentence_ids(claim: Claim) -> list[int]:
    ids = getattr(claim, "sentence_ids", None)
    if ids is None:
        ids = [sentence.pk for sentence in _loaded(claim, "sentence_list", "sentences")]
    return ids


class ClaimConditionSerializer(serializers.ModelSerializer):
    """A condition as embedded in its claim."""

    class Meta:
        model = Condition
        fields = ["id", "kind", "start", "end", "text"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    """A claim with its spans; expects the queryset of ``claims.api.claim_queryset()``."""

    sentences = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    speaker = SpeakerSerializer(read_only=True, allow_null=True)
    speaker_mention = serializers.SerializerMethodField()
    cue = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    conditions = ClaimConditionSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "document", "sentences", "speaker", "speaker_mention", "cue", "content",
            "kind", "status", "origin", "check_worthiness", "conditions", "version", "edited",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, claim: Claim) -> dict[str, Any]:
        """The same JSON as the declared fields give, built directly from the loaded row.

        A list page of 100 claims went through some 3,000 field calls (nested speaker and
        condition serializers, method fields, attribute lookups), several times the cost of
        its queries. The declared fields still define the schema and the order of the keys;
        ``tests/api/test_claims.py`` checks that both ways give the same output.
        """
        timestamp = self._timestamp_formatter()
        speaker = claim.speaker
        return {
            "id": claim.pk,
            "document": claim.document_id,
            "sentences": _sentence_ids(claim),
            "speaker": None if speaker is None else {"id": speaker.pk, "name": speaker.name},
            "speaker_mention": self.get_speaker_mention(claim),
            "cue": self.get_cue(claim),
            "content": self.get_content(claim),
            "kind": claim.kind,
            "status": claim.status,
            "origin": claim.origin,
            "check_worthiness": float(claim.check_worthiness),
            "conditions": [
                {"id": c.pk, "kind": c.kind, "start": c.start, "end": c.end, "text": c.text}
                for c in _loaded(claim, "condition_list", "conditions")
            ],
            "version": claim.version,
            "edited": claim.edited,
            "created_at": timestamp(claim.created_at),
            "updated_at": timestamp(claim.updated_at),
        }

    def _timestamp_formatter(self):
        """What ``DateTimeField.to_representation`` gives, with its settings read once.

        The field asks for the current time zone on every value; a page of 100 claims spent a
        tenth of its time there. Formats other than ISO 8601 go through the field itself.
        """
        formatter = getattr(self, "_timestamp", None)
        if formatter is None:
            # A field of its own: ``self.fields`` would build every declared field of the
            # serializer (model introspection) for each request.
            field = serializers.DateTimeField(read_only=True)
            zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
            output = getattr(field, "format", api_settings.DATETIME_FORMAT)
            if zone is None or output is None or output.lower() != ISO_8601:
                formatter = field.to_representation
            else:

                def formatter(value):
                    if not value or not timezone.is_aware(value):
                        return field.to_representation(value)
                    text = value.astimezone(zone).isoformat()
                    return text[:-6] + "Z" if text.endswith("+00:00") else text

            self._timestamp = formatter
        return formatter

    def field_by_field(self, claim: Claim) -> dict[str, Any]:
        """The representation DRF builds from the declared fields (what the fast path matches)."""
        return super().to_representation(claim)

    @extend_schema_field(SpanSerializer(allow_null=True))
    def get_speaker_mention(self, claim: Claim) -> dict | None:
        if hasattr(claim, "speaker_mention_text"):
            return _span_of(claim.speaker_start, claim.speaker_end, claim.speaker_mention_text)
        return claim.speaker_mention

    @extend_schema_field(SpanSerializer(allow_null=True))
    def get_cue(self, claim: Claim) -> dict | None:
        if hasattr(claim, "cue_text"):
            return _span_of(claim.cue_start, claim.cue_end, claim.cue_text)
        return claim.cue

    @extend_schema_field(SpanSerializer)
    def get_content(self, claim: Claim) -> dict:
        return {"start": claim.content_start, "end": claim.content_end, "text": claim.text}


class ClaimEditSerializer(StrictInputSerializer):
    """The editable parts of a claim (PUT: all required; PATCH: any subset)."""

    content = SpanInputSerializer(help_text="The claim's content span.")
    cue = SpanInputSerializer(
        allow_null=True, help_text="The reporting verb or phrase, or null for none."
    )
    speaker = IdField(
        queryset=Actor.objects.only("id"),
        allow_null=True,
        help_text="Actor id of the speaker; null for the article's own voice.",
    )
    speaker_mention = SpanInputSerializer(
        allow_null=True, help_text="Where the speaker is named for this claim, or null."
    )
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    status = serializers.ChoiceField(choices=Claim.Status.choices)
    check_worthiness = StrictFloatField(min_value=0.0, max_value=1.0)
    version = StrictIntegerField(
        min_value=1,
        required=False,
        write_only=True,
        help_text="The version you edited (like If-Match); a stale one gets 412.",
    )

    def document_text_length(self, attrs: dict[str, Any]) -> int:
        return len(self.context["document"].text)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        length = self.document_text_length(attrs)
        errors = {
            name: [reason]
            for name in ("content", "cue", "speaker_mention")
            if name in attrs and (reason := check_span(attrs[name], length))
        }
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def service_changes(self) -> dict[str, Any]:
        """The validated input as ``claims.review`` keyword arguments (``*_start``/``*_end``)."""
        changes: dict[str, Any] = {}
        for name, prefix in (
            ("content", "content_"),
            ("cue", "cue_"),
            ("speaker_mention", "speaker_"),
        ):
            if name in self.validated_data:
                span = self.validated_data[name]
                changes[f"{prefix}start"] = span["start"] if span else None
                changes[f"{prefix}end"] = span["end"] if span else None
        for name in ("speaker", "kind", "status", "check_worthiness"):
            if name in self.validated_data:
                changes[name] = self.validated_data[name]
        return changes


class ClaimCreateSerializer(ClaimEditSerializer):
    """A claim an editor adds by choosing spans of a document."""

    document = IdField(queryset=Document.objects.all())
    cue = SpanInputSerializer(allow_null=True, required=False)
    speaker = IdField(queryset=Actor.objects.only("id"), allow_null=True, required=False)
    speaker_mention = SpanInputSerializer(allow_null=True, required=False)
    status = serializers.ChoiceField(choices=Claim.Status.choices, default=Claim.Status.ACCEPTED)
    check_worthiness = StrictFloatField(min_value=0.0, max_value=1.0, default=0.5)
    version = None

    def document_text_length(self, attrs: dict[str, Any]) -> int:
        return len(attrs["document"].text)

    def service_changes(self) -> dict[str, Any]:
        return {**super().service_changes(), "document": self.validated_data["document"]}


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class HistorySubjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["claim", "condition", "annotation", "verdict", "crossref"]
    )
    id = serializers.IntegerField(help_text="Id of the claim, condition, note, verdict or link.")


class HistoryRecordSerializer(serializers.Serializer):
    """One saved state of a claim or of something attached to it: who, when, and what changed
    since that object's state before."""

    id = serializers.IntegerField(help_text="History record id (unique per subject type).")
    subject = HistorySubjectSerializer(help_text="What changed: the claim or an attached object.")
    date = serializers.DateTimeField()
    type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    user = serializers.CharField(allow_null=True, help_text="Username of who made the change.")
    version = serializers.IntegerField(
        allow_null=True, help_text="The claim's version (null for attached objects)."
    )
    changes = HistoryChangeSerializer(many=True)


# --- Actors -----------------------------------------------------------------------------------


class ActorSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Actor
        fields = [
            "id", "name", "kind", "aliases", "description", "claim_count", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ActorWriteSerializer(StrictInputSerializer):
    name = StrictCharField(max_length=300)
    kind = serializers.ChoiceField(choices=Actor.Kind.choices, default=Actor.Kind.PERSON)
    aliases = serializers.ListField(
        child=StrictCharField(max_length=300), max_length=500, default=list
    )
    description = StrictCharField(allow_blank=True, max_length=5000, default="")


class ActorMergeSerializer(StrictInputSerializer):
    others = serializers.ListField(
        child=IdField(queryset=Actor.objects.all()),
        min_length=1,
        max_length=100,
        help_text="Ids of the actors to merge into this one; they are deleted.",
    )


# --- Conditions -------------------------------------------------------------------------------


class ConditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Condition
        fields = [
            "id", "claim", "kind", "start", "end", "text", "origin", "edited", "outcome",
            "outcome_sentence", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ConditionUpdateSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=Condition.Kind.choices)
    start = StrictIntegerField(min_value=0)
    end = StrictIntegerField(min_value=1)
    outcome = serializers.ChoiceField(choices=Condition.Outcome.choices)
    outcome_sentence = IdField(
        queryset=Sentence.objects.only("id"),
        allow_null=True,
        help_text="A sentence (any document) showing the condition met or broken.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        condition: Condition | None = self.context.get("condition")
        claim: Claim = attrs.get("claim") or condition.claim
        start = attrs.get("start", condition.start if condition else None)
        end = attrs.get("end", condition.end if condition else None)
        if start is not None and end is not None:
            if start >= end:
                raise serializers.ValidationError(
                    {"end": [f"The end ({end}) must be after the start ({start})."]}
                )
            reason = check_span({"start": start, "end": end}, len(claim.document.text))
            if reason:
                raise serializers.ValidationError({"end": [reason]})
        return attrs


class ConditionCreateSerializer(ConditionUpdateSerializer):
    claim = IdField(queryset=Claim.objects.select_related("document"))
    outcome = None
    outcome_sentence = None


# --- Cross-references -------------------------------------------------------------------------


class CrossReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrossReference
        fields = [
            "id", "source", "target", "relation", "score", "status", "origin", "note",
            "conditions_differ", "created_at", "updated_at", "reviewed_at",
        ]  # fmt: skip
        read_only_fields = fields


class CrossReferenceCreateSerializer(StrictInputSerializer):
    source = IdField(queryset=Claim.objects.all())
    target = IdField(queryset=Claim.objects.all())
    relation = serializers.ChoiceField(choices=CrossReference.Relation.choices)
    note = StrictCharField(allow_blank=True, max_length=5000, default="")
    conditions_differ = StrictBooleanField(default=False)


class CrossReferenceReviewSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=CrossReference.Status.choices)
    relation = serializers.ChoiceField(choices=CrossReference.Relation.choices)
    note = StrictCharField(allow_blank=True, max_length=5000)


class CrossReferenceDecisionSerializer(StrictInputSerializer):
    """Optional corrections made while confirming or rejecting a link."""

    relation = serializers.ChoiceField(choices=CrossReference.Relation.choices, required=False)
    note = StrictCharField(allow_blank=True, max_length=5000, required=False)


# --- Annotations ------------------------------------------------------------------------------


class AnnotationSerializer(serializers.ModelSerializer):
    author = UserSerializer(read_only=True, allow_null=True)
    span = serializers.SerializerMethodField()

    class Meta:
        model = Annotation
        fields = ["id", "claim", "author", "body", "span", "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(SpanSerializer(allow_null=True))
    def get_span(self, annotation: Annotation) -> dict | None:
        return _span_of(annotation.start, annotation.end, getattr(annotation, "span_text", None))


class AnnotationCreateSerializer(StrictInputSerializer):
    claim = IdField(queryset=Claim.objects.select_related("document"))
    body = StrictCharField(max_length=20_000, help_text="The note, in plain text.")
    span = SpanInputSerializer(
        allow_null=True, required=False, help_text="Optional span of the claim's document."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        reason = check_span(attrs.get("span"), len(attrs["claim"].document.text))
        if reason:
            raise serializers.ValidationError({"span": [reason]})
        return attrs


class AnnotationUpdateSerializer(StrictInputSerializer):
    body = StrictCharField(max_length=20_000, help_text="The note, in plain text.")
    span = SpanInputSerializer(
        allow_null=True, help_text="Span of the claim's document the note is about, or null."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        note: Annotation = self.context["annotation"]
        reason = check_span(attrs.get("span"), len(note.claim.document.text))
        if reason:
            raise serializers.ValidationError({"span": [reason]})
        return attrs


# --- Verdicts ---------------------------------------------------------------------------------


class VerdictSerializer(serializers.ModelSerializer):
    rating_value = serializers.SerializerMethodField(
        help_text="ClaimReview ratingValue: 1 (false) to 5 (true); null when unverifiable."
    )
    reviewer = UserSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Verdict
        fields = [
            "id", "claim", "rating", "rating_value", "explanation", "reviewer", "reviewed_on",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_rating_value(self, verdict: Verdict) -> int | None:
        return verdict.rating_value


class VerdictUpdateSerializer(StrictInputSerializer):
    rating = serializers.ChoiceField(choices=Verdict.Rating.choices)
    explanation = StrictCharField(allow_blank=True, max_length=20_000)
    reviewed_on = CalendarDateField(help_text="Date of the review; today when omitted.")


class VerdictCreateSerializer(VerdictUpdateSerializer):
    """Rate a claim; a claim has one verdict, so this replaces an existing one."""

    claim = IdField(queryset=Claim.objects.all())
    explanation = StrictCharField(allow_blank=True, max_length=20_000, default="")
    reviewed_on = CalendarDateField(required=False)


class FamilyMemberSerializer(serializers.Serializer):
    """One claim of a family, with where and when it appeared."""

    id = serializers.IntegerField()
    document = serializers.IntegerField()
    published = serializers.DateField(allow_null=True)
    speaker = SpeakerSerializer(allow_null=True)
    text = serializers.CharField()


class FamilySerializer(serializers.Serializer):
    """Claims joined by confirmed ``same_claim`` links, first appearance first."""

    first_appearance = FamilyMemberSerializer()
    members = FamilyMemberSerializer(many=True)
