"""API representations of documents and sentences, and the strict input fields of the API.

Input is strict everywhere in the API: strings must be JSON strings, numbers JSON numbers
(``"5"`` is not a number, ``true`` is not ``1``), and a key a resource does not accept is an
error rather than silently dropped. ``claims.serializers`` builds on these fields.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework import serializers

from corpus.ingestion import LIMITS
from corpus.models import Document, Sentence

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# --- Strict input fields --------------------------------------------------------------------


class CalendarDateField(serializers.DateField):
    """A ``YYYY-MM-DD`` date; a well-formed day that does not exist (``2025-02-30``) is named
    as such rather than as a format error."""

    def to_internal_value(self, value):
        if isinstance(value, str) and ISO_DAY.fullmatch(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                self.fail("impossible", value=value.strip())
        return super().to_internal_value(value)

    default_error_messages = {"impossible": "{value} is not a real date."}


class StrictCharField(serializers.CharField):
    """A JSON string and nothing else: numbers and booleans are refused, not converted."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number: strings, booleans and fractions are refused."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    """A finite JSON number: strings and booleans are refused."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float) or not math.isfinite(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false``; ``"yes"``, ``1`` and the like are refused."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class IdField(serializers.PrimaryKeyRelatedField):
    """A related object by its numeric id (a JSON number, not a string)."""

    def to_internal_value(self, data: Any):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictInputSerializer(serializers.Serializer):
    """Refuses keys it does not accept, naming them, instead of dropping them silently."""

    #: Read by ``config.schema`` to document ``additionalProperties: false``.
    refuses_unknown_keys = True

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError(
                    {key: ["This field is not accepted here."] for key in unknown}
                )
        return super().to_internal_value(data)


# --- Documents and sentences ------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    # A plain string: "" when the source is unknown (not an empty "uri").
    url = serializers.CharField(read_only=True, help_text='Where the article was published, or "".')
    sentence_count = serializers.IntegerField(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "title", "url", "outlet", "published", "language", "content_hash",
            "sentence_count", "claim_count", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text"]
        read_only_fields = fields


class SentenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sentence
        fields = ["id", "document", "index", "start", "end", "text"]
        read_only_fields = fields


class DocumentCreateSerializer(StrictInputSerializer):
    """An article to ingest; ``corpus.ingestion.build_article`` checks it further."""

    text = StrictCharField(
        trim_whitespace=False,
        help_text="The article body (plain text). Stored after normalising line endings and "
        "stripping leading and trailing white space; a leading 'date YYYY-MM-DD' line sets "
        "`published`.",
    )
    title = StrictCharField(
        required=False, allow_blank=True, max_length=LIMITS["title"],
        help_text="Headline; derived from the text when omitted.",
    )  # fmt: skip
    url = StrictCharField(
        required=False, allow_blank=True, max_length=LIMITS["url"],
        help_text="Where the article was published (http or https).",
    )  # fmt: skip
    outlet = StrictCharField(required=False, allow_blank=True, max_length=LIMITS["outlet"])
    published = CalendarDateField(
        required=False, allow_null=True, help_text="Publication date, YYYY-MM-DD."
    )
    language = StrictCharField(
        required=False, allow_blank=True, max_length=LIMITS["language"],
        help_text="ISO 639-1 language code; 'en' when omitted.",
    )  # fmt: skip

    def validate_text(self, value: str) -> str:
        # A cheap early bound; build_article applies the exact limit after normalising.
        limit = settings.CLAIMTRACK_MAX_DOCUMENT_CHARS
        if len(value.strip()) > limit:
            raise serializers.ValidationError(
                f"The article is too large ({len(value.strip()):,} characters; the limit is "
                f"{limit:,})."
            )
        return value
