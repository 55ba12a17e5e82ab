"""Writes that span several models: ingestion with extraction, re-extraction, actor matching.

The admin, the API, the web UI and the management commands all call these functions, so every
entry point stores exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from spacy.tokens import Doc

from claims.extraction import ExtractedClaim, ExtractedSpeaker, actor_key, extract_claims
from claims.models import Actor, Claim, Condition, CrossReference, Origin
from corpus.bulk import create_with_history, insert_rows
from corpus.ingestion import ArticleInput
from corpus.models import Document, Sentence
from corpus.nlp import get_nlp
from corpus.services import IngestResult, documents_ingest


def _person_surname(name: str) -> str:
    parts = name.split()
    return parts[-1].lower() if parts else ""


def actor_for_speaker(
    speaker: ExtractedSpeaker, cache: dict[tuple[str, str], Actor] | None = None
) -> Actor:
    """The stored Actor for an extracted speaker, creating or enriching one as needed.

    Matching, in order: the canonical name; a stored alias equal to the name or to one of the
    speaker's aliases; for people, a unique stored person sharing the surname where one of the
    two names is the surname alone ("Trump" and "Donald Trump").
    """
    key = (speaker.name.lower(), speaker.kind)
    if cache is not None and key in cache:
        actor = cache[key]
    else:
        actor = _find_actor(speaker)
        if actor is None:
            actor = _create_actor(speaker)
            if cache is not None:
                cache[key] = actor
            return actor
    changed = False
    known = set(actor.aliases) | {actor.name}
    new_aliases = [a for a in speaker.aliases if a not in known]
    if speaker.name not in known:
        new_aliases.append(speaker.name)
    if new_aliases:
        actor.aliases = sorted(set(actor.aliases) | set(new_aliases))
        changed = True
    # A fuller name seen later becomes the canonical one ("Trump" -> "Donald Trump").
    fuller = len(speaker.name.split()) > len(actor.name.split())
    if (
        actor.kind == Actor.Kind.PERSON
        and fuller
        and not Actor.objects.filter(name=speaker.name, kind=actor.kind)
        .exclude(pk=actor.pk)
        .exists()
    ):
        actor.aliases = sorted((set(actor.aliases) | {actor.name}) - {speaker.name})
        actor.name = speaker.name
        changed = True
    if speaker.description and not actor.description:
        actor.description = speaker.description
        changed = True
    if changed:
        try:
            with transaction.atomic():
                actor.save()
        except IntegrityError:
            # Another worker took the fuller name meanwhile: keep the stored actor as it is.
            actor.refresh_from_db()
    if cache is not None:
        cache[key] = actor
    return actor


def _create_actor(speaker: ExtractedSpeaker) -> Actor:
    """A new Actor, or the one another worker created with the same name meanwhile.

    Uniqueness of (name, kind) is left to the database: two workers ingesting articles that
    quote the same new speaker race here, and the loser takes the winner's row instead of
    failing its whole article.
    """
    actor = Actor(name=speaker.name, kind=speaker.kind, description=speaker.description)
    actor.aliases = sorted({a for a in speaker.aliases if a != speaker.name})
    actor.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            actor.save()
    except IntegrityError:
        return Actor.objects.get(name=speaker.name, kind=speaker.kind)
    return actor


def _find_actor(speaker: ExtractedSpeaker) -> Actor | None:
    names = {speaker.name, *speaker.aliases}
    # One query for the name and every alias. JSON containment is not portable to SQLite:
    # filter roughly here, then check exactly below.
    rough = Q(name__iexact=speaker.name)
    for name in names:
        rough |= Q(aliases__icontains=name)
    candidates = list(Actor.objects.filter(rough, kind=speaker.kind).order_by("name", "id")[:200])
    for actor in candidates:
        if actor.name.lower() == speaker.name.lower():
            return actor
    for name in names:
        for actor in candidates:
            if name in actor.aliases:
                return actor
    if speaker.kind == Actor.Kind.PERSON:
        surname = _person_surname(speaker.name)
        if surname:
            candidates = [
                actor
                for actor in Actor.objects.filter(kind=Actor.Kind.PERSON, name__iendswith=surname)[
                    :20
                ]
                if _person_surname(actor.name) == surname
                and (len(actor.name.split()) == 1 or len(speaker.name.split()) == 1)
            ]
            if len(candidates) == 1:
                return candidates[0]
    return None


def store_extracted_claims(
    document: Document,
    sentences: Sequence[Sentence],
    extracted: Iterable[ExtractedClaim],
    *,
    skip_spans: set[tuple[int, int]] | None = None,
    actors: dict[tuple[str, str], Actor] | None = None,
) -> list[Claim]:
    """Save machine suggestions (claims, their conditions and sentence links) for a document.

    Writes are bulk: the claims with their history rows, the sentence links, and the conditions
    with their history rows take one query each, whatever the number of claims. Every claim is
    validated in Python first (field checks, and ``clean()``: every span inside the text); the
    row-level check constraints are left to the database, which enforces them on insert, rather
    than asked one ``SELECT`` per constraint and claim. ``actors`` caches speakers already
    resolved (pass the same dict for several documents of one run).
    """
    skip_spans = skip_spans or set()
    actors = {} if actors is None else actors
    pending: list[tuple[Claim, ExtractedClaim]] = []
    text = document.text
    for item in extracted:
        span = (item.content.start, item.content.end)
        if span in skip_spans:
            continue
        skip_spans.add(span)
        claim = Claim(
            document=document,
            content_start=item.content.start,
            content_end=item.content.end,
            text=text[item.content.start : item.content.end],
            cue_start=item.cue.start if item.cue else None,
            cue_end=item.cue.end if item.cue else None,
            # An unresolved "I"/"we" names nobody outside this document: keep the mention only.
            speaker=actor_for_speaker(item.speaker, actors)
            if item.speaker and actor_key(item.speaker.name)
            else None,
            speaker_start=item.speaker_mention.start if item.speaker_mention else None,
            speaker_end=item.speaker_mention.end if item.speaker_mention else None,
            kind=item.kind,
            status=Claim.Status.SUGGESTED,
            origin=Origin.MACHINE,
            check_worthiness=min(1.0, max(0.0, float(item.check_worthiness))),
        )
        # The document and speaker were just stored or fetched in this transaction.
        claim.full_clean(exclude=["sentences", "document", "speaker"], validate_constraints=False)
        pending.append((claim, item))
    if not pending:
        return []
    saved = create_with_history([claim for claim, _item in pending], Claim)
    links: list[tuple[int, int]] = []
    condition_rows: list[Condition] = []
    for claim, (_unsaved, item) in zip(saved, pending, strict=True):
        links.extend((claim.pk, sentences[index].pk) for index in item.sentence_indices)
        for condition in item.conditions:
            document.check_span(condition.span.start, condition.span.end, field="condition")
            condition_rows.append(
                Condition(
                    claim=claim,
                    kind=condition.kind,
                    start=condition.span.start,
                    end=condition.span.end,
                    text=text[condition.span.start : condition.span.end],
                    origin=Origin.MACHINE,
                )
            )
    insert_rows(Claim.sentences.through, ["claim_id", "sentence_id"], links)
    if condition_rows:
        create_with_history(condition_rows, Condition)
    return saved


def _document_hook(actors: dict[tuple[str, str], Actor]):
    """The ``on_created`` hook of one ingestion run: extract, store, suggest links."""

    def on_created(document: Document, doc: Doc, sentences: list[Sentence]) -> None:
        try:
            spans = [(s.start, s.end) for s in sentences]
            store_extracted_claims(document, sentences, extract_claims(doc, spans), actors=actors)
            from claims.linking import suggest_crossreferences

            suggest_crossreferences(document)
        except BaseException:
            # Actors made in this document's transaction go with its rollback.
            actors.clear()
            raise

    return on_created


def _on_document_created(document: Document, doc: Doc, sentences: list[Sentence]) -> None:
    _document_hook({})(document, doc, sentences)


def articles_ingest(
    articles: Iterable[ArticleInput],
    *,
    collect_errors: bool = False,
    n_process: int | None = None,
) -> Iterator[IngestResult]:
    """Ingest articles: store, segment, extract claims and conditions, suggest cross-references.

    Each article is one transaction; texts already stored are skipped (idempotent). Speakers
    resolved for one article are reused for the next (one lookup per speaker and run).
    ``n_process`` parsing processes (default: the ``CLAIMTRACK_PIPE_PROCESSES`` setting) let
    the parser use several cores while this process extracts and stores.
    """
    actors: dict[tuple[str, str], Actor] = {}
    for result in documents_ingest(
        articles,
        on_created=_document_hook(actors),
        batch_size=settings.CLAIMTRACK_PIPE_BATCH_SIZE,
        collect_errors=collect_errors,
        n_process=n_process or settings.CLAIMTRACK_PIPE_PROCESSES,
    ):
        if result.error:
            actors.clear()
        yield result


def article_ingest(article: ArticleInput) -> IngestResult:
    """Ingest one article (see :func:`articles_ingest`); errors propagate."""
    return next(articles_ingest([article], n_process=1))


def _kept_claims(document: Document):
    """Claims re-extraction must not touch: reviewed, edited, hand-made, or carrying editors' work."""
    return document.claims.exclude(pk__in=_replaceable_claims(document).values("pk"))


