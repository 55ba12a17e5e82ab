"""``manage.py export_dump PATH``: write the full JSON Lines dump (``-`` for standard output)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.dump import FOOTER, dump_records


class Command(BaseCommand):
    help = (
        "Write every document, sentence, actor, claim, condition, cross-reference, annotation "
        "and verdict, with their change history, as JSON Lines (one object per line with a "
        "'model' key). Restore with import_dump. PATH '-' writes to standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="File to write ('-' for standard output).")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace PATH if it already exists."
        )

    def handle(self, *args, path: str, overwrite: bool, **options) -> None:
        counts: dict[str, int] = {}
        if path == "-":
            out = sys.stdout
        else:
            target = Path(path)
            if target.exists() and not overwrite:
                raise CommandError(f"{target} exists; pass --overwrite to replace it")
            # Write next to the target and rename at the end: no half-written dump on failure.
            partial = target.with_name(target.name + ".partial")
            try:
                out = partial.open("w", encoding="utf-8", newline="\n")
            except OSError as exc:
                raise CommandError(f"cannot write {target}: {exc.strerror}") from None
        try:
            for record in dump_records():
                if record["model"] == FOOTER:
                    counts = record["counts"]
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        if path != "-":
            partial.replace(target)
            summary = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
            self.stdout.write(f"Wrote {target}: {summary or 'nothing to dump'}.")
