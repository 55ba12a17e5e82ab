"""API viewsets for claims and everything editors attach to them, and the export endpoints.

Reads: anonymous users see accepted claims and what hangs off them publicly (their conditions
and verdicts; links only when confirmed and both ends accepted; editors' notes not at all);
signed-in users see everything. Writes are for editors and go through ``claims.review`` only.
Each viewset's ``get_queryset()`` loads exactly what its serializer reads, so the number of
queries for a page does not depend on its size (tested in ``tests/api/test_query_budgets.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from claims import exports, review
from claims.dump import dump_lines
from claims.exports import span_text
from claims.families import family_of
from claims.filters import (
    ActorFilterSet,
    AnnotationFilterSet,
    ClaimFilterSet,
    ConditionFilterSet,
    CrossReferenceFilterSet,
    VerdictFilterSet,
)
from claims.history import claim_history_rows
from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Verdict
from claims.permissions import IsSignedIn
from claims.serializers import (
    CLAIM_FIELD_NAMES,
    ActorMergeSerializer,
    ActorSerializer,
    ActorWriteSerializer,
    AnnotationCreateSerializer,
    AnnotationSerializer,
    AnnotationUpdateSerializer,
    ClaimCreateSerializer,
    ClaimEditSerializer,
    ClaimSerializer,
    ConditionCreateSerializer,
    ConditionSerializer,
    ConditionUpdateSerializer,
    CrossReferenceCreateSerializer,
    CrossReferenceDecisionSerializer,
    CrossReferenceReviewSerializer,
    CrossReferenceSerializer,
    FamilySerializer,
    HistoryRecordSerializer,
    VerdictCreateSerializer,
    VerdictSerializer,
    VerdictUpdateSerializer,
)
from claims.services import article_ingest
from config.exceptions import PreconditionFailed, validation_error_detail
from config.pagination import KeysFirstPagination
from config.schema import ERROR
from corpus import api as corpus_api
from corpus.ingestion import ArticleInput
from corpus.models import Document, Sentence
from corpus.services import IngestResult

# --- Helpers ----------------------------------------------------------------------------------


def claim_queryset(user) -> QuerySet[Claim]:
    """The claims ``user`` may see, with what ``ClaimSerializer`` reads, in 3 queries a page.

    Speaker by join; conditions and sentence ids prefetched into plain lists (``to_attr``:
    Django otherwise builds a related manager and a queryset per claim and relation, which
    cost more than the prefetch queries themselves); cue and speaker-mention texts cut out in
    SQL from a subquery on the document, so that the page's ``COUNT`` needs no join.
    (``ClaimQuerySet.for_list()`` joins the whole document, text included, which the API does
    not need.)
    """
    document_text = Subquery(Document.objects.filter(pk=OuterRef("document_id")).values("text"))
    return (
        Claim.objects.visible_to(user)
        .select_related("speaker")
        .prefetch_related(
            Prefetch(
                "conditions",
                queryset=Condition.objects.only("id", "claim", "kind", "start", "end", "text"),
                to_attr="condition_list",
            ),
            Prefetch("sentences", queryset=Sentence.objects.only("id"), to_attr="sentence_list"),
        )
        .annotate(
            cue_text=span_text(document_text, "cue_start", "cue_end"),
            speaker_mention_text=span_text(document_text, "speaker_start", "speaker_end"),
        )
    )


class ConditionRow(NamedTuple):
    """A condition as a claim list shows it, read with ``values_list`` (no model instance)."""

    id: int
    kind: str
    start: int
    end: int
    text: str

    @property
    def pk(self) -> int:
        return self.id


#: What a claims list page reads of each claim, as ``values()`` (see ``ClaimViewSet.list``).
LIST_VALUES = (
    "id", "document_id", "speaker_id", "speaker__name", "speaker_start", "speaker_end",
    "cue_start", "cue_end", "content_start", "content_end", "text", "kind", "status", "origin",
    "check_worthiness", "version", "edited", "created_at", "updated_at", "cue_text",
    "speaker_mention_text",
)  # fmt: skip


def list_row(values: dict[str, Any]) -> SimpleNamespace:
    """A claim of a list page, as ``ClaimSerializer`` reads it, from its ``values()`` row."""
    speaker_id, name = values.pop("speaker_id"), values.pop("speaker__name")
    speaker = None if speaker_id is None else SimpleNamespace(pk=speaker_id, name=name)
    return SimpleNamespace(pk=values["id"], speaker=speaker, **values)


def attach_list_relations(claims: list) -> None:
    """Give a page of claims their conditions and sentence ids in two plain queries.

    What ``claim_queryset``'s prefetches give (in the same order), without building a model
    instance per condition and sentence: on a page of 100 claims that was a fifth of the time
    of the request.
    """
    ids = [claim.pk for claim in claims]
    conditions: dict[int, list[ConditionRow]] = defaultdict(list)
    sentences: dict[int, list[int]] = defaultdict(list)
    if ids:
        for claim_id, *row in (
            Condition.objects.filter(claim_id__in=ids)
            .order_by("start", "id")
            .values_list("claim_id", "id", "kind", "start", "end", "text")
        ):
            conditions[claim_id].append(ConditionRow(*row))
        for claim_id, sentence_id in (
            Claim.sentences.through.objects.filter(claim_id__in=ids)
            .order_by("sentence__document_id", "sentence__index")
            .values_list("claim_id", "sentence_id")
        ):
            sentences[claim_id].append(sentence_id)
    for claim in claims:
        claim.condition_list = conditions[claim.pk]
        claim.sentence_ids = sentences[claim.pk]


def claim_etag(claim: Claim) -> str:
    return f'"claim-{claim.pk}-v{claim.version}"'


def if_match_version(request: Request, claim: Claim) -> int | None:
    """The version an ``If-Match`` header vouches for, or ``None`` without one (or ``*``).

    A header that names no current ETag of this claim means the client edited an older
    version: 412, nothing changed.
    """
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    tags = {tag.strip() for tag in header.split(",")}
    if claim_etag(claim) in tags:
        return claim.version
    raise PreconditionFailed(
        f"Claim {claim.pk} is at version {claim.version} (ETag {claim_etag(claim)}); your "
        "If-Match names another. Reload it and apply your change again."
    )


@contextmanager
def service_errors(rename: dict[str, str] | None = None) -> Iterator[None]:
    """Turn a service's ``ValidationError`` into a 400 that uses the API's field names."""
    try:
        yield
    except DjangoValidationError as exc:
        raise ValidationError(validation_error_detail(exc, rename)) from None


def refuse_empty(data: dict[str, Any]) -> None:
    if not data:
        raise ValidationError({"non_field_errors": ["Nothing to change: send at least one field."]})


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you read (e.g. `"claim-7-v3"`); if the claim changed since, the '
    "answer is 412 and nothing is saved.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The claim's version, for If-Match.",
)
CLAIM_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the condition's claim as you read it (a change to a condition "
    'is a change to its claim, e.g. `"claim-7-v3"`); if the claim changed since, the answer '
    "is 412 and nothing is saved.",
)
PRECONDITION_FAILED = OpenApiResponse(
    ERROR,
    description="The claim changed since you read it (stale If-Match or `version`); nothing "
    "was saved.",
)


class ReviewViewSet(viewsets.GenericViewSet):
    """Reads with one output serializer; writes validated by per-action input serializers."""

    input_serializers: dict[str, type[serializers.Serializer]] = {}

    def get_serializer_class(self):
        return self.input_serializers.get(self.action, self.serializer_class)

    def validated_input(self, **context: Any) -> serializers.Serializer:
        serializer = self.get_serializer_class()(
            data=self.request.data,
            partial=self.action == "partial_update",
            context={**self.get_serializer_context(), **context},
        )
        serializer.is_valid(raise_exception=True)
        if self.action == "partial_update":
            refuse_empty(serializer.validated_data)
        return serializer

    def output(self, instance, status_code: int = status.HTTP_200_OK, **headers: str) -> Response:
        """The stored object as readers see it (re-read through ``get_queryset()``)."""
        fresh = self.get_queryset().get(pk=instance.pk)
        data = self.serializer_class(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers=headers)


# --- Documents (ingestion with extraction) ----------------------------------------------------


class DocumentViewSet(corpus_api.DocumentViewSet):
    __doc__ = corpus_api.DocumentViewSet.__doc__

    def ingest_article(self, article: ArticleInput) -> IngestResult:
        return article_ingest(article)


# --- Claims -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(description="Claims you may see (accepted ones when anonymous)."),
    retrieve=extend_schema(parameters=[ETAG]),
)
class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ReviewViewSet,
):
    """Who claimed what, in which words, under which conditions, where.

    Editors correct spans, speaker, kind, status and check-worthiness (PATCH; PUT replaces all
    of them) and add claims the machine missed (POST). Only editors' own claims can be deleted;
    machine claims are rejected instead, so that re-extraction does not suggest them again.
    """

    serializer_class = ClaimSerializer
    pagination_class = KeysFirstPagination
    input_serializers = {
        "create": ClaimCreateSerializer,
        "update": ClaimEditSerializer,
        "partial_update": ClaimEditSerializer,
    }
    filterset_class = ClaimFilterSet
    ordering_fields = [
        "id", "document", "content_start", "check_worthiness", "created_at", "updated_at",
    ]  # fmt: skip
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return claim_queryset(self.request.user)

    def list(self, request: Request, *args, **kwargs) -> Response:
        """Claims, one page at a time.

        The page is read as ``values()`` rather than model instances (building 100 instances
        with their speakers took a sixth of the request); ``ClaimSerializer`` reads the same
        attributes from either, and the tests check the output is the same.
        """
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        self.paginator.page_values = LIST_VALUES
        page = [list_row(row) for row in self.paginate_queryset(queryset)]
        attach_list_relations(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        parameters=[IF_MATCH],
        responses={204: None, 412: PRECONDITION_FAILED},
        description="Delete a claim an editor made by mistake (with its conditions, links, "
        "notes and verdict). Machine claims cannot be deleted (400): reject them.",
    )
    def destroy(self, request: Request, *args, **kwargs) -> Response:
        claim = self.get_object()
        expected = if_match_version(request, claim)
        with transaction.atomic():
            review.claim_lock(claim=claim, expected_version=expected)
            review.claim_delete(claim=claim, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        claim = self.get_object()
        return Response(self.get_serializer(claim).data, headers={"ETag": claim_etag(claim)})

    @extend_schema(
        request=ClaimCreateSerializer,
        responses={201: ClaimSerializer},
        parameters=[ETAG],
        examples=[
            OpenApiExample(
                "A quoted claim",
                value={
                    "document": 1,
                    "content": {"start": 120, "end": 180},
                    "cue": {"start": 181, "end": 185},
                    "speaker": 3,
                    "speaker_mention": {"start": 186, "end": 198},
                    "kind": "direct",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        """Add a claim the machine missed (origin ``editor``; accepted unless you say otherwise)."""
        serializer = self.validated_input()
        with service_errors(CLAIM_FIELD_NAMES):
            claim = review.claim_create(user=request.user, **serializer.service_changes())
        return self.output(
            claim,
            status.HTTP_201_CREATED,
            ETag=claim_etag(claim),
            Location=request.build_absolute_uri(f"{claim.pk}/"),
        )

    def _edit(self, request: Request) -> Response:
        claim = self.get_object()
        # A malformed body is a 400 even with a stale If-Match: reloading would not mend it.
        serializer = self.validated_input(document=claim.document)
        expected = if_match_version(request, claim)
        body_version = serializer.validated_data.get("version")
        if body_version is not None:
            if expected is not None and body_version != expected:
                raise PreconditionFailed("The version in the body and If-Match disagree.")
            expected = body_version
        with service_errors(CLAIM_FIELD_NAMES):
            claim = review.claim_update(
                claim=claim,
                user=request.user,
                expected_version=expected,
                **serializer.service_changes(),
            )
        return self.output(claim, ETag=claim_etag(claim))

    @extend_schema(
        request=ClaimEditSerializer,
        responses={200: ClaimSerializer, 412: PRECONDITION_FAILED},
        parameters=[IF_MATCH, ETAG],
    )
    def update(self, request: Request, *args, **kwargs) -> Response:
        """Replace every editable part of a claim (all of them required; null clears)."""
        return self._edit(request)

    @extend_schema(
        request=ClaimEditSerializer,
        responses={200: ClaimSerializer, 412: PRECONDITION_FAILED},
        parameters=[IF_MATCH, ETAG],
        examples=[
            OpenApiExample("Accept", value={"status": "accepted"}, request_only=True),
            OpenApiExample(
                "Correct the content span",
                value={"content": {"start": 120, "end": 176}, "version": 3},
                request_only=True,
            ),
        ],
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        """Change some editable parts of a claim: status, spans, speaker, kind, score.

        Spans are ``{"start", "end"}`` (code points); ``null`` removes a cue or speaker
        mention. Send ``If-Match`` (or ``version``) to be safe from overwriting others' work.
        """
        return self._edit(request)

    @extend_schema(responses={200: HistoryRecordSerializer(many=True)}, filters=False)
    @action(detail=True, permission_classes=[IsSignedIn], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every saved state of the claim and of its conditions, notes, verdict and links,
        oldest first: what (``subject``), who, when, and what changed.

        Field names are the stored ones (``content_start`` and so on). Signed-in users only:
        the history names editors and shows unreviewed states.
        """
        claim = self.get_object()
        return Response(HistoryRecordSerializer(claim_history_rows(claim), many=True).data)

    @extend_schema(responses={200: FamilySerializer}, filters=False)
    @action(detail=True, pagination_class=None, filter_backends=[])
    def family(self, request: Request, pk: str | None = None) -> Response:
        """The claim's family: claims joined to it by confirmed ``same_claim`` links.

        Members come first appearance first (the earliest published document); anonymous users
        see accepted members only.
        """
        claim = self.get_object()
        members = family_of(claim)
        if not request.user.is_authenticated:
            members = [m for m in members if m.status == Claim.Status.ACCEPTED or m.pk == claim.pk]
        rows = [
            {
                "id": m.pk,
                "document": m.document_id,
                "published": m.document.published,
                "speaker": {"id": m.speaker_id, "name": m.speaker.name} if m.speaker else None,
                "text": m.text,
            }
            for m in members
        ]
        return Response(FamilySerializer({"first_appearance": rows[0], "members": rows}).data)


