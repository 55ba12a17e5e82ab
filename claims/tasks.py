"""Background ingestion through the task queue (Django's task API, database backend).

``manage.py ingest --background PATH`` reads and validates the articles, then calls
:func:`enqueue_articles`: one :func:`ingest_article` task per article, carrying its validated
fields as JSON. Workers (``manage.py db_worker``, any number of processes on any number of
machines sharing one PostgreSQL) take tasks one at a time (``SELECT ... FOR UPDATE SKIP
LOCKED``) and run :func:`claims.services.article_ingest` on them.

Guarantees:

* **No document twice.** A text already stored is skipped, and two workers racing on the same
  text are settled by the unique ``content_hash``: the loser's transaction rolls back and its
  task reports the existing document (``created: false``).
* **Retries.** A transient database error (lost connection, deadlock, serialisation failure,
  locked SQLite file) re-enqueues the article with a growing delay, up to
  :data:`MAX_ATTEMPTS` attempts; the failed attempt is recorded as such.
* **Reporting.** Any other error (a bad article, a bug) fails the task at once, with the
  exception and traceback stored on its result: see the admin's "Task results" list filtered
  by status *Failed*. Re-running the same ``ingest --background`` command is always safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks import task

from claims.services import article_ingest
from corpus.ingestion import ArticleInput, build_article

#: Attempts per article before its task is left failed.
MAX_ATTEMPTS = 3
#: Delay before the n-th retry: ``RETRY_DELAY * 2 ** (n - 1)``.
RETRY_DELAY = dt.timedelta(seconds=10)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def article_payload(article: ArticleInput) -> dict[str, Any]:
    """An article's validated fields as JSON for the queue."""
    return {
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "source_name": article.source_name,
    }


def article_from_payload(payload: dict[str, Any]) -> ArticleInput:
    """Validate a queued article again (the queue is storage, not a trust boundary)."""
    return build_article(
        text=payload.get("text"),
        title=payload.get("title", ""),
        url=payload.get("url", ""),
        outlet=payload.get("outlet", ""),
        published=payload.get("published"),
        language=payload.get("language", "en"),
        source_name=str(payload.get("source_name", ""))[:500],
        max_chars=settings.CLAIMTRACK_MAX_DOCUMENT_CHARS,
        normalise=False,
    )


@task()
def ingest_article(article: dict[str, Any], attempt: int = 1) -> dict[str, Any]:
    """Ingest one queued article; returns what happened to it.

    ``{"document": id, "created": bool, "sentences": n, "claims": n}``, or for a transient
    error that was re-enqueued, ``{"retry": attempt + 1, "error": "..."}``.
    """
    item = article_from_payload(article)
    try:
        result = article_ingest(item)
    except TRANSIENT_ERRORS as exc:
        if attempt >= MAX_ATTEMPTS:
            raise
        delay = RETRY_DELAY * 2 ** (attempt - 1)
        ingest_article.using(run_after=timezone.now() + delay).enqueue(article, attempt + 1)
        return {"retry": attempt + 1, "error": f"{type(exc).__name__}: {exc}"}
    document = result.document
    return {
        "document": document.pk,
        "created": result.created,
        "sentences": result.sentence_count,
        "claims": document.claims.count() if result.created else None,
    }


def enqueue_articles(articles: Iterable[ArticleInput]) -> int:
    """Queue one ingestion task per article; returns how many were queued."""
    count = 0
    for article in articles:
        ingest_article.enqueue(article_payload(article))
        count += 1
    return count
