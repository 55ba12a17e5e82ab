"""Actors, claims, conditions, cross-references, annotations and verdicts.

Spans are half-open ``[start, end)`` Unicode code point offsets into ``Document.text``; every
stored span satisfies ``document.text[start:end] == span text`` (checked in ``clean()``) and a
database constraint keeps ``0 <= start < end``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from corpus.models import Document, Sentence


def span_constraint(prefix: str, *, nullable: bool) -> models.CheckConstraint:
    """``0 <= start < end`` for the ``{prefix}start``/``{prefix}end`` pair (both null if optional)."""
    start, end = f"{prefix}start", f"{prefix}end"
    valid = Q(**{f"{start}__gte": 0}) & Q(**{f"{end}__gt": F(start)})
    if nullable:
        valid |= Q(**{f"{start}__isnull": True}) & Q(**{f"{end}__isnull": True})
    name = f"%(class)s_{prefix or 'content_'}span_valid"
    return models.CheckConstraint(condition=valid, name=name)


def _user_field() -> models.ForeignKey:
    """Who created, changed or reviewed a row. No index: only deleting a user reads it, and
    every index is one more write per row stored."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )


class Origin(models.TextChoices):
    MACHINE = "machine", "Machine"
    EDITOR = "editor", "Editor"


class ActorQuerySet(models.QuerySet["Actor"]):
    def with_counts(self) -> ActorQuerySet:
        return self.annotate(claim_count=Count("claims", distinct=True))

    def search(self, query: str) -> ActorQuerySet:
        """Actors whose name, aliases or description contain every word of ``query``."""
        from claims.search import search_actors

        return search_actors(self, query)