# --- Actors -----------------------------------------------------------------------------------


def visible_claim_count(user) -> Coalesce:
    """Per actor, the number of claims ``user`` may see, as a subquery (no join blow-up)."""
    claims = Claim.objects.visible_to(user).filter(speaker=OuterRef("pk"))
    return Coalesce(
        Subquery(claims.order_by().values("speaker").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
    )


class ActorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ReviewViewSet
):
    """Speakers and entities: one row for every way a person or body is named.

    ``claim_count`` counts the claims you may see. Editors add, rename and merge actors, and
    delete actors who are recorded as saying nothing (the others are merged instead).
    """

    serializer_class = ActorSerializer
    input_serializers = {
        "create": ActorWriteSerializer,
        "partial_update": ActorWriteSerializer,
        "merge": ActorMergeSerializer,
    }
    filterset_class = ActorFilterSet
    ordering_fields = ["name", "kind", "claim_count", "created_at", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_destroy(self, instance: Actor) -> None:
        review.actor_delete(actor=instance, user=self.request.user)

    def get_queryset(self):
        return Actor.objects.annotate(claim_count=visible_claim_count(self.request.user))

    @extend_schema(request=ActorWriteSerializer, responses={201: ActorSerializer})
    def create(self, request: Request) -> Response:
        serializer = self.validated_input()
        with service_errors():
            actor = review.actor_create(user=request.user, **serializer.validated_data)
        return self.output(actor, status.HTTP_201_CREATED)

    @extend_schema(request=ActorWriteSerializer, responses={200: ActorSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        actor = self.get_object()
        serializer = self.validated_input()
        with service_errors():
            actor = review.actor_update(actor=actor, user=request.user, **serializer.validated_data)
        return self.output(actor)

    @extend_schema(
        request=ActorMergeSerializer,
        responses={200: ActorSerializer},
        description="Merge the `others` into this actor: their claims move here, their names "
        "become aliases, and they are deleted.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        serializer = self.validated_input()
        others = serializer.validated_data["others"]
        if any(actor.pk == target.pk for actor in others):
            raise ValidationError({"others": ["An actor cannot be merged into itself."]})
        with service_errors():
            actor = review.actors_merge(target=target, others=others, user=request.user)
        return self.output(actor)


# --- Conditions -------------------------------------------------------------------------------


class ConditionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ReviewViewSet
):
    """Conditions that bound claims (“if …”, “only if …”, “unless …”, “not …”, “within …”).

    Anonymous users see the conditions of accepted claims. A change to a condition is a change
    to its claim: the claim's version (and ETag) moves on, and an ``If-Match`` naming an older
    ETag of the claim is refused with 412 (nothing saved).
    """

    serializer_class = ConditionSerializer
    input_serializers = {
        "create": ConditionCreateSerializer,
        "partial_update": ConditionUpdateSerializer,
    }
    filterset_class = ConditionFilterSet
    ordering_fields = ["claim", "start", "kind", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = Condition.objects.all()
        if not self.request.user.is_authenticated:
            qs = qs.filter(claim__status=Claim.Status.ACCEPTED)
        return qs

    @extend_schema(
        request=ConditionCreateSerializer,
        responses={201: ConditionSerializer, 412: PRECONDITION_FAILED},
        parameters=[CLAIM_IF_MATCH],
    )
    def create(self, request: Request) -> Response:
        data = self.validated_input().validated_data
        expected = if_match_version(request, data["claim"])
        with service_errors():
            condition = review.condition_create(
                user=request.user, expected_version=expected, **data
            )
        return self.output(condition, status.HTTP_201_CREATED)

    @extend_schema(
        request=ConditionUpdateSerializer,
        responses={200: ConditionSerializer, 412: PRECONDITION_FAILED},
        parameters=[CLAIM_IF_MATCH],
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        condition = Condition.objects.select_related("claim__document").get(pk=self.get_object().pk)
        data = self.validated_input(condition=condition).validated_data
        expected = if_match_version(request, condition.claim)
        with service_errors(), transaction.atomic():
            review.claim_lock(claim=condition.claim, expected_version=expected)
            condition = review.condition_update(condition=condition, user=request.user, **data)
        return self.output(condition)

    @extend_schema(responses={204: None, 412: PRECONDITION_FAILED}, parameters=[CLAIM_IF_MATCH])
    def destroy(self, request: Request, *args, **kwargs) -> Response:
        condition = self.get_object()
        expected = if_match_version(request, condition.claim)
        with transaction.atomic():
            review.claim_lock(claim=condition.claim, expected_version=expected)
            review.condition_delete(condition=condition, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Cross-references -------------------------------------------------------------------------


class CrossReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReviewViewSet):
    """Typed, directed links between claims (same claim, supports, contradicts, ...).

    Anonymous users see confirmed links between accepted claims only. Editors link claims
    (confirmed at once) and confirm or reject the machine's suggestions.
    """

    serializer_class = CrossReferenceSerializer
    input_serializers = {
        "create": CrossReferenceCreateSerializer,
        "partial_update": CrossReferenceReviewSerializer,
        "confirm": CrossReferenceDecisionSerializer,
        "reject": CrossReferenceDecisionSerializer,
    }
    filterset_class = CrossReferenceFilterSet
    ordering_fields = ["score", "created_at", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = CrossReference.objects.all()
        if not self.request.user.is_authenticated:
            qs = qs.filter(
                status=CrossReference.Status.CONFIRMED,
                source__status=Claim.Status.ACCEPTED,
                target__status=Claim.Status.ACCEPTED,
            )
        return qs

    @extend_schema(
        request=CrossReferenceCreateSerializer, responses={201: CrossReferenceSerializer}
    )
    def create(self, request: Request) -> Response:
        data = self.validated_input().validated_data
        with service_errors():
            link = review.crossref_create(user=request.user, **data)
        return self.output(link, status.HTTP_201_CREATED)

    @extend_schema(
        request=CrossReferenceReviewSerializer, responses={200: CrossReferenceSerializer}
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        link = self.get_object()
        data = dict(self.validated_input().validated_data)
        return self._review(link, data.pop("status", link.status), data)

    def _review(self, link: CrossReference, new_status: str, data: dict[str, Any]) -> Response:
        with service_errors():
            link = review.crossref_review(
                crossref=link, status=new_status, user=self.request.user, **data
            )
        return self.output(link)

    @extend_schema(
        request=CrossReferenceDecisionSerializer, responses={200: CrossReferenceSerializer}
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Confirm the link (optionally correcting its relation or note)."""
        link = self.get_object()
        data = self.validated_input().validated_data
        return self._review(link, CrossReference.Status.CONFIRMED, dict(data))

    @extend_schema(
        request=CrossReferenceDecisionSerializer, responses={200: CrossReferenceSerializer}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject the link (it stays, so re-running the linker does not suggest it again)."""
        link = self.get_object()
        data = self.validated_input().validated_data
        return self._review(link, CrossReference.Status.REJECTED, dict(data))


# --- Annotations ------------------------------------------------------------------------------


class AnnotationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ReviewViewSet
):
    """Editors' notes on claims. Signed-in users only: anonymous users see none.

    The author is whoever posts the note; editors may correct or delete notes (the history
    keeps the earlier wording and who changed it).
    """

    serializer_class = AnnotationSerializer
    input_serializers = {
        "create": AnnotationCreateSerializer,
        "partial_update": AnnotationUpdateSerializer,
    }
    filterset_class = AnnotationFilterSet
    ordering_fields = ["created_at", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=AnnotationUpdateSerializer, responses={200: AnnotationSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        note = Annotation.objects.select_related("claim__document").get(pk=self.get_object().pk)
        data = self.validated_input(annotation=note).validated_data
        span = data.get(
            "span", {"start": note.start, "end": note.end} if note.start is not None else None
        )
        with service_errors({"start": "span", "end": "span"}):
            note = review.annotation_update(
                annotation=note,
                user=request.user,
                body=data.get("body", note.body),
                start=span["start"] if span else None,
                end=span["end"] if span else None,
            )
        return self.output(note)

    def perform_destroy(self, instance: Annotation) -> None:
        review.annotation_delete(annotation=instance, user=self.request.user)

    def get_queryset(self):
        if not self.request.user.is_authenticated:
            return Annotation.objects.none()
        return Annotation.objects.select_related("author").annotate(
            span_text=span_text("claim__document__text", "start", "end")
        )

    @extend_schema(request=AnnotationCreateSerializer, responses={201: AnnotationSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input().validated_data
        span = data.get("span") or {}
        with service_errors({"start": "span", "end": "span"}):
            note = review.annotation_create(
                claim=data["claim"],
                author=request.user,
                body=data["body"],
                start=span.get("start"),
                end=span.get("end"),
            )
        return self.output(note, status.HTTP_201_CREATED)


# --- Verdicts ---------------------------------------------------------------------------------


class VerdictViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ReviewViewSet
):
    """Fact-check ratings (one per claim), exported as schema.org ClaimReview.

    Anonymous users see the verdicts on accepted claims. POST rates a claim, replacing its
    verdict if it has one (201 when new, 200 when replaced).
    """

    serializer_class = VerdictSerializer
    input_serializers = {
        "create": VerdictCreateSerializer,
        "partial_update": VerdictUpdateSerializer,
    }
    filterset_class = VerdictFilterSet
    ordering_fields = ["reviewed_on", "created_at", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_destroy(self, instance: Verdict) -> None:
        review.verdict_delete(verdict=instance, user=self.request.user)

    def get_queryset(self):
        qs = Verdict.objects.select_related("reviewer")
        if not self.request.user.is_authenticated:
            qs = qs.filter(claim__status=Claim.Status.ACCEPTED)
        return qs

    @extend_schema(
        request=VerdictCreateSerializer,
        responses={
            201: VerdictSerializer,
            200: OpenApiResponse(VerdictSerializer, description="Replaced the claim's verdict."),
        },
    )
    def create(self, request: Request) -> Response:
        data = self.validated_input().validated_data
        existed = Verdict.objects.filter(claim=data["claim"]).exists()
        with service_errors():
            verdict = review.verdict_set(reviewer=request.user, **data)
        return self.output(verdict, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(request=VerdictUpdateSerializer, responses={200: VerdictSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        verdict = self.get_object()
        data = self.validated_input().validated_data
        values = {
            "rating": verdict.rating,
            "explanation": verdict.explanation,
            "reviewed_on": verdict.reviewed_on,
            **data,
        }
        with service_errors():
            verdict = review.verdict_set(claim=verdict.claim, reviewer=request.user, **values)
        return self.output(verdict)


# --- Exports ----------------------------------------------------------------------------------


class ExportView(GenericAPIView):
    """A streamed export of the claims you may see, narrowed by the claims filters.

    The body is generated row by row from ``values()`` queries read in chunks: no per-row
    serializer, memory bounded by one chunk and one document text.
    """

    filterset_class = ClaimFilterSet
    # Filters only: each export has its own fixed order (by document, then position).
    filter_backends = [DjangoFilterBackend]
    pagination_class = None
    content_type = "application/octet-stream"
    filename = "export"

    def get_queryset(self):
        return Claim.objects.visible_to(self.request.user)

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # The body has one fixed format whatever the Accept header says; errors are JSON.
        return super().perform_content_negotiation(request, force=True)

    def lines(self, request: Request, claims: QuerySet[Claim]) -> Iterator[str]:
        raise NotImplementedError

    def get(self, request: Request) -> StreamingHttpResponse:
        claims = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in self.lines(request, claims)),
            content_type=self.content_type,
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        response["Last-Modified"] = http_date()
        return response


def _export_schema(media_type: str, description: str, schema: dict | None = None):
    body = schema if schema is not None else OpenApiTypes.STR
    return extend_schema(
        filters=True,
        responses={(200, media_type): OpenApiResponse(body, description=description)},
    )


class ClaimsCSVExport(ExportView):
    content_type = "text/csv; charset=utf-8"
    filename = "claims.csv"

    @_export_schema("text/csv", "One row per claim; columns as in `claims.exports.CSV_COLUMNS`.")
    def get(self, request: Request) -> StreamingHttpResponse:
        """The claims list as CSV (UTF-8, header row, offsets in code points)."""
        return super().get(request)

    def lines(self, request: Request, claims: QuerySet[Claim]) -> Iterator[str]:
        return exports.claims_csv(claims)


class AnnotationsExport(ExportView):
    content_type = "application/ld+json; charset=utf-8"
    filename = "annotations.jsonld"

    @_export_schema(
        "application/ld+json",
        "A W3C Web Annotation `AnnotationCollection`: one annotation per claim and per "
        "condition, targets with `TextPositionSelector` and `TextQuoteSelector` into "
        "`/api/documents/{id}/text/`.",
        exports.ANNOTATION_COLLECTION_SCHEMA,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        """Claims and conditions as W3C Web Annotations (JSON-LD)."""
        return super().get(request)

    def lines(self, request: Request, claims: QuerySet[Claim]) -> Iterator[str]:
        return exports.annotation_collection(
            claims,
            base_url=request.build_absolute_uri("/"),
            collection_id=request.build_absolute_uri(),
        )


class ClaimReviewExport(ExportView):
    content_type = "application/ld+json; charset=utf-8"
    filename = "claimreview.jsonld"

    @_export_schema(
        "application/ld+json",
        "schema.org `ClaimReview` items (in `@graph`) for the claims with a verdict; "
        "conditions in the `claimtrack:conditions` extension property.",
        exports.CLAIMREVIEW_SCHEMA,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        """Verdicts as schema.org ClaimReview (JSON-LD)."""
        return super().get(request)

    def lines(self, request: Request, claims: QuerySet[Claim]) -> Iterator[str]:
        return exports.claim_reviews(
            claims,
            base_url=request.build_absolute_uri("/"),
            public_only=not request.user.is_authenticated,
        )


class DumpExport(ExportView):
    """The full database dump (as ``manage.py export_dump``); signed-in users only."""

    content_type = "application/jsonl; charset=utf-8"
    filename = "claimtrack-dump.jsonl"
    permission_classes = [IsSignedIn]
    filterset_class = None
    filter_backends = []

    @extend_schema(
        responses={
            (200, "application/jsonl"): OpenApiResponse(
                OpenApiTypes.STR,
                description="JSON Lines, one object per line with a `model` key; restore with "
                "`manage.py import_dump`. The claims filters do not apply: this is everything.",
            )
        }
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        """Everything, as JSON Lines (a backup that ``manage.py import_dump`` restores)."""
        return super().get(request)

    def lines(self, request: Request, claims: QuerySet[Claim]) -> Iterator[str]:
        return dump_lines()
