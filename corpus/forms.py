"""The upload form: one file (.txt, .jsonl, .html) or pasted text, validated like the command.

Validation reuses the readers in :mod:`corpus.ingestion` (``decode_bytes``, ``read_jsonl``,
``extract_html``, ``build_article``) so a file that ``manage.py ingest`` refuses is refused here
with the same reason, and the form holds every article ready to store before anything is written.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings

from corpus.ingestion import (
    ArticleError,
    ArticleInput,
    build_article,
    decode_bytes,
    extract_html,
    parse_date,
    read_jsonl,
)

UPLOAD_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
#: Metadata fields that apply to pasted text and single-article files.
METADATA_FIELDS = ("title", "url", "outlet", "published")


class DocumentUploadForm(forms.Form):
    """Either a file or pasted text; title, URL, outlet and date describe a single article."""

    file = forms.FileField(
        required=False,
        label="File",
        help_text="A .txt, .jsonl (one article per line) or .html file, UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )
    text = forms.CharField(
        required=False,
        label="Or paste the article text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    title = forms.CharField(required=False, max_length=500)
    url = forms.CharField(required=False, max_length=2000, label="URL")
    outlet = forms.CharField(required=False, max_length=200)
    published = forms.DateField(
        required=False,
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="YYYY-MM-DD",
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        if self.errors:
            return cleaned
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not upload and not text.strip():
            raise forms.ValidationError("Upload a file or paste the article text.")
        max_chars = settings.CLAIMTRACK_MAX_DOCUMENT_CHARS
        try:
            if upload:
                cleaned["articles"] = self._read_upload(upload, max_chars=max_chars)
            else:
                cleaned["articles"] = [
                    build_article(text=text, source_name="pasted text", max_chars=max_chars, **self._metadata())
                ]  # fmt: skip
        except ArticleError as exc:
            if exc.field in METADATA_FIELDS:
                self.add_error(exc.field, exc.reason[:1].upper() + exc.reason[1:] + ".")
            elif upload:
                where = f"{exc.source}: " if exc.source else ""
                self.add_error("file", f"{where}{exc.reason}.")
            else:
                self.add_error("text", exc.reason[:1].upper() + exc.reason[1:] + ".")
        return cleaned

    def _metadata(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in METADATA_FIELDS} | {
            "published": self.cleaned_data.get("published")
        }

    def _read_upload(self, upload, *, max_chars: int) -> list[ArticleInput]:
        name = PurePath(upload.name or "").name
        suffix = PurePath(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise ArticleError(
                f"unsupported file type {suffix or '(none)'!r}; use .txt, .jsonl or .html",
                source=name,
            )
        # The same generous byte bound as the command: 4 bytes per character at most.
        if suffix != ".jsonl" and upload.size > max_chars * 4 + 1024:
            raise ArticleError(f"file is too large ({upload.size:,} bytes)", source=name)
        text = decode_bytes(upload.read(), source=name)
        if suffix == ".jsonl":
            if any(self.cleaned_data.get(field) for field in METADATA_FIELDS):
                raise ArticleError(
                    "title, URL, outlet and date come from each line of a JSON Lines file; "
                    "leave those fields empty",
                    source=name,
                )
            articles, errors = [], []
            for item in read_jsonl(text, source=name, max_chars=max_chars):
                (errors if isinstance(item, ArticleError) else articles).append(item)
            if errors:
                raise ArticleError("; ".join(str(error) for error in errors))
            if not articles:
                raise ArticleError("the file holds no articles", source=name)
            return articles
        metadata = {key: value for key, value in self._metadata().items() if value}
        if suffix in (".html", ".htm"):
            fields = extract_html(text)
            found = {"title": fields["title"], "published": _valid_date(fields["published"])}
            return [_build(name, text=fields["text"], max_chars=max_chars, **(found | metadata))]
        return [_build(name, text=text, max_chars=max_chars, **metadata)]


def _build(name: str, **fields) -> ArticleInput:
    """``build_article`` for one file, naming the file in a text error."""
    try:
        return build_article(source_name=name, **fields)
    except ArticleError as exc:
        if exc.field in METADATA_FIELDS:
            raise
        raise ArticleError(exc.reason, source=name, field=exc.field) from None


def _valid_date(value: object) -> object:
    """An HTML page's meta date when it is a valid date, else nothing (as the command does)."""
    try:
        return parse_date(value)
    except ArticleError:
        return None