def _replaceable_claims(document: Document):
    from django.db.models import Q

    return (
        document.claims.machine_suggestions()
        .exclude(annotations__isnull=False)
        .exclude(verdict__isnull=False)
        .exclude(conditions__origin=Origin.EDITOR)
        .exclude(conditions__edited=True)
        .exclude(
            Q(outgoing_references__status__in=["confirmed", "rejected"])
            | Q(incoming_references__status__in=["confirmed", "rejected"])
            | Q(outgoing_references__origin=Origin.EDITOR)
            | Q(incoming_references__origin=Origin.EDITOR)
        )
        .distinct()
    )


def _overlaps_any(item: ExtractedClaim, spans: Sequence[tuple[int, int]]) -> bool:
    return any(item.content.start < end and start < item.content.end for start, end in spans)


def document_extract(document: Document, *, doc: Doc | None = None) -> tuple[int, int]:
    """Re-run extraction for one document, keeping every piece of editors' work.

    Unreviewed, unedited machine claims (and their machine conditions and suggested links) are
    replaced. A new suggestion whose content overlaps a kept claim's is not created: the kept
    claim is the editors' decision about that passage (an edited span, a rejection, a claim
    they added), and the machine must not offer its old reading of it again.
    Returns ``(removed, created)``.
    """
    if doc is None:
        doc = get_nlp()(document.text)
    with transaction.atomic():
        # Sentences stay as stored: they anchor editors' claims, and the text never changes.
        sentences = list(document.sentences.order_by("index"))
        replaceable = list(_replaceable_claims(document).values_list("pk", flat=True))
        CrossReference.objects.filter(source_id__in=replaceable).delete()
        CrossReference.objects.filter(target_id__in=replaceable).delete()
        Claim.objects.filter(pk__in=replaceable).delete()
        kept = list(_kept_claims(document).values_list("content_start", "content_end"))
        spans = [(s.start, s.end) for s in sentences]
        fresh = [item for item in extract_claims(doc, spans) if not _overlaps_any(item, kept)]
        created = store_extracted_claims(document, sentences, fresh)
        from claims.linking import suggest_crossreferences

        suggest_crossreferences(document)
    return len(replaceable), len(created)
