"""Web pages for claims: the dashboard, the claims list and page, actors, and the review queue.

Every view builds its whole context with ``select_related``/``prefetch_related`` so templates never
query (each page has a query-budget test at two data sizes). Every write goes through
``claims.review``; the review actions answer htmx requests with the re-rendered card and plain
form posts with a redirect, so the queue also works without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from claims import review
from claims.families import family_of
from claims.filters import ClaimFilterSet
from claims.forms import (
    AnnotationForm,
    ClaimEditForm,
    ConditionForm,
    CrossReferenceReviewForm,
    ReviewStatusForm,
)
from claims.history import HISTORY_FIELDS, claim_history_rows
from claims.models import Actor, Annotation, Claim, Condition, CrossReference
from claims.permissions import is_editor
from config.pagination import KeysFirstPaginator
from corpus.highlight import Highlight, render_highlights
from corpus.models import Document, Sentence

PAGE_SIZE = 25
REVIEW_PAGE_SIZE = 20
#: Where the export endpoints live; the claims list passes its filters on to them.
EXPORTS = (
    ("CSV", "/api/export/claims.csv"),
    ("Web Annotation (JSON-LD)", "/api/export/annotations.jsonld"),
    ("ClaimReview (JSON-LD)", "/api/export/claimreview.jsonld"),
)


# --- Shared helpers -------------------------------------------------------------------------


def page_context(request: HttpRequest, **context) -> dict:
    """Context every page needs: whether the user may edit (one cached group query)."""
    return {"can_edit": is_editor(request.user), **context}


def paginate(request: HttpRequest, items, per_page: int, param: str = "page") -> Page:
    """The requested page (the first for a bad number, the last past the end), found by its
    keys first so that deep pages of long lists stay cheap."""
    return KeysFirstPaginator(items, per_page).get_page(request.GET.get(param))


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request, "claims/forbidden.html", page_context(request, reason=reason), status=403
    )


FILTER_LABELS = {
    "published_after": "Published from",
    "published_before": "Published until",
    "has_conditions": "Has conditions",
    "condition_kind": "Condition kind",
}


def present_filters(form: forms.Form) -> forms.Form:
    """Friendlier labels and widgets for a FilterSet's form on an HTML page (the API ignores them)."""
    for name, field in form.fields.items():
        field.label = FILTER_LABELS.get(name, field.label)
        if isinstance(field, forms.DateField):
            field.widget.input_type = "date"
        if isinstance(field.widget, forms.NullBooleanSelect):
            field.widget.choices = [("unknown", "Any"), ("true", "Yes"), ("false", "No")]
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            field.choices = [("", "Any"), *((v, label) for v, label in field.choices if v != "")]
    return form


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus the page number and empty fields, for links that keep filters."""
    query = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        kept = [v for v in values if v.strip() and v != "unknown"]
        if key != "page" and kept:
            query.setlist(key, kept)
    return query.urlencode()


def editor_required(view: Callable) -> Callable:
    """Anonymous users are sent to sign in; signed-in users who are not editors get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.htmx:
                return HttpResponseClientRedirect(
                    f"{reverse('login')}?next={reverse('claims:review')}"
                )
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            return forbidden(request, "Only editors may review and change claims.")
        return view(request, *args, **kwargs)

    return wrapped


def claim_highlights(claim: Claim) -> list[Highlight]:
    """The claim's content, cue, speaker mention and conditions as highlights.

    Needs ``claim.speaker`` selected and ``claim.conditions`` prefetched (no query here).
    """
    who = claim.speaker.name if claim.speaker else "the article"
    data = {"claim": claim.pk}
    spans = [
        Highlight(
            claim.content_start,
            claim.content_end,
            f"hl hl-content is-{claim.status}",
            data,
            title=f"Claim by {who} ({claim.get_status_display().lower()})",
        )
    ]
    if claim.cue_start is not None:
        spans.append(Highlight(claim.cue_start, claim.cue_end, "hl hl-cue", data, title="Cue"))
    if claim.speaker_start is not None:
        spans.append(
            Highlight(
                claim.speaker_start, claim.speaker_end, "hl hl-speaker", data, title="Speaker"
            )
        )
    for condition in claim.conditions.all():
        spans.append(
            Highlight(
                condition.start,
                condition.end,
                "hl hl-condition",
                data | {"condition": condition.pk},
                title=f"Condition: {condition.get_kind_display()}",
            )
        )
    return spans