class Actor(models.Model):
    """A canonical speaker or entity: one row for every way a person or body is named."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        COUNTRY = "country", "Country"
        GROUP = "group", "Group"

    name = models.CharField(max_length=300, help_text="Canonical name, e.g. “Dmitry Peskov”.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names seen in articles, e.g. “Mr Peskov”, “Kremlin spokesman Dmitry Peskov”.",
    )
    description = models.TextField(
        blank=True, help_text="Role or description, e.g. “Kremlin spokesman”."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="actor_unique_name_kind")
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:actor-detail", args=[self.pk])

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": "Aliases must be a list of names."})


class ClaimQuerySet(models.QuerySet["Claim"]):
    def for_document(self, document: Document | int) -> ClaimQuerySet:
        return self.filter(document=document)

    def visible_to(self, user) -> ClaimQuerySet:
        """Anonymous users see accepted claims only; signed-in users see everything."""
        if user is not None and user.is_authenticated:
            return self
        return self.filter(status=Claim.Status.ACCEPTED)

    def needing_review(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.SUGGESTED)

    def machine_suggestions(self) -> ClaimQuerySet:
        """Unreviewed, unedited machine claims: what re-extraction may replace."""
        return self.filter(origin=Origin.MACHINE, status=Claim.Status.SUGGESTED, edited=False)

    def with_conditions(self, present: bool = True) -> ClaimQuerySet:
        has = Exists(Condition.objects.filter(claim=OuterRef("pk")))
        return self.filter(has if present else ~has)

    def search(self, query: str) -> ClaimQuerySet:
        """Claims where every word of ``query`` is in the text or names the speaker.

        Full-text search on PostgreSQL and SQLite (see :mod:`claims.search`).
        """
        from claims.search import search_claims

        return search_claims(self, query)

    def for_list(self) -> ClaimQuerySet:
        """What a list of claims shows: document, speaker, conditions and sentence ids, in 4 queries."""
        return self.select_related("document", "speaker").prefetch_related(
            "conditions",
            models.Prefetch("sentences", queryset=Sentence.objects.only("id", "index")),
        )


class Claim(models.Model):
    """A statement in a document: who said it (``speaker``), how (``cue``) and what (content)."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Indirect (reported speech or stance)"
        MIXED = "mixed", "Mixed (partly quoted)"
        ASSERTION = "assertion", "Assertion (article's own voice)"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    # No index of its own for the document, the speaker or the status: the composite indexes
    # below start with each of them, and every index is one more write per stored claim.
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="claims", db_index=False
    )
    sentences = models.ManyToManyField(
        Sentence, related_name="claims", blank=True, help_text="The sentences the claim spans."
    )
    content_start = models.PositiveIntegerField(
        help_text="Start of the claim's content (code points)."
    )
    content_end = models.PositiveIntegerField(help_text="End of the claim's content (exclusive).")
    text = models.TextField(editable=False, help_text="The content span's text, kept for search.")
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    speaker = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims",
        db_index=False, help_text="Who made the claim; empty for the article's own voice.",
    )  # fmt: skip
    speaker_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Where the speaker is mentioned for this claim."
    )
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.MACHINE)
    edited = models.BooleanField(
        default=False, help_text="An editor changed this machine-made claim."
    )
    check_worthiness = models.FloatField(
        default=0.0, help_text="0 to 1: how much the claim deserves checking."
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every save; guards against lost updates."
    )
    created_by = _user_field()
    updated_by = _user_field()
    reviewed_by = _user_field()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # History is read per claim (by ``id``): no other index on it, so that storing claims by the
    # thousand does not maintain indexes nobody reads.
    history = HistoricalRecords(
        excluded_fields=["text"],
        no_db_index=["document", "speaker", "status", "created_by", "updated_by", "reviewed_by"],
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        # By document id, not by the document's own ordering: that would join and sort the
        # documents table on every list; this order is served by an index (deep pages too).
        ordering = ["document_id", "content_start", "id"]
        constraints = [
            span_constraint("content_", nullable=False),
            span_constraint("cue_", nullable=True),
            span_constraint("speaker_", nullable=True),
            models.CheckConstraint(
                condition=Q(check_worthiness__gte=0) & Q(check_worthiness__lte=1),
                name="claim_check_worthiness_range",
            ),
        ]
        indexes = [
            models.Index(fields=["speaker", "status"], name="claim_speaker_status"),
            models.Index(fields=["kind"], name="claim_kind"),
            # The list order, whole and per status (anonymous readers see accepted claims); it
            # also serves lookups by document and span.
            models.Index(fields=["document", "content_start", "id"], name="claim_list_order"),
            models.Index(
                fields=["status", "document", "content_start", "id"], name="claim_status_order"
            ),
            # Counts of filtered lists (every page shows the total) read this index only; the
            # wider one below would do too, but reading it takes twice as long.
            models.Index(fields=["status", "kind"], name="claim_status_kind"),
            # The keys of any page of a list filtered by status and kind, deep ones too.
            models.Index(
                fields=["status", "kind", "document", "content_start", "id"],
                name="claim_status_kind_order",
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.speaker or 'Article'}: {text}"

    def get_absolute_url(self) -> str:
        return reverse("claims:claim-detail", args=[self.pk])

    # Spans as (start, end, text), or None. Pure properties: no query beyond ``document``.
    def _span(self, start: int | None, end: int | None) -> dict | None:
        if start is None or end is None:
            return None
        return {"start": start, "end": end, "text": self.document.text[start:end]}

    @property
    def content(self) -> dict:
        return self._span(self.content_start, self.content_end)

    @property
    def cue(self) -> dict | None:
        return self._span(self.cue_start, self.cue_end)

    @property
    def speaker_mention(self) -> dict | None:
        return self._span(self.speaker_start, self.speaker_end)

    def clean(self) -> None:
        if self.document_id is None:
            return
        document = self.document
        document.check_span(self.content_start, self.content_end, field="content_start")
        for prefix, label in (("cue_", "cue"), ("speaker_", "speaker mention")):
            start, end = getattr(self, f"{prefix}start"), getattr(self, f"{prefix}end")
            if (start is None) != (end is None):
                raise ValidationError(
                    {f"{prefix}start": f"The {label} needs both a start and an end, or neither."}
                )
            if start is not None:
                document.check_span(start, end, field=f"{prefix}start")
        if self.kind == self.Kind.ASSERTION and self.speaker_id is not None:
            raise ValidationError(
                {"speaker": "An assertion is in the article's own voice and has no speaker."}
            )
        if not 0 <= self.check_worthiness <= 1:
            raise ValidationError({"check_worthiness": "Check-worthiness lies between 0 and 1."})
        self.text = document.text[self.content_start : self.content_end]


class ConditionQuerySet(models.QuerySet["Condition"]):
    def machine_suggestions(self) -> ConditionQuerySet:
        return self.filter(origin=Origin.MACHINE, edited=False)


class Condition(models.Model):
    """A condition that bounds a claim: “if …”, “only if …”, “unless …”, “not …”, “within …”."""

    class Kind(models.TextChoices):
        CONDITIONAL = "conditional", "Conditional (if, should, were, in case)"
        ONLY_IF = "only_if", "Only if (provided that, as long as, on condition that)"
        UNLESS = "unless", "Unless"
        NEGATION = "negation", "Negated qualification"
        TEMPORAL = "temporal", "Temporal (deadline, validity)"

    class Outcome(models.TextChoices):
        UNKNOWN = "unknown", "Unknown"
        MET = "met", "Met"
        BROKEN = "broken", "Broken"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(editable=False)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.MACHINE)
    edited = models.BooleanField(
        default=False, help_text="An editor changed this machine-made condition."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN)
    outcome_sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="condition_outcomes",
        help_text="A sentence (in any document) showing the condition met or broken.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["text"], no_db_index=["outcome_sentence"])
    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "start", "id"]
        constraints = [span_constraint("", nullable=False)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"

    def clean(self) -> None:
        if self.claim_id is None:
            return
        document = self.claim.document
        document.check_span(self.start, self.end, field="start")
        self.text = document.text[self.start : self.end]


class CrossReferenceQuerySet(models.QuerySet["CrossReference"]):
    def involving(self, claim: Claim | int) -> CrossReferenceQuerySet:
        return self.filter(Q(source=claim) | Q(target=claim))

    def machine_suggestions(self) -> CrossReferenceQuerySet:
        return self.filter(origin=Origin.MACHINE, status=CrossReference.Status.SUGGESTED)


class CrossReference(models.Model):
    """A typed, directed link between two claims, usually in different documents."""

    class Relation(models.TextChoices):
        SAME_CLAIM = "same_claim", "Same claim"
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        REFINES = "refines", "Same proposition, different conditions"
        RELATED = "related", "Related"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    # The unique (source, target) constraint's index serves lookups by source.
    source = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="outgoing_references", db_index=False
    )
    target = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="incoming_references")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    score = models.FloatField(default=0.0, help_text="0 to 1: the machine's confidence.")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUGGESTED, db_index=True
    )
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.MACHINE)
    conditions_differ = models.BooleanField(
        default=False, help_text="Same proposition, but the conditions differ."
    )
    note = models.TextField(blank=True)
    created_by = _user_field()
    reviewed_by = _user_field()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # History is read by the claims at either end.
    history = HistoricalRecords(no_db_index=["status", "created_by", "reviewed_by"])
    objects = CrossReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="crossreference_no_self_link"
            ),
            models.UniqueConstraint(fields=["source", "target"], name="crossreference_unique_pair"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="crossreference_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.relation} {self.target_id}"

    def clean(self) -> None:
        if self.source_id is not None and self.source_id == self.target_id:
            raise ValidationError({"target": "A claim cannot reference itself."})


class ClaimKey(models.Model):
    """A blocking key of a claim: its speaker, a number or a content word it states.

    Written by :mod:`claims.linking` to find link candidates without comparing a new claim
    with every stored one: claims sharing keys are fetched through the ``(key, claim)`` index,
    newest first and a bounded number per key. ``document_id`` is a plain copy of the claim's
    document (claims never move), so that query can skip the claim's own document without a
    join; rows go when their claim goes.
    """

    # The unique (claim, key) index serves lookups by claim; no second index needed.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="keys", db_index=False)
    document_id = models.PositiveBigIntegerField(help_text="The claim's document.")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "key"], name="claimkey_unique")]
        indexes = [models.Index(fields=["key", "-claim"], name="claimkey_key_claim")]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.key}"


