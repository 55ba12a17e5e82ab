"""API representations of documents and sentences (field mapping only)."""

from __future__ import annotations

from rest_framework import serializers

from corpus.models import Document, Sentence


class DocumentSerializer(serializers.ModelSerializer):
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