def highlights_for(claims: Iterable[Claim]) -> list[Highlight]:
    """Highlights of many claims, contents first so a shared piece names the first claim."""
    spans = [h for claim in claims for h in claim_highlights(claim)]
    order = {"hl-content": 0, "hl-speaker": 1, "hl-cue": 2, "hl-condition": 3}
    return sorted(spans, key=lambda h: order.get(h.css_class.split()[1], 9))


def paragraphs(text: str, highlights: list[Highlight]) -> list[SafeString]:
    """The text as highlighted paragraphs (one per non-blank line); offsets stay document offsets."""
    result = []
    spans = sorted(highlights, key=lambda h: h.start)
    for match in re.finditer(r"[^\n]+", text):
        if not match.group().strip():
            continue
        start, end = match.span()
        inside = [h for h in spans if h.start < end and h.end > start]
        result.append(render_highlights(text, inside, start=start, end=end))
    return result


def context_window(claim: Claim, sentences: Iterable[Sentence]) -> tuple[int, int]:
    """Offsets covering the given sentences, or the claim's content when it has none."""
    rows = list(sentences)
    if not rows:
        return claim.content_start, claim.content_end
    return min(s.start for s in rows), max(s.end for s in rows)


def attach_documents(claims: list[Claim]) -> None:
    """Give every claim its document with the full text, loading each document once."""
    ids = {claim.document_id for claim in claims}
    documents = Document.objects.in_bulk(ids) if ids else {}
    for claim in claims:
        claim.document = documents[claim.document_id]


# --- Dashboard ------------------------------------------------------------------------------


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    claims = Claim.objects.visible_to(request.user)
    by_status = dict(
        claims.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    context = page_context(
        request,
        document_count=Document.objects.count(),
        actor_count=Actor.objects.count(),
        claim_counts=[
            (label, by_status.get(value, 0), value)
            for value, label in Claim.Status.choices
            if signed_in or value == Claim.Status.ACCEPTED
        ],
        claim_total=sum(by_status.values()),
        recent_documents=Document.objects.with_counts().defer("text")[:6],
    )
    if signed_in:
        context["link_suggestion_count"] = CrossReference.objects.filter(
            status=CrossReference.Status.SUGGESTED
        ).count()
        context["waiting"] = list(
            Claim.objects.needing_review()
            .select_related("document", "speaker")
            .defer("document__text")
            .order_by("-check_worthiness", "document_id", "content_start")[:6]
        )
        context["suggestion_count"] = by_status.get(Claim.Status.SUGGESTED, 0)
    return render(request, "claims/dashboard.html", context)


# --- Claims list ----------------------------------------------------------------------------


@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Claim.objects.visible_to(request.user)
        .select_related("document", "speaker")
        .defer("document__text")
        .prefetch_related("conditions")
        .order_by(F("document__published").desc(nulls_last=True), "document_id", "content_start")
    )
    filterset = ClaimFilterSet(request.GET or None, queryset=queryset, request=request)
    valid = filterset.is_valid() if filterset.is_bound else True
    page = paginate(request, filterset.qs if valid else queryset.none(), PAGE_SIZE)
    present_filters(filterset.form)
    query_string = query_without_page(request)
    chosen = filterset.form.cleaned_data if valid and filterset.is_bound else {}
    context = page_context(
        request,
        filterset=filterset,
        page=page,
        exports=[
            (label, f"{url}?{query_string}" if query_string else url) for label, url in EXPORTS
        ],
        chosen_document=chosen.get("document"),
        chosen_speaker=chosen.get("speaker"),
        chosen_sentence=chosen.get("sentence"),
        filtered=bool(query_string),
    )
    return render(request, "claims/claim_list.html", context, status=200 if valid else 400)


# --- Claim page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRow:
    """A cross-reference seen from one claim: which way it points and the claim at the other end."""

    link: CrossReference
    other: Claim
    outgoing: bool


@dataclass(frozen=True, slots=True)
class HistoryRow:
    subject: str
    date: object
    user: str | None
    type: str
    changes: list[tuple[str, str, str]]


#: Fields that change on every save and say nothing to a reader of the history.
HISTORY_NOISE = {"version", "updated_at", "updated_by", "reviewed_at", "reviewed_by", "edited"}
HISTORY_SUBJECTS = {
    "claim": "Claim", "condition": "Condition", "annotation": "Note", "verdict": "Verdict",
    "crossref": "Link",
}  # fmt: skip


