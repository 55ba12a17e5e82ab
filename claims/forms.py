"""Forms for the editors' web actions; the views pass their cleaned data to ``claims.review``.

Forms that change a claim carry the ``version`` the editor saw, so a change made by someone else
in the meantime is refused (``StaleVersion``) instead of silently overwritten.
"""

from __future__ import annotations

from django import forms

from claims.models import Actor, Claim, Condition, CrossReference


class VersionedForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReviewStatusForm(VersionedForm):
    """Accept or reject a suggested claim, or put a reviewed one back in the queue."""

    status = forms.ChoiceField(choices=Claim.Status.choices)


class ClaimEditForm(VersionedForm):
    """Correct a claim's content span, cue span, speaker or kind."""

    content_start = forms.IntegerField(min_value=0, label="Content start")
    content_end = forms.IntegerField(min_value=1, label="Content end")
    cue_start = forms.IntegerField(min_value=0, required=False, label="Cue start")
    cue_end = forms.IntegerField(min_value=1, required=False, label="Cue end")
    speaker = forms.ModelChoiceField(
        queryset=Actor.objects.only("id", "name", "kind"),
        required=False,
        empty_label="— none: the article's own voice —",
    )
    kind = forms.ChoiceField(choices=Claim.Kind.choices)

    def __init__(self, *args, actor_choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if actor_choices is not None:
            # The view loads the actors once; rendering then needs no query of its own.
            empty = ("", self.fields["speaker"].empty_label)
            self.fields["speaker"].choices = [empty, *actor_choices]

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("content_start"), cleaned.get("content_end")
        if start is not None and end is not None and start >= end:
            self.add_error("content_end", "The end must come after the start.")
        cue = (cleaned.get("cue_start"), cleaned.get("cue_end"))
        if (cue[0] is None) != (cue[1] is None):
            self.add_error("cue_end", "Give both the cue's start and end, or neither.")
        elif cue[0] is not None and cue[0] >= cue[1]:
            self.add_error("cue_end", "The end must come after the start.")
        return cleaned


class ConditionForm(VersionedForm):
    """Add a condition to a claim: its kind and span (offsets into the document)."""

    kind = forms.ChoiceField(choices=Condition.Kind.choices)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and start >= end:
            self.add_error("end", "The end must come after the start.")
        return cleaned


class CrossReferenceReviewForm(forms.Form):
    """Confirm or reject a suggested link between two claims (or reopen it)."""

    status = forms.ChoiceField(choices=CrossReference.Status.choices)


class AnnotationForm(forms.Form):
    body = forms.CharField(
        label="Add a note",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain text; visible to everyone signed in.",
    )
