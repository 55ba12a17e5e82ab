"""Streamed exports of claims: CSV, W3C Web Annotation and schema.org ClaimReview (JSON-LD).

Each function takes a queryset of claims (already filtered to what the caller may see) and
yields the export as text pieces, to be streamed. They read plain rows with ``values()`` and
``iterator(chunk_size=...)`` instead of model instances and serializers: one query per chunk
of claims for their conditions (and links), one per document for its text, and memory bounded
by a chunk plus the current document's text, however large the export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db.models import Expression, F, Q, QuerySet
from django.db.models.functions import Substr

from claims.models import Actor, Claim, Condition, CrossReference, Verdict
from corpus.models import Document

#: Rows read from the database at a time.
CHUNK_SIZE = 1000
#: Code points of context on each side in a ``TextQuoteSelector``.
QUOTE_CONTEXT = 32
#: The W3C Web Annotation JSON-LD context.
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Namespace of Claimtrack's own JSON-LD terms (an IRI that names, and need not resolve).
CLAIMTRACK_VOCAB = "urn:claimtrack:vocab:"
#: JSON-LD context of the ClaimReview export: schema.org plus the ``claimtrack:`` extension.
CLAIMREVIEW_CONTEXT = [
    "https://schema.org",
    {
        "claimtrack": CLAIMTRACK_VOCAB,
        "claimtrack:conditions": {"@container": "@list"},
        "claimtrack:start": {"@type": "http://www.w3.org/2001/XMLSchema#integer"},
        "claimtrack:end": {"@type": "http://www.w3.org/2001/XMLSchema#integer"},
    },
]

CSV_COLUMNS = [
    "id", "document", "document_title", "document_url", "outlet", "published", "speaker_id",
    "speaker", "speaker_mention", "cue", "content", "content_start", "content_end", "kind",
    "status", "origin", "check_worthiness", "conditions", "verdict", "created_at", "updated_at",
]  # fmt: skip
#: Text cells starting with these are prefixed with ``'`` so spreadsheets do not run them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def chunks(rows: Iterable[dict[str, Any]], size: int = CHUNK_SIZE) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def span_text(text_path: str | Expression, start: str, end: str) -> Substr:
    """The text of a span, cut out by the database (SQL substrings count code points too).

    Loading ``document.text`` for every claim of a page would copy a whole article per row;
    this sends only the span.
    """
    return Substr(text_path, F(start) + 1, F(end) - F(start))


def _span_texts(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    return claims.annotate(
        cue_text=span_text("document__text", "cue_start", "cue_end"),
        speaker_mention_text=span_text("document__text", "speaker_start", "speaker_end"),
    )


def _conditions_by_claim(claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    rows = (
        Condition.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "start", "id")
        .values("id", "claim_id", "kind", "start", "end", "text", "created_at", "updated_at")
    )
    for row in rows:
        grouped.setdefault(row["claim_id"], []).append(row)
    return grouped


class DocumentTexts:
    """The text of the current document, fetched when the (document-ordered) rows move on."""

    def __init__(self) -> None:
        self.document_id: int | None = None
        self.text = ""

    def __call__(self, document_id: int) -> str:
        if document_id != self.document_id:
            self.text = Document.objects.values_list("text", flat=True).get(pk=document_id)
            self.document_id = document_id
        return self.text


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# --- CSV --------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def claims_csv(claims: QuerySet[Claim]) -> Iterator[str]:
    """The claims as CSV: a header, then one row per claim (offsets in code points)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(value) for value in values])
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    rows = (
        _span_texts(claims)
        .order_by("document_id", "content_start", "id")
        .values(
            "id",
            "document_id",
            "document__title",
            "document__url",
            "document__outlet",
            "document__published",
            "speaker_id",
            "speaker__name",
            "speaker_mention_text",
            "cue_text",
            "text",
            "content_start",
            "content_end",
            "kind",
            "status",
            "origin",
            "check_worthiness",
            "verdict__rating",
            "created_at",
            "updated_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for batch in chunks(rows):
        conditions = _conditions_by_claim([row["id"] for row in batch])
        for row in batch:
            yield line(
                [
                    row["id"],
                    row["document_id"],
                    row["document__title"],
                    row["document__url"],
                    row["document__outlet"],
                    _iso(row["document__published"]) or "",
                    row["speaker_id"] or "",
                    row["speaker__name"] or "",
                    row["speaker_mention_text"] or "",
                    row["cue_text"] or "",
                    row["text"],
                    row["content_start"],
                    row["content_end"],
                    row["kind"],
                    row["status"],
                    row["origin"],
                    row["check_worthiness"],
                    "; ".join(f"{c['kind']}: {c['text']}" for c in conditions.get(row["id"], [])),
                    row["verdict__rating"] or "",
                    _iso(row["created_at"]),
                    _iso(row["updated_at"]),
                ]
            )


# --- W3C Web Annotation -----------------------------------------------------------------------


def text_target(source: str, text: str, start: int, end: int) -> dict[str, Any]:
    """A target in ``source`` (a plain-text resource) with position and quote selectors."""
    return {
        "source": source,
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
                "suffix": text[end : end + QUOTE_CONTEXT],
            },
        ],
    }