def claim_history(claim: Claim) -> list[HistoryRow]:
    """The history of the claim and of its conditions, notes, verdict and links, newest first:
    what, who, when, and which fields changed from what to what (display values)."""
    rows = claim_history_rows(claim)
    speaker_ids = {
        value
        for row in rows
        for change in row["changes"]
        if change["field"] == "speaker"
        for value in (change["before"], change["after"])
        if value
    }
    names = dict(Actor.objects.filter(pk__in=speaker_ids).values_list("pk", "name"))

    def shown(model, field: str, value) -> str:
        if value is None or value == "":
            return "—"
        if field == "speaker":
            return names.get(value, f"actor {value}")
        return str(dict(model._meta.get_field(field).flatchoices).get(value, value))

    result = []
    for row in rows:
        subject = row["subject"]["type"]
        model = HISTORY_FIELDS[subject][0]
        changes = [
            (
                str(model._meta.get_field(change["field"]).verbose_name),
                shown(model, change["field"], change["before"]),
                shown(model, change["field"], change["after"]),
            )
            for change in row["changes"]
            if change["field"] not in HISTORY_NOISE
            and not (row["type"] == "created" and subject == "claim")
        ]
        kind = row["type"]
        if kind == "created" and subject == "claim":
            origin = next((c["after"] for c in row["changes"] if c["field"] == "origin"), "")
            kind = f"created ({shown(model, 'origin', origin).lower()})"
        result.append(
            HistoryRow(HISTORY_SUBJECTS[subject], row["date"], row["user"], kind, changes)
        )
    return result[::-1]


def claim_page_context(
    request: HttpRequest, pk: int, *, annotation_form: AnnotationForm | None = None
) -> dict:
    signed_in = request.user.is_authenticated
    claim = get_object_or_404(
        Claim.objects.visible_to(request.user)
        .select_related("document", "speaker", "verdict", "verdict__reviewer")
        .prefetch_related(
            "conditions",
            Prefetch("sentences", queryset=Sentence.objects.only("id", "index", "start", "end")),
            Prefetch("annotations", queryset=Annotation.objects.select_related("author")),
        ),
        pk=pk,
    )
    document = claim.document
    indexes = [s.index for s in claim.sentences.all()]
    context_sentences = (
        Sentence.objects.filter(
            document=document, index__gte=min(indexes) - 1, index__lte=max(indexes) + 1
        ).only("id", "index", "start", "end")
        if indexes
        else []
    )
    start, end = context_window(claim, context_sentences)
    links = CrossReference.objects.involving(claim).select_related(
        "source__speaker", "source__document", "target__speaker", "target__document"
    )
    links = links.defer("source__document__text", "target__document__text")
    if not signed_in:
        links = links.filter(status=CrossReference.Status.CONFIRMED).filter(
            Q(source__status=Claim.Status.ACCEPTED) & Q(target__status=Claim.Status.ACCEPTED)
        )
    rows = [
        LinkRow(link, link.target if link.source_id == claim.pk else link.source, link.source_id == claim.pk)
        for link in links
    ]  # fmt: skip
    # The whole family (confirmed same-claim links, followed transitively), first appearance first.
    appearances = family_of(claim)
    if not signed_in:
        appearances = [
            c for c in appearances if c.status == Claim.Status.ACCEPTED or c.pk == claim.pk
        ]
    return page_context(
        request,
        claim=claim,
        document=document,
        context_start=start,
        context_html=render_highlights(
            document.text, claim_highlights(claim), start=start, end=end
        ),
        verdict=getattr(claim, "verdict", None),
        annotations=list(claim.annotations.all()) if signed_in else [],
        links=rows,
        first_appearance=appearances[0] if len(appearances) > 1 else None,
        history=claim_history(claim) if signed_in else [],
        annotation_form=annotation_form or AnnotationForm(),
    )


@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "claims/claim_detail.html", claim_page_context(request, pk))


