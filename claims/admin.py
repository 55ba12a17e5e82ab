"""The editors' workbench in the Django admin.

Every write made here goes through ``claims.review`` (or ``claims.services`` for extraction),
so the admin, the API and the web UI share one set of rules: validation, optimistic concurrency
on claims, and history that records who changed what. Editors reach the admin as staff users in
the ``editors`` group; the group's model permissions decide what they may change.

Spans are half-open ``[start, end)`` code point offsets into the document text. Forms accept a
span as offsets, as the exact quote (found in the chosen sentence), or both, which must agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from simple_history.admin import SimpleHistoryAdmin

from claims import review
from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Origin, Verdict
from claims.permissions import EDITORS_GROUP
from claims.services import document_extract
from corpus.admin import DeferringChangeList, numbered_sentences
from corpus.admin import DocumentAdmin as CorpusDocumentAdmin
from corpus.highlight import Highlight
from corpus.models import Document, Sentence

admin.site.site_header = "Claimtrack editorial desk"
admin.site.site_title = "Claimtrack admin"
admin.site.index_title = "Review claims, conditions, links and verdicts"

RATING_HELP = (
    "How true the claim is. Exported as the ClaimReview reviewRating on a 1 (worst) to 5 (best) "
    "scale: False = 1, Mostly false = 2, Mixed = 3, Mostly true = 4, True = 5. Unverifiable has "
    "no number, only its name."
)


# --- spans: offsets, quotes, or both ----------------------------------------------------------


def locate_quote(text: str, quote: str, lo: int, hi: int, where: str) -> tuple[int, int]:
    """The offsets of the single occurrence of ``quote`` inside ``text[lo:hi]``.

    Absent or ambiguous quotes are refused with a message saying which, and what to do.
    """
    hits: list[int] = []
    position = text.find(quote, lo, hi)
    while position >= 0:
        hits.append(position)
        position = text.find(quote, position + 1, hi)
    if not hits:
        raise ValidationError(
            f"“{quote}” does not occur in {where}. Copy the words exactly as they appear there."
        )
    if len(hits) > 1:
        raise ValidationError(
            f"“{quote}” occurs {len(hits)} times in {where}: choose the sentence, type a longer "
            "quote, or give the offsets."
        )
    return hits[0], hits[0] + len(quote)


QUOTE_HELP = (
    "Type the exact words and leave the offsets empty: they are found for you. Or give the "
    "offsets; when both are given they must agree."
)


def quote_field(label: str, *, textarea: bool = False, help_text: str = "") -> forms.CharField:
    """The exact words of a span, as an alternative (or a check) to its offsets."""
    return forms.CharField(
        label=f"{label} (exact quote)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80})
        if textarea
        else forms.TextInput(attrs={"size": 80}),
        help_text=f"{help_text} {QUOTE_HELP}".strip(),
    )


OFFSET_HELP = {
    "start": "Offset of the first character (code points from the start of the text).",
    "end": "Offset just after the last character.",
}


def optional_offsets(form: forms.BaseForm, *names: str) -> None:
    """Offsets may be left empty when a quote is given; ``resolve_span`` checks the pair."""
    for name in names:
        if name not in form.fields:  # a read-only view of the form
            continue
        form.fields[name].required = False
        form.fields[name].help_text = OFFSET_HELP["start" if name.endswith("start") else "end"]


class SpanFormMixin:
    """Resolve a span from its offsets, its quote, or both, adding clear errors to the form."""

    span_refused = False

    def _span_error(self, field: str, message: Any) -> None:
        self.add_error(field, message)
        self.span_refused = True

    def _post_clean(self) -> None:
        # The model's own span checks would repeat a refused span's error in vaguer words.
        if not self.span_refused:
            super()._post_clean()

    def resolve_span(
        self,
        *,
        fields: tuple[str, str, str],
        label: str,
        text: str,
        scope: tuple[int, int, str],
        required: bool,
    ) -> tuple[int, int] | None:
        """Set ``cleaned_data`` start/end for the span in ``fields`` = (quote, start, end).

        A quote typed without offsets, or changed while the offsets were not, is looked up
        in ``scope`` = (lo, hi, description). Offsets given with a quote must match it.
        """
        quote_name, start_name, end_name = fields
        if start_name in self.errors or end_name in self.errors or quote_name in self.errors:
            return None
        data = self.cleaned_data
        quote = (data.get(quote_name) or "").replace("\r\n", "\n")
        start, end = data.get(start_name), data.get(end_name)
        has_offsets = start is not None or end is not None
        quote_changed = quote_name in self.changed_data
        offsets_changed = start_name in self.changed_data or end_name in self.changed_data
        if quote and (not has_offsets or (quote_changed and not offsets_changed)):
            lo, hi, where = scope
            try:
                start, end = locate_quote(text, quote, lo, hi, where)
            except ValidationError as error:
                self._span_error(quote_name, error)
                return None
        elif has_offsets:
            if start is None or end is None:
                self._span_error(start_name, f"Give both the start and the end of the {label}.")
                return None
            if start >= end:
                self._span_error(
                    start_name,
                    f"The {label} must start before it ends ({start} is not before {end}).",
                )
                return None
            if end > len(text):
                self._span_error(
                    end_name,
                    f"The {label} ends at {end}, past the end of the document ({len(text)} characters).",
                )
                return None
            if quote and text[start:end] != quote:
                self._span_error(
                    quote_name,
                    f"The quote does not match the text at [{start}, {end}), which reads "
                    f"“{text[start:end]}”. Correct the quote or the offsets, or clear the quote.",
                )
                return None
        elif required:
            self._span_error(
                quote_name, f"Give the {label}: type the exact quote, or its start and end offsets."
            )
            return None
        data[start_name], data[end_name] = start, end
        return (start, end) if start is not None else None


def changed_values(form: forms.ModelForm, names: Iterable[str]) -> dict[str, Any]:
    """The model fields whose value on ``form.instance`` differs from what the form loaded.

    Compares stored values, not submitted strings, so a span found from a quote counts as a
    change and a field re-submitted unchanged does not.
    """
    instance = form.instance
    changes = {}
    for name in names:
        field = instance._meta.get_field(name)
        current = getattr(instance, field.attname)
        if current != form.initial.get(name):
            changes[name] = getattr(instance, name)
    return changes


def copy_saved(target: models.Model, saved: models.Model) -> None:
    """Make the admin's in-memory object the row a service saved (it may be a new instance)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def count_of(model: type[models.Model], fk: str) -> Coalesce:
    """A correlated COUNT of ``model`` rows pointing at the outer row (no join blow-up)."""
    return Coalesce(
        Subquery(
            model.objects.filter(**{fk: OuterRef("pk")})
            .order_by()
            .values(fk)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def apply_formset(
    formset,
    *,
    create: Callable[[forms.ModelForm], models.Model],
    update: Callable[[forms.ModelForm], models.Model],
    delete: Callable[[models.Model], None] | None = None,
) -> None:
    """Save an inline formset through services instead of ``formset.save()``.

    Fills ``new_objects``, ``changed_objects`` and ``deleted_objects`` as ``save()`` would, so
    the admin's change message (the "history" of the admin log) stays right.
    """
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set()
    for form in getattr(formset, "deleted_forms", []):
        deleted.add(form)
        if form.instance.pk is not None and delete is not None:
            formset.deleted_objects.append(form.instance)
            delete(form.instance)
    for form in formset.forms:
        if form in deleted or not form.has_changed():
            continue
        if form.instance.pk is None:
            formset.new_objects.append(create(form))
        else:
            formset.changed_objects.append((update(form), form.changed_data))


class ReviewedHistoryAdmin(SimpleHistoryAdmin):
    """History with who, when and what changed; reverting is off (it would skip the services).

    Write failures the services detect late (a concurrent edit, a rule that needs the saved
    rows) roll the whole save back and come back to the form as an error message.
    """

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("Old versions are shown, not restored: edit the current one.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except review.StaleVersion as error:
            self.message_user(request, str(error), messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def report(self, request: HttpRequest, message: str, *, error: bool = False) -> None:
        self.message_user(request, message, messages.ERROR if error else messages.SUCCESS)


# --- claims ------------------------------------------------------------------------------------


class ClaimForm(SpanFormMixin, forms.ModelForm):
    """A claim's spans, speaker, kind and review state, guarded by the version it was loaded at."""

    sentence_number = forms.IntegerField(
        required=False,
        min_value=0,
        help_text=(
            "Number of the sentence the quotes are in, as shown under Source (from 0). Without "
            "it, quotes are looked up in the claim's sentences (a new claim: the whole document)."
        ),
    )
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    content_quote = quote_field("Content", textarea=True)
    cue_quote = quote_field("Cue", help_text="The reporting verb or phrase: “said”, “warned”.")
    speaker_quote = quote_field(
        "Speaker mention",
        help_text="How the speaker is named here: “Kremlin spokesman Dmitry Peskov”, “he”.",
    )

    class Meta:
        model = Claim
        fields = (
            "document", "content_start", "content_end", "cue_start", "cue_end", "speaker",
            "speaker_start", "speaker_end", "kind", "status", "check_worthiness",
        )  # fmt: skip

    SPANS = (
        (("content_quote", "content_start", "content_end"), "content", True),
        (("cue_quote", "cue_start", "cue_end"), "cue", False),
        (("speaker_quote", "speaker_start", "speaker_end"), "speaker mention", False),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        optional_offsets(self, *(name for fields, _, _ in self.SPANS for name in fields[1:]))
        if self.instance.pk is not None and "expected_version" in self.fields:
            text = self.instance.document.text
            for (quote, start, end), _, _ in self.SPANS:
                s, e = getattr(self.instance, start), getattr(self.instance, end)
                if s is not None and e is not None:
                    self.initial[quote] = text[s:e]
            self.initial["expected_version"] = self.instance.version
            self.fields["expected_version"].required = True

    def _document(self) -> Document | None:
        if self.instance.document_id is not None:
            return self.instance.document
        return self.cleaned_data.get("document")

    def _scope(self, document: Document) -> tuple[int, int, str] | None:
        number = self.cleaned_data.get("sentence_number")
        if number is not None:
            sentence = document.sentences.filter(index=number).only("start", "end").first()
            if sentence is None:
                last = document.sentences.count() - 1
                self._span_error(
                    "sentence_number",
                    f"The document has no sentence {number} (its sentences are numbered 0 to {last}).",
                )
                return None
            return sentence.start, sentence.end, f"sentence {number}"
        if self.instance.pk is not None:
            lo, hi = review.condition_bounds(self.instance)
            return lo, hi, f"the claim's sentences (offsets {lo} to {hi})"
        return 0, len(document.text), "the document"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is not None:
            expected = data.get("expected_version")
            if expected != self.instance.version:
                raise ValidationError(
                    f"Someone else changed this claim while you were editing it (it is now at "
                    f"version {self.instance.version}; you loaded version {expected}). Your "
                    "changes were not saved: reload the page to see theirs, then apply yours again.",
                    code="stale",
                )
        document = self._document()
        if document is None:
            return data
        scope = self._scope(document)
        if scope is None:
            return data
        for fields, label, required in self.SPANS:
            self.resolve_span(
                fields=fields, label=label, text=document.text, scope=scope, required=required
            )
        return data


class HasConditionsFilter(admin.SimpleListFilter):
    title = "conditions"
    parameter_name = "has_conditions"

    def lookups(self, request, model_admin):
        return (("yes", "With conditions"), ("no", "Without conditions"))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.with_conditions(self.value() == "yes")
        return queryset


class SpeakerFilter(admin.SimpleListFilter):
    """Speakers by name, read as (id, name) pairs so the list of choices stays one light query."""

    title = "speaker"
    parameter_name = "speaker"
    NONE = "none"

    def lookups(self, request, model_admin):
        return [
            (self.NONE, "— The article's own voice —"),
            *((str(pk), name) for pk, name in Actor.objects.values_list("pk", "name")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(speaker__isnull=True)
        if self.value():
            return queryset.filter(speaker_id=self.value())
        return queryset


class DocumentFilter(admin.SimpleListFilter):
    """Documents by title, read as (id, title) pairs: article bodies are never loaded."""

    title = "document"
    parameter_name = "document"

    def lookups(self, request, model_admin):
        return [(str(pk), title or f"Document {pk}") for pk, title in _document_titles()]

    def queryset(self, request, queryset):
        return queryset.filter(document_id=self.value()) if self.value() else queryset


def _document_titles() -> list[tuple[int, str]]:
    return list(Document.objects.values_list("pk", "title"))


class ConditionForm(SpanFormMixin, forms.ModelForm):
    """A condition's kind, span (offsets or quote) and outcome; it must lie in its claim's sentences."""

    class Meta:
        model = Condition
        fields = ("claim", "kind", "start", "end", "outcome", "outcome_sentence")

    quote = quote_field("Condition")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        optional_offsets(self, "start", "end")
        if self.instance.pk is not None:
            self.initial["quote"] = self.instance.text

    def _claim(self) -> Claim | None:
        claim = self.cleaned_data.get("claim")
        if claim is None and self.instance.claim_id is not None:
            claim = self.instance.claim
        return claim

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        claim = self._claim()
        if claim is None or claim.document_id is None or claim.content_start is None:
            return data
        if claim.content_end is None or claim.content_start >= claim.content_end:
            return data
        lo, hi = review.condition_bounds(claim)
        span = self.resolve_span(
            fields=("quote", "start", "end"),
            label="condition",
            text=claim.document.text,
            scope=(lo, hi, f"the claim's sentences (offsets {lo} to {hi})"),
            required=True,
        )
        if span is not None and not (lo <= span[0] and span[1] <= hi):
            self._span_error(
                "start",
                f"A condition must lie inside its claim's sentences (offsets {lo} to {hi}).",
            )
        return data


class ConditionInline(admin.TabularInline):
    model = Condition
    form = ConditionForm
    extra = 1
    fields = ("kind", "quote", "start", "end", "outcome", "outcome_sentence", "origin", "edited")
    readonly_fields = ("origin", "edited")
    autocomplete_fields = ("outcome_sentence",)


class AnnotationForm(forms.ModelForm):
    class Meta:
        model = Annotation
        fields = ("claim", "body", "start", "end")
        widgets = {"body": forms.Textarea(attrs={"rows": 2, "cols": 60})}


class AnnotationInline(admin.TabularInline):
    model = Annotation
    form = AnnotationForm
    extra = 1
    fields = ("body", "start", "end", "author", "created_at")
    readonly_fields = ("author", "created_at")


class VerdictForm(forms.ModelForm):
    class Meta:
        model = Verdict
        fields = ("claim", "rating", "explanation", "reviewed_on")
        help_texts = {"rating": RATING_HELP}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].required = False
        self.fields["reviewed_on"].help_text = "Date of the review; today when left empty."

    def clean_reviewed_on(self):
        return self.cleaned_data.get("reviewed_on") or timezone.localdate()


class VerdictInline(admin.StackedInline):
    model = Verdict
    form = VerdictForm
    extra = 0
    max_num = 1
    fields = ("rating", "explanation", "reviewed_on", "reviewer")
    readonly_fields = ("reviewer",)


class CrossReferenceForm(forms.ModelForm):
    """A link between two claims; an existing link keeps its ends (reject it and add another)."""

    class Meta:
        model = CrossReference
        fields = ("source", "target", "relation", "status", "note", "conditions_differ")
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is not None:
            for end in ("source", "target"):
                if end in self.changed_data:
                    self.add_error(
                        end,
                        "A link keeps the claims it joins: reject this link and add a new one.",
                    )
            return data
        source = data.get("source") or getattr(self.instance, "source", None)
        target = data.get("target")
        if source is not None and source.pk is not None and target is not None:
            existing = CrossReference.objects.filter(source=target, target=source).first()
            if existing is not None:
                self.add_error(
                    "target", f"These claims are already linked the other way (link {existing.pk})."
                )
        return data


class OutgoingCrossReferenceInline(admin.TabularInline):
    model = CrossReference
    form = CrossReferenceForm
    fk_name = "source"
    extra = 1
    verbose_name = "link to another claim"
    verbose_name_plural = "links to other claims"
    fields = ("target", "relation", "status", "conditions_differ", "note", "score", "origin")
    readonly_fields = ("score", "origin")
    autocomplete_fields = ("target",)
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("target__speaker")


def claim_highlights(claim: Claim, conditions: Sequence[Condition]) -> list[Highlight]:
    """The claim's content, cue, speaker mention and conditions, each with its own CSS class."""
    highlights = [Highlight(claim.content_start, claim.content_end, "ct-content", title="content")]
    if claim.cue_start is not None:
        highlights.append(Highlight(claim.cue_start, claim.cue_end, "ct-cue", title="cue"))
    if claim.speaker_start is not None:
        highlights.append(
            Highlight(claim.speaker_start, claim.speaker_end, "ct-speaker", title="speaker")
        )
    for condition in conditions:
        highlights.append(
            Highlight(
                condition.start,
                condition.end,
                f"ct-condition ct-condition-{condition.kind}",
                title=f"condition: {condition.get_kind_display()}",
            )
        )
    return highlights


LEGEND = SafeString(
    '<p class="ct-legend"><mark class="ct-content">content</mark> '
    '<mark class="ct-cue">cue</mark> <mark class="ct-speaker">speaker</mark> '
    '<mark class="ct-condition">condition</mark> <mark class="ct-existing">other claims</mark></p>'
)


def claim_source(claim: Claim) -> SafeString:
    """The claim's sentences (and any sentence its spans reach into), spans highlighted."""
    conditions = list(claim.conditions.all())
    highlights = claim_highlights(claim, conditions)
    lo = min(h.start for h in highlights)
    hi = max(h.end for h in highlights)
    sentences = (
        Sentence.objects.filter(document_id=claim.document_id)
        .filter(Q(start__lt=hi, end__gt=lo) | Q(claims=claim))
        .distinct()
        .order_by("index")
    )
    return format_html(
        "{}{}", LEGEND, numbered_sentences(claim.document, list(sentences), highlights)
    )


def document_source(document: Document) -> SafeString:
    """Every sentence of a document, numbered, with the claims already found marked."""
    highlights = [
        Highlight(start, end, "ct-existing", title=f"claim {pk}")
        for pk, start, end in document.claims.values_list("pk", "content_start", "content_end")
    ]
    sentences = list(document.sentences.order_by("index"))
    return format_html("{}{}", LEGEND, numbered_sentences(document, sentences, highlights))


@admin.register(Claim)
class ClaimAdmin(ReviewedHistoryAdmin):
    """The workbench: a claim's source with its spans highlighted, its review state and spans,
    and inline its conditions, notes, verdict and links to other claims."""

    form = ClaimForm
    change_form_template = "admin/claims/claim/change_form.html"
    inlines = (ConditionInline, AnnotationInline, VerdictInline, OutgoingCrossReferenceInline)
    list_display = (
        "short_text", "speaker", "kind", "status", "document", "check_worthiness",
        "condition_count", "origin", "edited",
    )  # fmt: skip
    list_select_related = ("document", "speaker")
    list_defer = ("document__text",)
    list_filter = (
        "status", "kind", SpeakerFilter, DocumentFilter, HasConditionsFilter, "origin", "edited",
    )  # fmt: skip
    search_fields = ("text", "speaker__name", "document__title")
    autocomplete_fields = ("document", "speaker")
    list_per_page = 50
    actions = ("accept_selected", "reject_selected", "reopen_selected", "extract_documents")
    readonly_fields = (
        "origin", "edited", "version", "created_by", "created_at", "updated_by", "updated_at",
        "reviewed_by", "reviewed_at", "incoming_links",
    )  # fmt: skip

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_fieldsets(self, request: HttpRequest, obj: Claim | None = None):
        return (
            (None, {"fields": ("document", "sentence_number", "expected_version")}),
            ("Content", {"fields": ("content_quote", ("content_start", "content_end"), "kind")}),
            ("Speaker and cue", {"fields": (
                "speaker", "speaker_quote", ("speaker_start", "speaker_end"), "cue_quote",
                ("cue_start", "cue_end"),
            )}),
            ("Review", {"fields": ("status", "check_worthiness")}),
            ("Record", {"classes": ("collapse",), "fields": (
                ("origin", "edited", "version"), ("created_by", "created_at"),
                ("updated_by", "updated_at"), ("reviewed_by", "reviewed_at"), "incoming_links",
            )}),
        )  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "document") if obj is not None else fields

    def get_changelist(self, request: HttpRequest, **kwargs):
        return DeferringChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("speaker")
            .annotate(condition_count=count_of(Condition, "claim"))
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("status", Claim.Status.ACCEPTED)
        initial.setdefault("check_worthiness", 0.5)
        return initial

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        # Machine claims are rejected, never deleted (a deleted suggestion would come back).
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        if obj is not None and obj.origin == Origin.MACHINE:
            return False
        return super().has_delete_permission(request, obj)

    # Columns ----------------------------------------------------------------------------------

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim: Claim) -> str:
        return claim.text if len(claim.text) <= 90 else claim.text[:89] + "…"

    @admin.display(description="conditions", ordering="condition_count")
    def condition_count(self, claim: Claim) -> int:
        return claim.condition_count

    @admin.display(description="links from other claims")
    def incoming_links(self, claim: Claim) -> SafeString:
        links = claim.incoming_references.select_related("source__speaker")
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> — {} ({})</li>',
            (
                (
                    reverse("admin:claims_crossreference_change", args=[link.pk]),
                    link.source,
                    link.get_relation_display(),
                    link.get_status_display(),
                )
                for link in links
            ),
        )
        return format_html("<ul>{}</ul>", rows) if rows else SafeString("—")

    # The source, highlighted -----------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            # ``obj`` may carry the unsaved values of a form with errors: show the stored claim.
            stored = Claim.objects.select_related("document").get(pk=obj.pk)
            context["workbench_source"] = claim_source(stored)
        else:
            document = self._chosen_document(request)
            if document is not None:
                context["workbench_source"] = document_source(document)
                context["workbench_document"] = document
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _chosen_document(request: HttpRequest) -> Document | None:
        raw = request.POST.get("document") or request.GET.get("document")
        if raw is None or not str(raw).isdigit():
            return None
        return Document.objects.filter(pk=int(raw)).first()

    # Writes, through the review services -------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Claim, form: ClaimForm, change: bool) -> None:
        if change:
            changes = changed_values(form, review.CLAIM_EDITABLE_FIELDS)
            expected = form.cleaned_data["expected_version"]
            if changes:
                saved = review.claim_update(
                    claim=obj.pk, user=request.user, expected_version=expected, **changes
                )
            else:
                # Only related rows change: hold the claim so a concurrent edit still loses.
                saved = review.claim_lock(claim=obj.pk, expected_version=expected)
        else:
            saved = review.claim_create(
                document=obj.document,
                user=request.user,
                content_start=obj.content_start,
                content_end=obj.content_end,
                cue_start=obj.cue_start,
                cue_end=obj.cue_end,
                speaker=obj.speaker,
                speaker_start=obj.speaker_start,
                speaker_end=obj.speaker_end,
                kind=obj.kind,
                status=obj.status,
                check_worthiness=obj.check_worthiness,
            )
        copy_saved(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Claim) -> None:
        review.claim_delete(claim=obj, user=request.user)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        claim: Claim = form.instance
        user = request.user
        if formset.model is Condition:
            apply_formset(
                formset,
                create=lambda f: self._condition_create(claim, f, user),
                update=lambda f: self._condition_update(f, user),
                delete=lambda c: review.condition_delete(condition=c, user=user),
            )
        elif formset.model is Annotation:
            apply_formset(
                formset,
                create=lambda f: review.annotation_create(
                    claim=claim,
                    author=user,
                    body=f.instance.body,
                    start=f.instance.start,
                    end=f.instance.end,
                ),
                update=lambda f: review.annotation_update(
                    annotation=f.instance,
                    user=user,
                    body=f.instance.body,
                    start=f.instance.start,
                    end=f.instance.end,
                ),
                delete=lambda a: review.annotation_delete(annotation=a, user=user),
            )
        elif formset.model is Verdict:
            apply_formset(
                formset,
                create=lambda f: self._verdict_set(claim, f, user),
                update=lambda f: self._verdict_set(claim, f, user),
                delete=lambda v: review.verdict_delete(verdict=v, user=user),
            )
        elif formset.model is CrossReference:
            apply_formset(
                formset,
                create=lambda f: crossref_create_from_form(f, source=claim, user=user),
                update=lambda f: crossref_review_from_form(f, user=user),
            )
        else:  # pragma: no cover - every inline is handled above
            raise NotImplementedError(formset.model)

    @staticmethod
    def _condition_create(claim: Claim, form: ConditionForm, user) -> Condition:
        instance = form.instance
        condition = review.condition_create(
            claim=claim, kind=instance.kind, start=instance.start, end=instance.end, user=user
        )
        outcome = {
            "outcome": instance.outcome,
            "outcome_sentence": instance.outcome_sentence,
        }
        if instance.outcome != Condition.Outcome.UNKNOWN or instance.outcome_sentence_id:
            condition = review.condition_update(condition=condition, user=user, **outcome)
        return condition

    @staticmethod
    def _condition_update(form: ConditionForm, user) -> Condition:
        changes = changed_values(form, ("kind", "start", "end", "outcome", "outcome_sentence"))
        if not changes:
            return form.instance
        return review.condition_update(condition=form.instance, user=user, **changes)

    @staticmethod
    def _verdict_set(claim: Claim, form: VerdictForm, user) -> Verdict:
        instance = form.instance
        return review.verdict_set(
            claim=claim,
            rating=instance.rating,
            reviewer=user,
            explanation=instance.explanation,
            reviewed_on=instance.reviewed_on,
        )

    # Actions ----------------------------------------------------------------------------------

    def _review_selected(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        count = review.claims_review(claims=list(queryset), status=status, user=request.user)
        label = Claim.Status(status).label.lower()
        self.report(request, f"{count} claim(s) marked {label}.")

    @admin.action(description="Accept the selected claims", permissions=["change"])
    def accept_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._review_selected(request, queryset, Claim.Status.ACCEPTED)

    @admin.action(description="Reject the selected claims", permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._review_selected(request, queryset, Claim.Status.REJECTED)

    @admin.action(description="Reopen the selected claims for review", permissions=["change"])
    def reopen_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._review_selected(request, queryset, Claim.Status.SUGGESTED)

    @admin.action(
        description="Re-run extraction on the selected claims' documents", permissions=["change"]
    )
    def extract_documents(self, request: HttpRequest, queryset: QuerySet) -> None:
        documents = Document.objects.filter(pk__in=queryset.values("document_id"))
        extract_and_report(self, request, documents)


def extract_and_report(model_admin: ReviewedHistoryAdmin | admin.ModelAdmin, request, documents):
    """Re-run extraction on each document and say what changed (editors' work is kept)."""
    removed = created = count = 0
    for document in documents:
        r, c = document_extract(document)
        removed, created, count = removed + r, created + c, count + 1
    model_admin.message_user(
        request,
        f"Re-ran extraction on {count} document(s): {removed} unreviewed suggestion(s) "
        f"replaced by {created} new one(s); reviewed, edited and hand-made work kept.",
        messages.SUCCESS,
    )


def crossref_create_from_form(form: CrossReferenceForm, *, source: Claim, user) -> CrossReference:
    instance = form.instance
    link = review.crossref_create(
        source=source,
        target=instance.target,
        relation=instance.relation,
        user=user,
        note=instance.note,
        conditions_differ=instance.conditions_differ,
    )
    if instance.status != link.status:
        link = review.crossref_review(crossref=link, status=instance.status, user=user)
    return link


def crossref_review_from_form(form: CrossReferenceForm, *, user) -> CrossReference:
    instance = form.instance
    return review.crossref_review(
        crossref=instance,
        status=instance.status,
        user=user,
        relation=instance.relation,
        note=instance.note,
        conditions_differ=instance.conditions_differ,
    )


# --- conditions, links, notes, verdicts on their own ----------------------------------------------


def claim_column(field: str = "claim"):
    """A list column linking to a related claim (rows select_related the claim and its speaker)."""

    @admin.display(description=field, ordering=field)
    def column(self, obj) -> SafeString:
        claim = getattr(obj, field)
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        return format_html('<a href="{}">{}</a>', url, claim)

    return column


class ReadOnlyClaimOnChange:
    """The claim (or link ends) an object belongs to is chosen once, when it is added."""

    fixed_on_change: tuple[str, ...] = ("claim",)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, *self.fixed_on_change) if obj is not None else fields


@admin.register(Condition)
class ConditionAdmin(ReadOnlyClaimOnChange, ReviewedHistoryAdmin):
    form = ConditionForm
    list_display = ("text", "kind", "claim_link", "origin", "edited", "outcome")
    list_select_related = ("claim__speaker",)
    list_filter = ("kind", "origin", "edited", "outcome")
    search_fields = ("text", "claim__text")
    autocomplete_fields = ("claim", "outcome_sentence")
    fields = (
        "claim",
        "kind",
        "quote",
        "start",
        "end",
        "outcome",
        "outcome_sentence",
        "origin",
        "edited",
    )
    readonly_fields = ("origin", "edited")
    claim_link = claim_column()

    def save_model(self, request, obj: Condition, form, change: bool) -> None:
        if change:
            saved = ClaimAdmin._condition_update(form, request.user)
        else:
            saved = ClaimAdmin._condition_create(obj.claim, form, request.user)
        copy_saved(obj, saved)

    def delete_model(self, request, obj: Condition) -> None:
        review.condition_delete(condition=obj, user=request.user)


@admin.register(CrossReference)
class CrossReferenceAdmin(ReviewedHistoryAdmin):
    """Links between claims: the machine's suggestions are confirmed or rejected here."""

    form = CrossReferenceForm
    list_display = (
        "__str__", "source_link", "relation", "target_link", "score", "status", "origin",
        "conditions_differ",
    )  # fmt: skip
    list_display_links = ("__str__",)
    list_select_related = ("source__speaker", "target__speaker")
    list_filter = ("relation", "status", "origin", "conditions_differ")
    search_fields = ("source__text", "target__text", "note")
    autocomplete_fields = ("source", "target")
    actions = ("confirm_selected", "reject_selected")
    fields = (
        "source", "target", "relation", "status", "conditions_differ", "note", "score", "origin",
        "created_by", "reviewed_by", "reviewed_at",
    )  # fmt: skip
    readonly_fields = ("score", "origin", "created_by", "reviewed_by", "reviewed_at")
    source_link = claim_column("source")
    target_link = claim_column("target")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "source", "target") if obj is not None else fields

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A wrong link is rejected, so that the machine does not suggest it again.
        return False

    def save_model(self, request, obj: CrossReference, form, change: bool) -> None:
        if change:
            saved = crossref_review_from_form(form, user=request.user)
        else:
            saved = crossref_create_from_form(form, source=obj.source, user=request.user)
        copy_saved(obj, saved)

    def _review_selected(self, request, queryset, status: str) -> None:
        count = 0
        for link in queryset:
            review.crossref_review(crossref=link, status=status, user=request.user)
            count += 1
        label = CrossReference.Status(status).label.lower()
        self.report(request, f"{count} link(s) {label}.")

    @admin.action(description="Confirm the selected links", permissions=["change"])
    def confirm_selected(self, request, queryset) -> None:
        self._review_selected(request, queryset, CrossReference.Status.CONFIRMED)

    @admin.action(description="Reject the selected links", permissions=["change"])
    def reject_selected(self, request, queryset) -> None:
        self._review_selected(request, queryset, CrossReference.Status.REJECTED)


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyClaimOnChange, ReviewedHistoryAdmin):
    form = AnnotationForm
    list_display = ("__str__", "claim_link", "author", "created_at")
    list_select_related = ("claim__speaker", "author")
    list_filter = ("created_at",)
    search_fields = ("body", "claim__text")
    autocomplete_fields = ("claim",)
    fields = ("claim", "body", "start", "end", "author", "created_at", "updated_at")
    readonly_fields = ("author", "created_at", "updated_at")
    claim_link = claim_column()

    def save_model(self, request, obj: Annotation, form, change: bool) -> None:
        if change:
            saved = review.annotation_update(
                annotation=obj, user=request.user, body=obj.body, start=obj.start, end=obj.end
            )
        else:
            saved = review.annotation_create(
                claim=obj.claim, author=request.user, body=obj.body, start=obj.start, end=obj.end
            )
        copy_saved(obj, saved)

    def delete_model(self, request, obj: Annotation) -> None:
        review.annotation_delete(annotation=obj, user=request.user)


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyClaimOnChange, ReviewedHistoryAdmin):
    form = VerdictForm
    list_display = ("claim_link", "rating", "rating_value", "reviewer", "reviewed_on")
    list_select_related = ("claim__speaker", "reviewer")
    list_filter = ("rating", "reviewed_on")
    search_fields = ("claim__text", "explanation")
    autocomplete_fields = ("claim",)
    fields = ("claim", "rating", "explanation", "reviewed_on", "reviewer")
    readonly_fields = ("reviewer",)
    claim_link = claim_column()

    @admin.display(description="ClaimReview ratingValue")
    def rating_value(self, verdict: Verdict) -> int | None:
        return verdict.rating_value

    def get_changeform_initial_data(self, request):
        return {"reviewed_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj: Verdict, form, change: bool) -> None:
        copy_saved(obj, ClaimAdmin._verdict_set(obj.claim, form, request.user))

    def delete_model(self, request, obj: Verdict) -> None:
        review.verdict_delete(verdict=obj, user=request.user)


# --- actors ----------------------------------------------------------------------------------------


@admin.register(Actor)
class ActorAdmin(ReviewedHistoryAdmin):
    """Speakers and entities. Duplicates are merged (claims move, names become aliases)."""

    list_display = ("name", "kind", "claim_count", "alias_list", "description")
    list_filter = ("kind",)
    search_fields = ("name", "aliases", "description")
    actions = ("merge_actors",)
    merge_template = "admin/claims/actor/merge.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A COUNT groups rows, and grouped queries ignore Meta.ordering: order explicitly.
        return super().get_queryset(request).with_counts().order_by("name", "id")

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: Actor | None = None) -> bool:
        if obj is not None and getattr(obj, "claim_count", 0):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj: Actor) -> None:
        review.actor_delete(actor=obj, user=request.user)

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, actor: Actor) -> int:
        return actor.claim_count

    @admin.display(description="aliases")
    def alias_list(self, actor: Actor) -> str:
        return ", ".join(actor.aliases)

    @admin.action(description="Merge the selected actors…", permissions=["change"])
    def merge_actors(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        actors = sorted(queryset, key=lambda a: (-a.claim_count, -len(a.name), a.pk))
        if len(actors) < 2:
            self.report(request, "Choose at least two actors to merge.", error=True)
            return None
        if "apply" in request.POST:
            target = next((a for a in actors if str(a.pk) == request.POST.get("target")), None)
            if target is None:
                self.report(request, "Choose which of the selected actors to keep.", error=True)
                return None
            others = [a for a in actors if a.pk != target.pk]
            moved = sum(a.claim_count for a in others)
            merged = review.actors_merge(target=target, others=others, user=request.user)
            names = ", ".join(a.name for a in others)
            self.report(request, f"Merged {names} into {merged.name}: {moved} claim(s) moved.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge actors",
            "opts": self.model._meta,
            "actors": actors,
            "default_target": actors[0],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.merge_template, context)


# --- documents: the corpus admin, plus claims ------------------------------------------------------

admin.site.unregister(Document)


@admin.register(Document)
class DocumentAdmin(CorpusDocumentAdmin):
    """Documents with their claims marked in the text, and re-running extraction."""

    actions = ("extract_selected",)
    readonly_fields = (*CorpusDocumentAdmin.readonly_fields, "claims_link")
    fieldsets = (
        (None, {"fields": ("title", "url", "outlet", "published", "language", "claims_link")}),
        *CorpusDocumentAdmin.fieldsets[1:],
    )

    def has_extract_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.change_claim")

    def text_highlights(self, document: Document) -> list[Highlight]:
        return [
            Highlight(start, end, f"ct-existing ct-status-{status}", title=f"claim {pk} ({status})")
            for pk, start, end, status in document.claims.values_list(
                "pk", "content_start", "content_end", "status"
            )
        ]

    @admin.display(description="claims")
    def claims_link(self, document: Document) -> SafeString:
        changelist = reverse("admin:claims_claim_changelist")
        add = reverse("admin:claims_claim_add")
        return format_html(
            '<a href="{}?document={}">{} claim(s)</a> · <a href="{}?document={}">add a claim the '
            "machine missed</a>",
            changelist, document.pk, document.claim_count, add, document.pk,
        )  # fmt: skip

    @admin.action(
        description="Re-run extraction on the selected documents", permissions=["extract"]
    )
    def extract_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        extract_and_report(self, request, queryset.defer(None))


# --- editors' accounts ------------------------------------------------------------------------------

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts, with one step to give or take away editor access.

    An editor is a staff user (so the admin lets them in) in the ``editors`` group (whose model
    permissions say what they may change). Staff outside the group see only what their own
    permissions allow.
    """

    actions = ("grant_editor_access", "revoke_editor_access")

    @admin.action(
        description="Give editor access (staff status and the editors group)",
        permissions=["change"],
    )
    def grant_editor_access(self, request: HttpRequest, queryset: QuerySet) -> None:
        group = Group.objects.get(name=EDITORS_GROUP)
        users = list(queryset)
        for user in users:
            user.groups.add(group)
        queryset.update(is_staff=True)
        self.message_user(request, f"{len(users)} user(s) can now edit in the admin.")

    @admin.action(
        description="Take editor access away (editors group and staff status)",
        permissions=["change"],
    )
    def revoke_editor_access(self, request: HttpRequest, queryset: QuerySet) -> None:
        group = Group.objects.get(name=EDITORS_GROUP)
        users = list(queryset.filter(is_superuser=False))
        for user in users:
            user.groups.remove(group)
        queryset.filter(is_superuser=False).update(is_staff=False)
        self.message_user(
            request,
            f"{len(users)} user(s) are no longer editors (superusers are left as they are).",
        )