def _claim_annotation(row: dict[str, Any], text: str, base_url: str) -> dict[str, Any]:
    claim_url = f"{base_url}api/claims/{row['id']}/"
    speaker = row["speaker__name"] or "The article"
    return {
        "id": f"{claim_url}#annotation",
        "type": "Annotation",
        "motivation": "classifying",
        "created": _iso(row["created_at"]),
        "modified": _iso(row["updated_at"]),
        "body": [
            {"type": "TextualBody", "purpose": "classifying", "value": f"claim:{row['kind']}"},
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": f"{speaker} ({row['status']} claim)",
                "format": "text/plain",
            },
            {"type": "SpecificResource", "purpose": "identifying", "source": claim_url},
        ],
        "target": text_target(
            f"{base_url}api/documents/{row['document_id']}/text/",
            text,
            row["content_start"],
            row["content_end"],
        ),
    }


def _condition_annotation(
    condition: dict[str, Any], document_id: int, text: str, base_url: str
) -> dict[str, Any]:
    return {
        "id": f"{base_url}api/conditions/{condition['id']}/#annotation",
        "type": "Annotation",
        "motivation": "classifying",
        "created": _iso(condition["created_at"]),
        "modified": _iso(condition["updated_at"]),
        "body": [
            {
                "type": "TextualBody",
                "purpose": "classifying",
                "value": f"condition:{condition['kind']}",
            },
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": f"{base_url}api/claims/{condition['claim_id']}/#annotation",
            },
        ],
        "target": text_target(
            f"{base_url}api/documents/{document_id}/text/",
            text,
            condition["start"],
            condition["end"],
        ),
    }


