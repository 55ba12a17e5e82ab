"""Web pages for documents: the list (search, upload) and the reader.

They live in ``claims`` because they show and create claims as well as documents: the upload runs
the full ingestion (``claims.services.articles_ingest``) and the reader highlights the claims.
``corpus`` itself never imports ``claims``. URL names stay in the ``corpus`` namespace.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims.models import Claim
from claims.services import articles_ingest
from claims.views import (
    PAGE_SIZE,
    forbidden,
    highlights_for,
    page_context,
    paginate,
    paragraphs,
    present_filters,
    query_without_page,
)
from corpus.filters import DocumentFilterSet
from corpus.forms import DocumentUploadForm
from corpus.models import Document


@require_http_methods(["GET", "POST"])
def document_list(request: HttpRequest) -> HttpResponse:
    """Documents, newest first, with search; editors may upload or paste new articles here."""
    form = None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={reverse('corpus:document-list')}")
        context = page_context(request)
        if not context["can_edit"]:
            return forbidden(request, "Only editors may add documents.")
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            response = ingest(request, form)
            if response is not None:
                return response
        status = 400
    filterset = DocumentFilterSet(
        request.GET or None, queryset=Document.objects.with_counts().defer("text")
    )
    present_filters(filterset.form)
    valid = filterset.is_valid() if filterset.is_bound else True
    if not valid:
        status = 400
    page = paginate(request, filterset.qs if valid else Document.objects.none(), PAGE_SIZE)
    context = page_context(
        request,
        filterset=filterset,
        page=page,
        filtered=bool(query_without_page(request)),
        upload_form=form,
    )
    if context["can_edit"] and form is None:
        context["upload_form"] = DocumentUploadForm()
    return render(request, "corpus/document_list.html", context, status=status)


def ingest(request: HttpRequest, form: DocumentUploadForm) -> HttpResponse | None:
    """Store the form's articles all together or not at all; ``None`` when it failed."""
    try:
        with transaction.atomic():
            results = list(articles_ingest(form.cleaned_data["articles"]))
    except (ValidationError, DatabaseError) as exc:
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        form.add_error(None, f"Nothing was stored: {reason}")
        return None
    created = [r.document for r in results if r.created]
    known = [r.document for r in results if not r.created]
    if len(results) == 1:
        document = results[0].document
        if created:
            messages.success(request, f"Added “{document}”.")
        else:
            messages.info(request, "This article was already stored; here it is.")
        return redirect(document.get_absolute_url())
    messages.success(
        request,
        f"Added {len(created)} new document{'s' if len(created) != 1 else ''}"
        + (
            f"; {len(known)} {'was' if len(known) == 1 else 'were'} already stored."
            if known
            else "."
        ),
    )
    return redirect("corpus:document-list")


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The article with its claims highlighted; anonymous readers see accepted claims only."""
    document = get_object_or_404(Document, pk=pk)
    claims = list(
        Claim.objects.for_document(document)
        .visible_to(request.user)
        .select_related("speaker")
        .prefetch_related("conditions")
        .order_by("content_start", "id")
    )
    for claim in claims:
        claim.document = document  # the spans' text comes from here, not from a query per claim
    context = page_context(
        request,
        document=document,
        paragraphs=paragraphs(document.text, highlights_for(claims)),
        claims=claims,
        condition_count=sum(len(c.conditions.all()) for c in claims),
        suggested_count=sum(c.status == Claim.Status.SUGGESTED for c in claims),
        sentence_count=document.sentences.count(),
    )
    return render(request, "corpus/document_detail.html", context)
