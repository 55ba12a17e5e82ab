"""``manage.py suggest_links [--document ID ...]``: suggest cross-references on demand."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.linking import suggest_all
from corpus.models import Document


class Command(BaseCommand):
    help = (
        "Suggest cross-references (same claim, supports, contradicts, refines, related) from "
        "the claims of the given documents, or of every document, to claims in other documents. "
        "Editors' decisions are kept: confirmed, rejected and hand-made links are never changed "
        "and a rejected pair is never suggested again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--document",
            type=int,
            action="append",
            dest="documents",
            metavar="ID",
            help="Only this document (repeat for several); default: every document, oldest first.",
        )

    def handle(self, *args, documents: list[int] | None, **options) -> None:
        if documents:
            found = Document.objects.in_bulk(documents)
            missing = [str(pk) for pk in documents if pk not in found]
            if missing:
                raise CommandError(f"No document with id {', '.join(missing)}.")
            selected = [found[pk] for pk in documents]
        else:
            selected = None
        count = suggest_all(selected)
        self.stdout.write(f"Suggested or refreshed {count} cross-reference(s).")