class Annotation(models.Model):
    """An editor's note on a claim, optionally on a span of its document."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    body = models.TextField(help_text="The note, in plain text.")
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Optional span the note is about."
    )
    end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [span_constraint("", nullable=True)]

    def __str__(self) -> str:
        return self.body[:60]

    def clean(self) -> None:
        if not self.body or not self.body.strip():
            raise ValidationError({"body": "A note cannot be empty."})
        if (self.start is None) != (self.end is None):
            raise ValidationError({"start": "A span needs both a start and an end, or neither."})
        if self.start is not None and self.claim_id is not None:
            self.claim.document.check_span(self.start, self.end, field="start")


class Verdict(models.Model):
    """A fact-check rating on a claim; maps to schema.org ClaimReview ``reviewRating``.

    The scale runs from 1 (false) to 5 (true); ``unverifiable`` has no numeric value.
    """

    class Rating(models.TextChoices):
        FALSE = "false", "False"
        MOSTLY_FALSE = "mostly_false", "Mostly false"
        MIXED = "mixed", "Mixed"
        MOSTLY_TRUE = "mostly_true", "Mostly true"
        TRUE = "true", "True"
        UNVERIFIABLE = "unverifiable", "Unverifiable"

    #: ClaimReview ``ratingValue`` on a 1 (worst) to 5 (best) scale.
    RATING_VALUES = {"false": 1, "mostly_false": 2, "mixed": 3, "mostly_true": 4, "true": 5}

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    explanation = models.TextField(
        blank=True, help_text="Why this rating; shown with the ClaimReview."
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="verdicts"
    )
    reviewed_on = models.DateField(help_text="Date of the review.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} ({self.claim_id})"

    @property
    def rating_value(self) -> int | None:
        return self.RATING_VALUES.get(self.rating)
