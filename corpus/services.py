"""Writes for the corpus: storing parsed documents and their sentences.

Callers (the ``claims`` ingestion service) pass an ``on_created`` hook that runs inside the same
transaction as the documents' rows, so a failure anywhere leaves nothing of a document behind.
``corpus`` never imports ``claims``.

Storing a batch can overlap the parse of the next one: it then runs in a second thread of the
same process, with its own database connection, one batch at a time and in order (see
:func:`documents_ingest`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.db import IntegrityError, connection, connections, transaction
from spacy.tokens import Doc

from corpus.bulk import insert_objects
from corpus.ingestion import ArticleInput
from corpus.models import Document, Sentence
from corpus.nlp import get_nlp
from corpus.segmentation import segment

MAX_TITLE = 200


@dataclass(slots=True)
class IngestResult:
    """What happened to one article: ``created`` is False when its text was already stored."""

    article: ArticleInput
    document: Document | None
    created: bool
    sentence_count: int = 0
    error: str = ""


def derive_title(text: str, sentences: list[tuple[int, int]]) -> str:
    """A headline line when the text opens with one, else the first sentence (shortened)."""
    first_line = text.split("\n", 1)[0].strip()
    if first_line and len(first_line) <= 150 and first_line[-1] not in '.!?:;,"”’':
        return first_line
    if sentences:
        start, end = sentences[0]
        candidate = text[start:end]
    else:
        candidate = first_line
    if len(candidate) > MAX_TITLE:
        candidate = candidate[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return candidate


@dataclass(slots=True)
class Created:
    """A document stored in this run, with its sentences and the parse they came from."""

    document: Document
    doc: Doc
    sentences: list[Sentence]


#: Called inside the transaction that stored the documents, in the order of the articles.
OnCreated = Callable[[list[Created]], None]

#: Called after a transaction storing articles was rolled back (whatever the hook cached from
#: inside it, such as new rows' keys, is gone with it).
OnRollback = Callable[[], None]


def _prepare(article: ArticleInput, doc: Doc) -> tuple[Document, list[tuple[int, int]]]:
    """The unsaved, validated Document for a parsed article, and its sentence offsets."""
    spans = segment(doc)
    document = Document(
        title=article.title or derive_title(article.text, spans),
        url=article.url,
        outlet=article.outlet,
        published=article.published,
        language=article.language,
        text=article.text,
        content_hash=article.content_hash,
        source_name=article.source_name[:500],
    )
    # Uniqueness of the hash is left to the database (see the IntegrityError in _store).
    document.full_clean(validate_unique=False, validate_constraints=False)
    return document, spans


def _store_together(
    parsed: list[tuple[ArticleInput, Doc]],
    on_created: OnCreated | None,
    on_rollback: OnRollback | None = None,
) -> list[IngestResult]:
    """Store several parsed articles in one transaction, with one insert per table.

    All or nothing: any exception rolls back every article of the batch, calls ``on_rollback``
    and propagates.
    """
    try:
        return _insert_together(parsed, on_created)
    except BaseException:
        if on_rollback is not None:
            on_rollback()
        raise


def _insert_together(
    parsed: list[tuple[ArticleInput, Doc]], on_created: OnCreated | None
) -> list[IngestResult]:
    prepared = [_prepare(article, doc) for article, doc in parsed]
    with transaction.atomic():
        documents = insert_objects([document for document, _spans in prepared], Document)
        sentences = insert_objects(
            [
                Sentence(document=document, index=i, start=s, end=e, text=document.text[s:e])
                for document, spans in prepared
                for i, (s, e) in enumerate(spans)
            ],
            Sentence,
        )
        created: list[Created] = []
        first = 0
        for document, (_article, doc), (_document, spans) in zip(
            documents, parsed, prepared, strict=True
        ):
            created.append(Created(document, doc, sentences[first : first + len(spans)]))
            first += len(spans)
        if on_created is not None:
            on_created(created)
    return [
        IngestResult(article, item.document, created=True, sentence_count=len(item.sentences))
        for (article, _doc), item in zip(parsed, created, strict=True)
    ]


def _store(
    article: ArticleInput,
    doc: Doc,
    on_created: OnCreated | None,
    on_rollback: OnRollback | None = None,
) -> IngestResult:
    """Store one parsed article (its text was just found not stored yet) in one transaction."""
    try:
        [result] = _store_together([(article, doc)], on_created, on_rollback)
    except IntegrityError:
        # Another process stored the same text between our check and our insert.
        existing = Document.objects.filter(content_hash=article.content_hash).first()
        if existing is None:
            raise
        return IngestResult(article, existing, created=False)
    return result


def _store_batch(
    parsed: list[tuple[ArticleInput, Doc]],
    on_created: OnCreated | None,
    on_rollback: OnRollback | None,
    collect_errors: bool,
) -> list[IngestResult]:
    """Store parsed articles: all in one transaction, or one by one if that fails.

    The batch is the fast path (a handful of queries for all its articles). If anything in it
    fails, nothing of it stays, and each article is stored again in its own transaction, so
    that a failure belongs to its article alone and the others are kept.
    """
    if len(parsed) > 1:
        try:
            return _store_together(parsed, on_created, on_rollback)
        except Exception:  # retried article by article below, where it is reported
            pass
    results = []
    for article, doc in parsed:
        try:
            results.append(_store(article, doc, on_created, on_rollback))
        except Exception as exc:
            if not collect_errors:
                raise
            results.append(
                IngestResult(article, None, created=False, error=f"{type(exc).__name__}: {exc}")
            )
    return results


_PARSE, _STORED, _REPEAT = "parse", "stored", "repeat"


def can_store_in_background() -> bool:
    """Whether storing may run in a second thread, with a connection of its own.

    Not inside a transaction (the other connection would neither see it nor be rolled back
    with it), and not on an in-memory SQLite database, whose shared cache locks whole tables:
    two connections there fail on each other's locks instead of waiting for them.
    """
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def documents_ingest(
    articles: Iterable[ArticleInput],
    *,
    on_created: OnCreated | None = None,
    on_rollback: OnRollback | None = None,
    batch_size: int = 32,
    collect_errors: bool = False,
    n_process: int = 1,
    background: bool = True,
) -> Iterator[IngestResult]:
    """Parse articles with one streaming ``nlp.pipe`` and store them ``batch_size`` at a time.

    Texts already stored (one query per ``batch_size`` articles) and repeats within the run
    are not parsed: they pass through the pipe as empty texts, so that results come out in
    the order of ``articles``. With ``n_process`` > 1 the parse runs in that many worker
    processes while this one stores. Each batch of new articles is stored in one transaction
    (see :func:`_store_batch`); an exception while storing one article rolls back that article
    alone: with ``collect_errors`` it is reported as a result with ``error`` set and the others
    go on, otherwise it propagates.

    With ``background`` (and when :func:`can_store_in_background`), each batch is stored in a
    second thread while this one parses the next: the hooks then run in that thread, batches
    are still stored one at a time and in order, and a batch's results are yielded once it is
    stored. At most one batch is stored ahead of the results read so far: a caller that stops
    reading early may find one more batch stored than it was given results for.
    """
    nlp = get_nlp()
    seen: set[str] = set()
    planned: deque[tuple[ArticleInput, str]] = deque()

    def classify(chunk: list[ArticleInput]) -> Iterator[str]:
        hashes = [a.content_hash for a in chunk]
        stored = set(
            Document.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
        )
        for article in chunk:
            if article.content_hash in seen:
                status = _REPEAT
            else:
                seen.add(article.content_hash)
                status = _STORED if article.content_hash in stored else _PARSE
            planned.append((article, status))
            yield article.text if status == _PARSE else ""

    def texts() -> Iterator[str]:
        chunk: list[ArticleInput] = []
        for article in articles:
            chunk.append(article)
            if len(chunk) >= batch_size:
                yield from classify(chunk)
                chunk = []
        if chunk:
            yield from classify(chunk)

    def store(waiting: list[tuple[ArticleInput, str, Doc]]) -> list[IngestResult]:
        parsed = [(article, doc) for article, status, doc in waiting if status == _PARSE]
        stored = iter(_store_batch(parsed, on_created, on_rollback, collect_errors))
        results = []
        for article, status, _doc in waiting:
            if status == _PARSE:
                results.append(next(stored))
                continue
            earlier = Document.objects.filter(content_hash=article.content_hash).first()
            failed = status == _REPEAT and earlier is None
            results.append(
                IngestResult(
                    article,
                    earlier,
                    created=False,
                    error="repeats an article that failed" if failed else "",
                )
            )
        return results

    background = background and can_store_in_background()
    # Made at the first batch, after nlp.pipe has started any parser processes.
    writer: ThreadPoolExecutor | None = None
    pending: deque[Future[list[IngestResult]]] = deque()

    def hand_over(waiting: list[tuple[ArticleInput, str, Doc]]) -> Iterator[IngestResult]:
        nonlocal writer
        if not background:
            yield from store(waiting)
            return
        if writer is None:
            writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimtrack-store")
        pending.append(writer.submit(store, waiting))
        while len(pending) > 1:
            yield from pending.popleft().result()

    try:
        waiting: list[tuple[ArticleInput, str, Doc]] = []
        new = 0
        for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
            article, status = planned.popleft()
            waiting.append((article, status, doc))
            new += status == _PARSE
            if new >= batch_size:
                yield from hand_over(waiting)
                waiting, new = [], 0
        if waiting:
            yield from hand_over(waiting)
        while pending:
            yield from pending.popleft().result()
    finally:
        if writer is not None:
            for future in pending:
                future.cancel()
            # The thread's own connection; the executor's one thread runs this last.
            writer.submit(connections.close_all)
            writer.shutdown(wait=True)


def document_ingest(article: ArticleInput, *, on_created: OnCreated | None = None) -> IngestResult:
    """Ingest one article (parse, segment, store); a no-op if its text is already stored."""
    return next(documents_ingest([article], on_created=on_created, batch_size=1, background=False))