@require_POST
@editor_required
def annotation_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("document"), pk=pk)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        try:
            review.annotation_create(
                claim=claim, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("body", message)
        else:
            messages.success(request, "Your note was added.")
            return redirect(f"{claim.get_absolute_url()}#annotations")
    context = claim_page_context(request, pk, annotation_form=form)
    return render(request, "claims/claim_detail.html", context, status=400)


# --- Actor page -----------------------------------------------------------------------------


@require_GET
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_object_or_404(Actor, pk=pk)
    claims = (
        actor.claims.visible_to(request.user)
        .select_related("document")
        .defer("document__text")
        .prefetch_related("conditions")
        .order_by(
            F("document__published").asc(nulls_last=True),
            "document__created_at",
            "document_id",
            "content_start",
        )
    )
    page = paginate(request, claims, PAGE_SIZE)
    return render(
        request, "claims/actor_detail.html", page_context(request, actor=actor, page=page)
    )


# --- Review queue ---------------------------------------------------------------------------

REVIEW_ORDERS = {
    "document": (
        "oldest document first",
        (F("document__published").asc(nulls_last=True), "document__created_at", "document_id", "content_start"),
    ),
    "worthiness": (
        "most check-worthy first",
        (F("check_worthiness").desc(), "document_id", "content_start"),
    ),
}  # fmt: skip


def review_claims() -> Iterable[Claim]:
    """Claims as a review card shows them: speaker, conditions and sentences, without text."""
    return Claim.objects.select_related("speaker").prefetch_related(
        "conditions",
        Prefetch("sentences", queryset=Sentence.objects.only("id", "index", "start", "end")),
    )


@dataclass
class Card:
    """One claim in the review queue, with its highlighted sentence and any open form."""

    claim: Claim
    context_start: int
    context_html: SafeString
    message: str = ""
    message_level: str = "info"
    edit_form: ClaimEditForm | None = None
    condition_form: ConditionForm | None = None

    @property
    def compact(self) -> bool:
        """A reviewed claim shows as one line with an undo button, unless a form is open on it."""
        return self.claim.status != Claim.Status.SUGGESTED and not (
            self.edit_form or self.condition_form
        )


def make_cards(claims: list[Claim]) -> list[Card]:
    attach_documents(claims)
    cards = []
    for claim in claims:
        start, end = context_window(claim, claim.sentences.all())
        html = render_highlights(claim.document.text, claim_highlights(claim), start=start, end=end)
        cards.append(Card(claim, start, html))
    return cards


def actor_choices() -> list[tuple[str, str]]:
    return [
        (str(pk), f"{name} ({kind})")
        for pk, name, kind in Actor.objects.order_by("name", "id").values_list("pk", "name", "kind")
    ]


@require_GET
@editor_required
def review_queue(request: HttpRequest) -> HttpResponse:
    tab = "links" if request.GET.get("tab") == "links" else "claims"
    order = request.GET.get("order") if request.GET.get("order") in REVIEW_ORDERS else "document"
    # The claims list's filters narrow the queue too (e.g. one document, one speaker).
    filterset = ClaimFilterSet(
        request.GET, queryset=review_claims().needing_review().order_by(*REVIEW_ORDERS[order][1])
    )
    valid = filterset.is_valid()
    claims = filterset.qs if valid else filterset.queryset.none()
    chosen_document = filterset.form.cleaned_data.get("document") if valid else None
    links = (
        CrossReference.objects.filter(status=CrossReference.Status.SUGGESTED)
        .select_related(
            "source__speaker", "source__document", "target__speaker", "target__document"
        )
        .defer("source__document__text", "target__document__text")
        .order_by("-score", "id")
    )
    if chosen_document is not None:
        links = links.filter(
            Q(source__document=chosen_document) | Q(target__document=chosen_document)
        )
    # Each tab's count comes from its paginator; only the other tab needs a count of its own.
    if tab == "claims":
        page = paginate(request, claims, REVIEW_PAGE_SIZE)
        counts = {"claim_count": page.paginator.count, "link_count": links.count()}
        extra = {"cards": make_cards(list(page.object_list))}
    else:
        page = paginate(request, links, REVIEW_PAGE_SIZE)
        counts = {"claim_count": claims.count(), "link_count": page.paginator.count}
        extra = {"links": list(page.object_list)}
    context = page_context(
        request,
        tab=tab,
        order=order,
        orders=[(key, label) for key, (label, _) in REVIEW_ORDERS.items()],
        condition_kinds=Condition.Kind.choices,
        page=page,
        filter_errors=filterset.errors if not valid else {},
        chosen_document=chosen_document,
        narrowed=any(
            value and name in ClaimFilterSet.base_filters and name != "document"
            for name, value in request.GET.items()
        ),
        kept_query=[(k, v) for k, v in request.GET.items() if k not in ("order", "page") and v],
        **counts,
        **extra,
    )
    return render(request, "claims/review.html", context, status=200 if valid else 400)


def render_card(request: HttpRequest, card: Card, *, status: int = 200) -> HttpResponse:
    """The card alone for htmx (swapped in place), or a page holding it for a plain form post."""
    context = page_context(request, card=card, condition_kinds=Condition.Kind.choices)
    template = "claims/_review_card.html" if request.htmx else "claims/review_card_page.html"
    return render(request, template, context, status=status)


def fresh_card(pk: int, **state) -> Card:
    card = make_cards([get_object_or_404(review_claims(), pk=pk)])[0]
    for name, value in state.items():
        setattr(card, name, value)
    return card


def stale_message() -> str:
    return (
        "Someone else changed this claim after you loaded it, so your change was not saved. "
        "This is its current state: check it and apply your change again."
    )


def done(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    """After a successful action: the updated card (htmx) or back to the queue (plain post)."""
    if request.htmx:
        return render_card(request, fresh_card(pk, message=message, message_level="success"))
    messages.success(request, message)
    return redirect(f"{reverse('claims:review')}#claim-{pk}")


def form_errors(form) -> str:
    return " ".join(f"{'' if name == '__all__' else name + ': '}{' '.join(errs)}" for name, errs in form.errors.items())  # fmt: skip


@require_POST
@editor_required
def review_status(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Claim.objects.only("id"), pk=pk)
    form = ReviewStatusForm(request.POST)
    if not form.is_valid():
        return render_card(
            request, fresh_card(pk, message=form_errors(form), message_level="error"), status=422
        )
    try:
        claim = review.claim_review(
            claim=pk,
            status=form.cleaned_data["status"],
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except review.StaleVersion:
        return render_card(
            request, fresh_card(pk, message=stale_message(), message_level="error"), status=409
        )
    label = {"accepted": "Accepted", "rejected": "Rejected", "suggested": "Back in the queue"}
    return done(request, claim.pk, label[claim.status] + ".")


@require_http_methods(["GET", "POST"])
@editor_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the edit form for one claim; POST: apply the corrected spans, speaker or kind."""
    card = fresh_card(pk)
    claim = card.claim
    if request.method == "GET" and request.GET.get("cancel"):
        return render_card(request, card)
    if request.method == "GET":
        card.edit_form = ClaimEditForm(
            auto_id=f"edit-{pk}-%s",
            initial={
                "version": claim.version, "content_start": claim.content_start,
                "content_end": claim.content_end, "cue_start": claim.cue_start,
                "cue_end": claim.cue_end, "speaker": claim.speaker_id, "kind": claim.kind,
            },
            actor_choices=actor_choices(),
        )  # fmt: skip
        return render_card(request, card)
    form = ClaimEditForm(request.POST, auto_id=f"edit-{pk}-%s", actor_choices=actor_choices())
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            review.claim_update(claim=pk, user=request.user, expected_version=version, **data)
        except review.StaleVersion:
            card.message, card.message_level = stale_message(), "error"
            return render_card(request, card, status=409)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = field if field in form.fields else None
                if field == "speaker_start":
                    target = "speaker"
                for error in errors:
                    form.add_error(target, error)
        else:
            return done(request, pk, "Saved your correction.")
    card.edit_form = form
    card.message, card.message_level = "The claim was not changed: see below.", "error"
    return render_card(request, card, status=422)


@require_POST
@editor_required
def review_condition(request: HttpRequest, pk: int) -> HttpResponse:
    card = fresh_card(pk)
    form = ConditionForm(request.POST)
    if form.is_valid():
        try:
            review.condition_create(
                claim=card.claim,
                kind=form.cleaned_data["kind"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except review.StaleVersion:
            card.message, card.message_level = stale_message(), "error"
            return render_card(request, card, status=409)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return done(request, pk, "Condition added.")
    card.condition_form = form
    card.message, card.message_level = "The condition was not added: see below.", "error"
    return render_card(request, card, status=422)


@require_POST
@editor_required
def review_crossref(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = CrossReference.objects.select_related(
        "source__speaker", "source__document", "target__speaker", "target__document"
    ).defer("source__document__text", "target__document__text")
    link = get_object_or_404(queryset, pk=pk)
    form = CrossReferenceReviewForm(request.POST)
    status, error = 200, ""
    if form.is_valid():
        review.crossref_review(crossref=link, status=form.cleaned_data["status"], user=request.user)
        link = queryset.get(pk=pk)
    else:
        status, error = 422, form_errors(form)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"Link {link.get_status_display().lower()}.")
        return redirect(f"{reverse('claims:review')}?tab=links")
    context = page_context(request, link=link, error=error)
    return render(request, "claims/_crossref_row.html", context, status=status)
