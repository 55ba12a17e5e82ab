"""Writes for the corpus: storing parsed documents and their sentences.

Callers (the ``claims`` ingestion service) pass an ``on_created`` hook that runs inside the same
transaction as the document's rows, so a failure anywhere leaves nothing of that document behind.
``corpus`` never imports ``claims``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from spacy.tokens import Doc

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


def _store(
    article: ArticleInput,
    doc: Doc,
    on_created: Callable[[Document, Doc, list[Sentence]], None] | None,
) -> IngestResult:
    """Store one parsed article (its text was just found not stored yet) in one transaction."""
    spans = segment(doc)
    try:
        with transaction.atomic():
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
            # Uniqueness of the hash is left to the database (see the IntegrityError below).
            document.full_clean(validate_unique=False, validate_constraints=False)
            document.save()
            sentences = Sentence.objects.bulk_create(
                Sentence(document=document, index=i, start=s, end=e, text=article.text[s:e])
                for i, (s, e) in enumerate(spans)
            )
            if on_created is not None:
                on_created(document, doc, sentences)
    except IntegrityError:
        # Another process stored the same text between our check and our insert.
        existing = Document.objects.filter(content_hash=article.content_hash).first()
        if existing is None:
            raise
        return IngestResult(article, existing, created=False)
    return IngestResult(article, document, created=True, sentence_count=len(spans))


_PARSE, _STORED, _REPEAT = "parse", "stored", "repeat"


def documents_ingest(
    articles: Iterable[ArticleInput],
    *,
    on_created: Callable[[Document, Doc, list[Sentence]], None] | None = None,
    batch_size: int = 32,
    collect_errors: bool = False,
    n_process: int = 1,
) -> Iterator[IngestResult]:
    """Parse articles with one streaming ``nlp.pipe`` and store each in its own transaction.

    Texts already stored (one query per ``batch_size`` articles) and repeats within the run
    are not parsed: they pass through the pipe as empty texts, so that results come out in
    the order of ``articles``. With ``n_process`` > 1 the parse runs in that many worker
    processes while this one stores. An exception while storing one article rolls back that
    article alone; with ``collect_errors`` it is reported as a result with ``error`` set and
    the others go on, otherwise it propagates.
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

    for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
        article, status = planned.popleft()
        if status == _PARSE:
            try:
                yield _store(article, doc, on_created)
            except Exception as exc:
                if not collect_errors:
                    raise
                yield IngestResult(
                    article, None, created=False, error=f"{type(exc).__name__}: {exc}"
                )
            continue
        earlier = Document.objects.filter(content_hash=article.content_hash).first()
        failed = status == _REPEAT and earlier is None
        yield IngestResult(
            article,
            earlier,
            created=False,
            error="repeats an article that failed" if failed else "",
        )


def document_ingest(
    article: ArticleInput,
    *,
    on_created: Callable[[Document, Doc, list[Sentence]], None] | None = None,
) -> IngestResult:
    """Ingest one article (parse, segment, store); a no-op if its text is already stored."""
    return next(documents_ingest([article], on_created=on_created, batch_size=1))