def annotation_collection(
    claims: QuerySet[Claim], *, base_url: str, collection_id: str
) -> Iterator[str]:
    """A W3C ``AnnotationCollection``: one annotation per claim and per condition, in one page.

    Targets point into ``/api/documents/{id}/text/`` (the plain text all offsets count in),
    with a ``TextPositionSelector`` (code points, as the W3C model counts) and a
    ``TextQuoteSelector`` (exact text with up to 32 code points of prefix and suffix).
    """
    total = claims.count() + Condition.objects.filter(claim__in=claims.values("pk")).count()
    head = {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Claims and their conditions",
        "total": total,
    }
    page = {"id": f"{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "first": '
    yield json.dumps(page, ensure_ascii=False)[:-1] + ', "items": [\n'
    texts = DocumentTexts()
    rows = (
        claims.order_by("document_id", "content_start", "id")
        .values(
            "id",
            "document_id",
            "content_start",
            "content_end",
            "kind",
            "status",
            "speaker__name",
            "created_at",
            "updated_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    separator = ""
    for batch in chunks(rows):
        conditions = _conditions_by_claim([row["id"] for row in batch])
        for row in batch:
            text = texts(row["document_id"])
            items = [_claim_annotation(row, text, base_url)]
            items += [
                _condition_annotation(condition, row["document_id"], text, base_url)
                for condition in conditions.get(row["id"], [])
            ]
            for item in items:
                yield separator + json.dumps(item, ensure_ascii=False)
                separator = ",\n"
    yield "\n]}}\n"


# --- schema.org ClaimReview -------------------------------------------------------------------


def _creative_work(document: dict[str, Any], base_url: str) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{base_url}api/documents/{document['id']}/",
        "headline": document["title"],
    }
    if document["url"]:
        work["url"] = document["url"]
    if document["published"]:
        work["datePublished"] = _iso(document["published"])
    if document["outlet"]:
        work["publisher"] = {"@type": "Organization", "name": document["outlet"]}
    return work


def _appearance_key(document: dict[str, Any]) -> tuple:
    published = document["published"]
    return (published is None, published or "", document["id"])


DOCUMENT_FIELDS = ("id", "title", "url", "outlet", "published")


def _same_claim_documents(
    claim_ids: list[int], *, public_only: bool
) -> dict[int, list[dict[str, Any]]]:
    """Per claim, the documents of claims confirmed to be the same claim (direct links)."""
    links = CrossReference.objects.filter(
        relation=CrossReference.Relation.SAME_CLAIM, status=CrossReference.Status.CONFIRMED
    ).filter(Q(source_id__in=claim_ids) | Q(target_id__in=claim_ids))
    if public_only:
        links = links.filter(
            source__status=Claim.Status.ACCEPTED, target__status=Claim.Status.ACCEPTED
        )
    fields = [
        f"{end}__document__{name}" for end in ("source", "target") for name in DOCUMENT_FIELDS
    ]
    wanted = set(claim_ids)
    found: dict[int, list[dict[str, Any]]] = {}
    for link in links.values("source_id", "target_id", *fields):
        for mine, other in (("source", "target"), ("target", "source")):
            if link[f"{mine}_id"] in wanted:
                found.setdefault(link[f"{mine}_id"], []).append(
                    {name: link[f"{other}__document__{name}"] for name in DOCUMENT_FIELDS}
                )
    return found


def _claim_author(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["speaker__name"]:
        kind = "Person" if row["speaker__kind"] == Actor.Kind.PERSON else "Organization"
        return {"@type": kind, "name": row["speaker__name"]}
    if row["document__outlet"]:
        return {"@type": "Organization", "name": row["document__outlet"]}
    return None


def _reviewer(row: dict[str, Any]) -> dict[str, Any] | None:
    full_name = " ".join(
        part
        for part in (row["verdict__reviewer__first_name"], row["verdict__reviewer__last_name"])
        if part
    )
    name = full_name or row["verdict__reviewer__username"]
    return {"@type": "Person", "name": name} if name else None


def _rating(rating: str) -> dict[str, Any]:
    value = Verdict.RATING_VALUES.get(rating)
    result: dict[str, Any] = {
        "@type": "Rating",
        "bestRating": max(Verdict.RATING_VALUES.values()),
        "worstRating": min(Verdict.RATING_VALUES.values()),
        "alternateName": Verdict.Rating(rating).label,
    }
    if value is not None:
        result["ratingValue"] = value
    return result


def claim_reviews(claims: QuerySet[Claim], *, base_url: str, public_only: bool) -> Iterator[str]:
    """schema.org ``ClaimReview`` items, one per claim with a verdict, in a JSON-LD ``@graph``.

    ``itemReviewed`` is the ``Claim``: its ``author`` (the speaker; the outlet for the article's
    own voice), its ``appearance`` (this article and the articles of claims confirmed as the
    same claim) and ``firstAppearance`` (the earliest of those by publication date). The
    conditions that bound the claim, which ClaimReview has no property for, are carried in
    ``claimtrack:conditions``: an ordered list of ``claimtrack:Condition`` with
    ``claimtrack:kind``, ``claimtrack:text``, ``claimtrack:start`` and ``claimtrack:end``.
    """
    yield '{"@context": ' + json.dumps(CLAIMREVIEW_CONTEXT) + ', "@graph": [\n'
    rows = (
        claims.filter(verdict__isnull=False)
        .order_by("document_id", "content_start", "id")
        .values(
            "id",
            "text",
            "speaker__name",
            "speaker__kind",
            "verdict__id",
            "verdict__rating",
            "verdict__explanation",
            "verdict__reviewed_on",
            "verdict__reviewer__username",
            "verdict__reviewer__first_name",
            "verdict__reviewer__last_name",
            *(f"document__{name}" for name in DOCUMENT_FIELDS),
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    separator = ""
    for batch in chunks(rows):
        ids = [row["id"] for row in batch]
        conditions = _conditions_by_claim(ids)
        same = _same_claim_documents(ids, public_only=public_only)
        for row in batch:
            own = {name: row[f"document__{name}"] for name in DOCUMENT_FIELDS}
            documents = {doc["id"]: doc for doc in [own, *same.get(row["id"], [])]}
            appearances = sorted(documents.values(), key=_appearance_key)
            claim: dict[str, Any] = {
                "@type": "Claim",
                "text": row["text"],
                "appearance": [_creative_work(doc, base_url) for doc in appearances],
                "firstAppearance": _creative_work(appearances[0], base_url),
            }
            author = _claim_author(row)
            if author:
                claim["author"] = author
            if appearances[0]["published"]:
                claim["datePublished"] = _iso(appearances[0]["published"])
            review: dict[str, Any] = {
                "@type": "ClaimReview",
                "@id": f"{base_url}api/verdicts/{row['verdict__id']}/",
                "url": f"{base_url}claims/{row['id']}/",
                "claimReviewed": row["text"],
                "datePublished": _iso(row["verdict__reviewed_on"]),
                "itemReviewed": claim,
                "reviewRating": _rating(row["verdict__rating"]),
                "claimtrack:conditions": [
                    {
                        "@type": "claimtrack:Condition",
                        "claimtrack:kind": condition["kind"],
                        "claimtrack:text": condition["text"],
                        "claimtrack:start": condition["start"],
                        "claimtrack:end": condition["end"],
                    }
                    for condition in conditions.get(row["id"], [])
                ],
            }
            reviewer = _reviewer(row)
            if reviewer:
                review["author"] = reviewer
            if row["verdict__explanation"]:
                review["reviewBody"] = row["verdict__explanation"]
            yield separator + json.dumps(review, ensure_ascii=False)
            separator = ",\n"
    yield "\n]}\n"


# --- JSON Schemas of the JSON-LD exports, for the OpenAPI document ----------------------------

_STRING = {"type": "string"}
_SELECTOR = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {"type": "string", "enum": ["TextPositionSelector", "TextQuoteSelector"]},
        "start": {"type": "integer", "description": "First code point (inclusive)."},
        "end": {"type": "integer", "description": "Code point after the last (exclusive)."},
        "exact": _STRING,
        "prefix": _STRING,
        "suffix": _STRING,
    },
}
ANNOTATION_SCHEMA = {
    "type": "object",
    "required": ["id", "type", "motivation", "body", "target"],
    "properties": {
        "id": _STRING,
        "type": {"type": "string", "enum": ["Annotation"]},
        "motivation": _STRING,
        "created": {"type": "string", "format": "date-time"},
        "modified": {"type": "string", "format": "date-time"},
        "body": {"type": "array", "items": {"type": "object"}},
        "target": {
            "type": "object",
            "required": ["source", "selector"],
            "properties": {
                "source": {
                    "type": "string",
                    "description": "The document's plain text, /api/documents/{id}/text/.",
                },
                "selector": {"type": "array", "items": _SELECTOR},
            },
        },
    },
}
ANNOTATION_COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["@context", "id", "type", "total", "first"],
    "properties": {
        "@context": {"type": "string", "enum": [ANNO_CONTEXT]},
        "id": _STRING,
        "type": {"type": "string", "enum": ["AnnotationCollection"]},
        "label": _STRING,
        "total": {"type": "integer"},
        "first": {
            "type": "object",
            "required": ["type", "items"],
            "properties": {
                "id": _STRING,
                "type": {"type": "string", "enum": ["AnnotationPage"]},
                "startIndex": {"type": "integer"},
                "items": {"type": "array", "items": ANNOTATION_SCHEMA},
            },
        },
    },
}
CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "required": ["@context", "@graph"],
    "properties": {
        "@context": {"type": "array", "description": "schema.org plus the claimtrack: terms."},
        "@graph": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["@type", "claimReviewed", "itemReviewed", "reviewRating"],
                "properties": {
                    "@type": {"type": "string", "enum": ["ClaimReview"]},
                    "@id": _STRING,
                    "url": _STRING,
                    "claimReviewed": _STRING,
                    "datePublished": {"type": "string", "format": "date"},
                    "reviewBody": _STRING,
                    "author": {"type": "object"},
                    "itemReviewed": {
                        "type": "object",
                        "required": ["@type", "appearance", "firstAppearance"],
                        "properties": {
                            "@type": {"type": "string", "enum": ["Claim"]},
                            "author": {"type": "object"},
                            "appearance": {"type": "array", "items": {"type": "object"}},
                            "firstAppearance": {"type": "object"},
                        },
                    },
                    "reviewRating": {
                        "type": "object",
                        "required": ["@type", "bestRating", "worstRating", "alternateName"],
                        "properties": {
                            "@type": {"type": "string", "enum": ["Rating"]},
                            "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                            "bestRating": {"type": "integer"},
                            "worstRating": {"type": "integer"},
                            "alternateName": _STRING,
                        },
                    },
                    "claimtrack:conditions": {
                        "type": "array",
                        "description": "The conditions bounding the claim (extension).",
                        "items": {"type": "object"},
                    },
                },
            },
        },
    },
}
