"""``manage.py import_dump PATH``: restore a dump written by ``export_dump``."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from claims.dump import DumpError, restore


class Command(BaseCommand):
    help = (
        "Restore a JSON Lines dump written by export_dump into an empty, migrated database, "
        "keeping ids, timestamps and history. Everything is checked first and the restore is "
        "all or nothing. A database that already holds documents, actors or claims is refused "
        "unless --replace is given (which deletes that data first, in the same transaction). "
        "PATH '-' reads standard input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Dump file ('-' for standard input).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the documents, actors, claims and their history already stored, "
            "then restore (users are kept).",
        )

    def handle(self, *args, path: str, replace: bool, **options) -> None:
        try:
            if path == "-":
                counts = restore(sys.stdin.buffer, replace=replace)
            else:
                with Path(path).open("rb") as lines:
                    counts = restore(lines, replace=replace)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        except DumpError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from None
        except IntegrityError as exc:
            raise CommandError(
                f"{path}: the data breaks a database rule ({exc}); nothing was imported"
            ) from None
        summary = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
        self.stdout.write(f"Imported {summary or 'nothing'}.")
