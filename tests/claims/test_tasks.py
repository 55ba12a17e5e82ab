"""Background ingestion: queueing articles, running them in workers, retries and reporting."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from claims import tasks
from corpus.ingestion import build_article
from corpus.models import Document

ROOT = Path(__file__).resolve().parents[2]


def article(n: int, **fields) -> object:
    text = (
        f"Report {n}. Mr Peskov said Russia would only agree to a ceasefire if arms deliveries "
        f"stopped. Officials counted {n} attacks this week."
    )
    return build_article(text=text, max_chars=10_000, source_name=f"report-{n}.txt", **fields)


def drain_queue() -> None:
    """Run every ready task as ``db_worker`` does, in this process and transaction.

    (The command itself closes the database connection between tasks, which would end the
    test's transaction; the two-process test below runs the real command.)
    """
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


@pytest.mark.django_db
def test_enqueueing_stores_one_task_per_article_with_its_validated_fields():
    queued = tasks.enqueue_articles(
        [article(1, title="One", published="2025-06-19"), article(2, outlet="Wire")]
    )
    assert queued == 2
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.task_path for r in results] == ["claims.tasks.ingest_article"] * 2
    payload = results[0].args_kwargs["args"][0]
    assert payload["title"] == "One"
    assert payload["published"] == "2025-06-19"
    assert payload["source_name"] == "report-1.txt"
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_the_ingest_command_queues_in_the_background_without_ingesting(tmp_path):
    (tmp_path / "a.txt").write_text(article(1).text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(article(2).text, encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(tmp_path), "--background", stdout=out)
    assert "Queued 2 article(s)" in out.getvalue()
    assert DBTaskResult.objects.ready().count() == 2
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_a_worker_ingests_queued_articles_and_a_repeated_one_once():
    tasks.enqueue_articles([article(1), article(2), article(1)])
    drain_queue()
    assert Document.objects.count() == 2
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == [TaskResultStatus.SUCCESSFUL] * 3
    assert [r.return_value["created"] for r in results] == [True, True, False]
    assert results[0].return_value["document"] == results[2].return_value["document"]


@pytest.mark.django_db
def test_a_transient_database_error_is_retried_later(monkeypatch):
    def locked(_article):
        raise OperationalError("database is locked")

    monkeypatch.setattr(tasks, "article_ingest", locked)
    payload = tasks.article_payload(article(1))
    outcome = tasks.ingest_article.call(payload)
    assert outcome["retry"] == 2
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["args"] == [payload, 2]
    assert retry.run_after > dt.datetime.now(dt.UTC)


@pytest.mark.django_db
def test_the_last_attempt_fails_and_is_reported(monkeypatch):
    def locked(_article):
        raise OperationalError("database is locked")

    monkeypatch.setattr(tasks, "article_ingest", locked)
    with pytest.raises(OperationalError):
        tasks.ingest_article.call(tasks.article_payload(article(1)), tasks.MAX_ATTEMPTS)
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_a_bad_queued_article_fails_its_task_with_the_reason():
    DBTaskResult.objects.all().delete()
    tasks.ingest_article.enqueue({"text": "", "title": "Empty"})
    drain_queue()
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.FAILED
    assert "the article is empty" in result.traceback
    assert Document.objects.count() == 0


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite allows one writer at a time",
)
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_ingest_every_queued_document_exactly_once():
    articles = [article(n) for n in range(8)]
    tasks.enqueue_articles(articles + articles[:3])
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    command = [
        sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
        "--no-reload", "--interval", "0", "--verbosity", "0",
    ]  # fmt: skip
    workers = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    assert Document.objects.count() == 8
    assert sorted(Document.objects.values_list("source_name", flat=True)) == sorted(
        a.source_name for a in articles
    )
    results = list(DBTaskResult.objects.all())
    assert {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}, [
        r.traceback[-1500:] for r in results if r.traceback
    ]
    assert sum(r.return_value["created"] for r in results) == 8
    assert len({w for r in results for w in r.worker_ids}) == 2


@pytest.mark.django_db
def test_a_speaker_another_worker_created_meanwhile_is_reused_not_an_error(monkeypatch):
    import claims.services
    from claims.extraction import ExtractedSpeaker
    from claims.models import Actor

    stored = Actor.objects.create(name="Dmitry Peskov", kind="person")
    original = claims.services._candidates
    lookups = []

    def not_yet_visible(speakers):
        # The other worker's row is committed only after our first lookup.
        lookups.append(speakers)
        return [] if len(lookups) == 1 else original(speakers)

    monkeypatch.setattr(claims.services, "_candidates", not_yet_visible)
    speaker = ExtractedSpeaker(name="Dmitry Peskov", kind="person", aliases=("Mr Peskov",))
    with transaction.atomic():
        [actor] = claims.services.actors_for_speakers([speaker])
    assert actor == stored and len(lookups) == 2
    assert Actor.objects.count() == 1
    assert Actor.objects.get().aliases == ["Mr Peskov"]
