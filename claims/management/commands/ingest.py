"""``manage.py ingest PATH [PATH ...]``: ingest articles from files and folders."""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from claims.services import articles_ingest
from corpus.ingestion import ArticleError, ArticleInput, iter_paths, read_path


class Command(BaseCommand):
    help = (
        "Ingest articles: .txt (UTF-8; a leading 'date YYYY-MM-DD' marker sets the publication "
        "date), .jsonl (one article per line) and .html files, or folders of them (recursively). "
        "Segments, extracts claims and conditions, and suggests cross-references. Texts already "
        "stored are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to ingest.")
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Enqueue the articles for background workers (manage.py db_worker) instead.",
        )

    def handle(
        self, *args, paths: list[Path], no_progress: bool, background: bool, **options
    ) -> None:
        max_chars = settings.CLAIMTRACK_MAX_DOCUMENT_CHARS
        errors: list[ArticleError] = []
        articles: list[ArticleInput] = []
        for item in iter_paths(paths):
            if isinstance(item, ArticleError):
                errors.append(item)
                continue
            for article in read_path(item, max_chars=max_chars):
                (errors if isinstance(article, ArticleError) else articles).append(article)

        for error in errors:
            self.stderr.write(f"error: {error.source}: {error.reason}")

        if background:
            from claims.tasks import enqueue_articles

            queued = enqueue_articles(articles)
            self.stdout.write(
                f"Queued {queued} article(s) for background ingestion; {len(errors)} failed."
            )
            if errors:
                raise CommandError(f"{len(errors)} article(s) could not be read")
            return

        show_bar = not no_progress and sys.stderr.isatty() and len(articles) > 1
        created = existing = failed = sentences = claims = 0
        with tqdm(total=len(articles), unit="doc", disable=not show_bar, file=sys.stderr) as bar:
            for result in articles_ingest(articles, collect_errors=True):
                bar.update(1)
                if result.error:
                    failed += 1
                    self.stderr.write(f"error: {result.article.source_name}: {result.error}")
                elif result.created:
                    created += 1
                    sentences += result.sentence_count
                    claims += result.document.claims.count()
                else:
                    existing += 1

        failed += len(errors)
        self.stdout.write(
            f"Ingested {created} new document(s) with {sentences} sentence(s) and {claims} claim(s); "
            f"{existing} already present; {failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} article(s) failed; see the errors above")
