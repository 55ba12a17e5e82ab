"""``manage.py extract [--document ID ...]``: re-run claim extraction, keeping editors' work."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services import document_extract
from corpus.models import Document
from corpus.nlp import get_nlp


class Command(BaseCommand):
    help = (
        "Re-run claim extraction on every document, or on the documents given with --document. "
        "Unreviewed machine suggestions (and their machine conditions and suggested links) are "
        "replaced; accepted, rejected, edited and hand-made claims, and claims carrying editors' "
        "conditions, notes, verdicts or reviewed links, are kept as they are. Prints what changed "
        "per document and a summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--document",
            dest="documents",
            type=int,
            nargs="+",
            action="extend",
            metavar="ID",
            help="Only these documents (repeatable: --document 3 4 or --document 3 --document 4).",
        )

    def handle(self, *args, documents: list[int] | None, **options) -> None:
        ids = self._document_ids(documents)
        nlp = get_nlp()
        removed = created = kept = failed = 0
        for document in self._documents(ids):
            try:
                # Parsing is the slow part; extraction for one document is one transaction.
                doc = nlp(document.text)
                gone, new = document_extract(document, doc=doc)
            except Exception as exc:
                failed += 1
                self.stderr.write(f"error: document {document.pk}: {type(exc).__name__}: {exc}")
                continue
            remaining = document.claims.count() - new
            removed, created, kept = removed + gone, created + new, kept + remaining
            self.stdout.write(
                f"Document {document.pk} “{document.title}”: {gone} suggestion(s) replaced by "
                f"{new}; {remaining} claim(s) kept."
            )
        done = len(ids) - failed
        self.stdout.write(
            f"Re-ran extraction on {done} document(s): {removed} unreviewed suggestion(s) "
            f"removed, {created} created, {kept} reviewed, edited or hand-made claim(s) kept; "
            f"{failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} document(s) failed; see the errors above")

    @staticmethod
    def _document_ids(requested: list[int] | None) -> list[int]:
        """The ids to process, in order; unknown ids are refused before anything changes."""
        if not requested:
            return list(Document.objects.order_by("pk").values_list("pk", flat=True))
        wanted = sorted(set(requested))
        found = set(Document.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            raise CommandError(f"No document with id {', '.join(map(str, missing))}.")
        return wanted

    @staticmethod
    def _documents(ids: list[int]) -> Iterator[Document]:
        """Documents in batches, so a large corpus is never all in memory at once."""
        size = settings.CLAIMTRACK_PIPE_BATCH_SIZE
        for offset in range(0, len(ids), size):
            yield from Document.objects.filter(pk__in=ids[offset : offset + size]).order_by("pk")
