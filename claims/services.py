"""Writes that span several models: ingestion with extraction, re-extraction, actor matching.

The admin, the API, the web UI and the management commands all call these functions, so every
entry point stores exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history
from spacy.tokens import Doc

from claims.extraction import (
    ExtractedClaim,
    ExtractedSpeaker,
    actor_key,
    extract_claims,
    identifying_alias,
)
from claims.models import Actor, Claim, Condition, CrossReference, Origin
from corpus.bulk import create_with_history, insert_rows
from corpus.ingestion import ArticleInput
from corpus.models import Document, Sentence
from corpus.nlp import get_nlp
from corpus.services import Created, IngestResult, documents_ingest

#: Names per actor lookup query (SQLite limits how deep one expression may nest).
NAMES_PER_QUERY = 100
#: Attempts at resolving speakers when another worker stores a conflicting actor meanwhile.
RESOLVE_ATTEMPTS = 3

ActorCache = dict[tuple[str, str], Actor]
CLAIM_KINDS = frozenset(Claim.Kind.values)


def _person_surname(name: str) -> str:
    """The surname of a person's name, or "" when the name ends in a role rather than a name
    ("senior official", "Tesco's finance chief"), which no other person shares by surname."""
    parts = name.split()
    return parts[-1].lower() if parts and parts[-1][:1].isupper() else ""


def _aliases(speaker: ExtractedSpeaker) -> list[str]:
    """The speaker's aliases that name it beyond its document: pronouns and descriptions
    ("she", "the governor") are neither stored nor matched, or every "she" would be one actor."""
    return [alias for alias in speaker.aliases if identifying_alias(alias)]


def _cache_key(speaker: ExtractedSpeaker) -> tuple[str, str]:
    return (speaker.name.lower(), speaker.kind)


def actor_for_speaker(speaker: ExtractedSpeaker, cache: ActorCache | None = None) -> Actor:
    """The stored Actor for one extracted speaker (see :func:`actors_for_speakers`)."""
    return actors_for_speakers([speaker], cache)[0]


def actors_for_speakers(
    speakers: Sequence[ExtractedSpeaker], cache: ActorCache | None = None
) -> list[Actor]:
    """The stored Actor for each extracted speaker, creating or enriching actors as needed.

    Matching, in order: the canonical name; a stored alias equal to the name or to one of the
    speaker's aliases; for people, a unique stored person sharing the surname where one of the
    two names is the surname alone ("Trump" and "Donald Trump"). A fuller name seen later
    becomes the canonical one; new aliases and a missing description are added.

    The candidates for all the speakers are fetched together (one query per
    :data:`NAMES_PER_QUERY` names) and matched in memory in order, so a later speaker sees the
    actors made or renamed for an earlier one; then new actors take one insert and changed
    ones one update (each with its history rows). ``cache`` keeps resolved speakers across
    calls of one run. If another worker stored a conflicting actor meanwhile (the name and
    kind are unique), these writes are rolled back and the speakers resolved again against
    what is stored now.
    """
    cache = {} if cache is None else cache
    for attempt in range(RESOLVE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _resolve(speakers, cache)
        except IntegrityError:
            cache.clear()  # cached actors may hold changes that were just rolled back
            if attempt == RESOLVE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _resolve(speakers: Sequence[ExtractedSpeaker], cache: ActorCache) -> list[Actor]:
    lookups = []
    for speaker in speakers:
        cached = cache.get(_cache_key(speaker))
        if cached is None or _fuller(speaker, cached):
            lookups.append(speaker)
    known = {actor.pk: actor for actor in cache.values() if actor.pk is not None}
    # One object per stored actor: a cached one wins, so no change is made on a stale copy.
    pool = [known.get(actor.pk, actor) for actor in _candidates(lookups)]
    created: list[Actor] = []
    changed: dict[int, Actor] = {}
    resolved = []
    for speaker in speakers:
        actor = cache.get(_cache_key(speaker)) or _match(speaker, pool)
        if actor is None:
            actor = Actor(name=speaker.name, kind=speaker.kind, description=speaker.description)
            actor.aliases = sorted({a for a in _aliases(speaker) if a != speaker.name})
            actor.full_clean(validate_unique=False, validate_constraints=False)
            pool.append(actor)
            created.append(actor)
        elif _enrich(actor, speaker, pool) and actor.pk is not None:
            changed[actor.pk] = actor
        cache[_cache_key(speaker)] = actor
        resolved.append(actor)
    if created:
        create_with_history(created, Actor)
    if changed:
        now = timezone.now()
        for actor in changed.values():
            actor.updated_at = now
        bulk_update_with_history(
            list(changed.values()), Actor, ["name", "aliases", "description", "updated_at"]
        )
    return resolved


def _fuller(speaker: ExtractedSpeaker, actor: Actor) -> bool:
    """Whether ``speaker`` names a person more fully than ``actor`` does."""
    return actor.kind == Actor.Kind.PERSON and len(speaker.name.split()) > len(actor.name.split())


def _candidates(speakers: Sequence[ExtractedSpeaker]) -> list[Actor]:
    """Every stored actor any of ``speakers`` could match: by name, alias or surname.

    A rough filter (JSON containment is not portable to SQLite); :func:`_match` checks
    exactly.
    """
    terms: list[Q] = []
    for name in sorted({n for s in speakers for n in (s.name, *_aliases(s))}):
        terms.append(Q(name__iexact=name) | Q(aliases__icontains=name))
    for surname in sorted(
        {_person_surname(s.name) for s in speakers if s.kind == Actor.Kind.PERSON} - {""}
    ):
        terms.append(Q(kind=Actor.Kind.PERSON, name__iendswith=surname))
    found: dict[int, Actor] = {}
    for first in range(0, len(terms), NAMES_PER_QUERY):
        chunk = terms[first : first + NAMES_PER_QUERY]
        condition = chunk[0]
        for term in chunk[1:]:
            condition |= term
        for actor in Actor.objects.filter(condition).order_by():
            found[actor.pk] = actor
    return sorted(found.values(), key=lambda actor: (actor.name, actor.pk))


def _match(speaker: ExtractedSpeaker, pool: list[Actor]) -> Actor | None:
    """The actor in ``pool`` that ``speaker`` names (see :func:`actors_for_speakers`)."""
    candidates = [actor for actor in pool if actor.kind == speaker.kind]
    name = speaker.name.lower()
    for actor in candidates:
        if actor.name.lower() == name:
            return actor
    for alias in (speaker.name, *sorted(_aliases(speaker))):
        for actor in candidates:
            if alias in actor.aliases:
                return actor
    surname = _person_surname(speaker.name)
    if speaker.kind == Actor.Kind.PERSON and surname:
        same = [
            actor
            for actor in candidates
            if _person_surname(actor.name) == surname
            and (len(actor.name.split()) == 1 or len(speaker.name.split()) == 1)
        ]
        if len(same) == 1:
            return same[0]
    return None


def _enrich(actor: Actor, speaker: ExtractedSpeaker, pool: list[Actor]) -> bool:
    """Add what ``speaker`` knows to ``actor`` (in memory); returns whether it changed."""
    changed = False
    known = set(actor.aliases) | {actor.name}
    new_aliases = [a for a in _aliases(speaker) if a not in known]
    if speaker.name not in known:
        new_aliases.append(speaker.name)
    if new_aliases:
        actor.aliases = sorted(set(actor.aliases) | set(new_aliases))
        changed = True
    # A fuller name seen later becomes the canonical one ("Trump" -> "Donald Trump"), unless
    # another actor already has it.
    if _fuller(speaker, actor) and not any(
        other is not actor and other.kind == actor.kind and other.name == speaker.name
        for other in pool
    ):
        actor.aliases = sorted((set(actor.aliases) | {actor.name}) - {speaker.name})
        actor.name = speaker.name
        changed = True
    if speaker.description and not actor.description:
        actor.description = speaker.description
        changed = True
    return changed


def store_extracted_claims(
    document: Document,
    sentences: Sequence[Sentence],
    extracted: Iterable[ExtractedClaim],
    *,
    skip_spans: set[tuple[int, int]] | None = None,
    actors: ActorCache | None = None,
) -> list[Claim]:
    """Save machine suggestions (claims, their conditions and sentence links) for a document.

    See :func:`store_extracted_claims_many`, which this calls for one document.
    """
    [stored] = store_extracted_claims_many(
        [(document, sentences, extracted)], skip_spans=skip_spans, actors=actors
    )
    return stored.claims


@dataclass(slots=True)
class StoredClaims:
    """The claims just stored for one document, with their conditions' texts (for linking)."""

    document: Document
    claims: list[Claim]
    conditions: dict[int, list[str]] = field(default_factory=dict)

    def rows(self) -> list[tuple[int, str, int | None, tuple[str, ...]]]:
        """``(id, text, speaker id, condition texts)`` per claim, for :mod:`claims.linking`."""
        return [
            (c.pk, c.text, c.speaker_id, tuple(self.conditions.get(c.pk, ()))) for c in self.claims
        ]


@transaction.atomic
def store_extracted_claims_many(
    items: Iterable[tuple[Document, Sequence[Sentence], Iterable[ExtractedClaim]]],
    *,
    skip_spans: set[tuple[int, int]] | None = None,
    actors: ActorCache | None = None,
) -> list[StoredClaims]:
    """Save machine suggestions for several documents: ``(document, sentences, extracted)``.

    Writes are bulk: the claims with their history rows, the sentence links, and the conditions
    with their history rows take one query each, whatever the number of claims and documents.
    Every claim is validated in Python first (its kind, and ``clean()``: every span inside
    the text); the row-level check constraints are left to the database, which enforces them on
    insert, rather than asked one ``SELECT`` per constraint and claim. All or nothing: speakers
    resolved for claims that then fail validation are not kept either. ``actors`` caches
    speakers already resolved (pass the same dict for several calls of one run); ``skip_spans``
    (one document only) are content spans not to store.
    """
    actors = {} if actors is None else actors
    kept: list[tuple[Document, Sequence[Sentence], ExtractedClaim]] = []
    results: list[StoredClaims] = []
    for document, sentences, extracted in items:
        results.append(StoredClaims(document, []))
        skip = set(skip_spans or ())
        for item in extracted:
            span = (item.content.start, item.content.end)
            if span not in skip:
                skip.add(span)
                kept.append((document, sentences, item))
    # An unresolved "I"/"we" names nobody outside its document: such a claim keeps its mention.
    named = [item.speaker for _d, _s, item in kept if item.speaker and actor_key(item.speaker.name)]
    speakers = iter(actors_for_speakers(named, actors) if named else ())
    by_document = {id(result.document): result for result in results}
    pending: list[tuple[Claim, ExtractedClaim, Sequence[Sentence]]] = []
    for document, sentences, item in kept:
        text = document.text
        claim = Claim(
            document=document,
            content_start=item.content.start,
            content_end=item.content.end,
            text=text[item.content.start : item.content.end],
            cue_start=item.cue.start if item.cue else None,
            cue_end=item.cue.end if item.cue else None,
            speaker=next(speakers) if item.speaker and actor_key(item.speaker.name) else None,
            speaker_start=item.speaker_mention.start if item.speaker_mention else None,
            speaker_end=item.speaker_mention.end if item.speaker_mention else None,
            kind=item.kind,
            status=Claim.Status.SUGGESTED,
            origin=Origin.MACHINE,
            check_worthiness=min(1.0, max(0.0, float(item.check_worthiness))),
        )
        if item.kind not in CLAIM_KINDS:
            raise ValidationError({"kind": f"Unknown claim kind {item.kind!r}."})
        # Spans inside the text, a speaker only where the kind allows one. The other fields
        # are set here from the vocabularies (field-by-field validation cost a tenth of the
        # storing), and the database checks every span constraint again on insert.
        claim.clean()
        for condition in item.conditions:
            document.check_span(condition.span.start, condition.span.end, field="condition")
        pending.append((claim, item, sentences))
        by_document[id(document)].claims.append(claim)
    if not pending:
        return results
    create_with_history([claim for claim, _item, _sentences in pending], Claim)
    links: list[tuple[int, int]] = []
    condition_rows: list[Condition] = []
    for claim, item, sentences in pending:
        links.extend((claim.pk, sentences[index].pk) for index in item.sentence_indices)
        text = claim.document.text
        for condition in item.conditions:
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
    for condition in condition_rows:
        by_document[id(condition.claim.document)].conditions.setdefault(
            condition.claim.pk, []
        ).append(condition.text)
    return results


def _ingest_hook(actors: ActorCache):
    """The ``on_created`` hook of one ingestion run: extract, store, suggest links."""

    def on_created(created: list[Created]) -> None:
        from claims.linking import suggest_for_new_documents

        items = []
        for item in created:
            spans = [(s.start, s.end) for s in item.sentences]
            items.append((item.document, item.sentences, extract_claims(item.doc, spans)))
        stored = store_extracted_claims_many(items, actors=actors)
        suggest_for_new_documents([(s.document.pk, s.rows()) for s in stored])

    return on_created


def articles_ingest(
    articles: Iterable[ArticleInput],
    *,
    collect_errors: bool = False,
    n_process: int | None = None,
    background: bool = True,
) -> Iterator[IngestResult]:
    """Ingest articles: store, segment, extract claims and conditions, suggest cross-references.

    Articles are stored ``CLAIMTRACK_PIPE_BATCH_SIZE`` at a time, each batch in one transaction
    with a handful of bulk queries; if a batch fails, its articles are stored again one by one,
    so that a failure leaves nothing of its own article and the others are kept. Texts already
    stored are skipped (idempotent). Speakers resolved for one article are reused for the next
    (one lookup per speaker and run).
    ``n_process`` parsing processes (default: the ``CLAIMTRACK_PIPE_PROCESSES`` setting) let
    the parser use several cores while this process extracts and stores. With ``background``,
    a batch is extracted and stored in a second thread while the next one is parsed (see
    :func:`corpus.services.documents_ingest`).
    """
    actors: ActorCache = {}
    return documents_ingest(
        articles,
        on_created=_ingest_hook(actors),
        # Actors made in a transaction that was rolled back are gone with it.
        on_rollback=actors.clear,
        batch_size=settings.CLAIMTRACK_PIPE_BATCH_SIZE,
        collect_errors=collect_errors,
        n_process=n_process or settings.CLAIMTRACK_PIPE_PROCESSES,
        background=background,
    )


def article_ingest(article: ArticleInput) -> IngestResult:
    """Ingest one article (see :func:`articles_ingest`); errors propagate."""
    return next(articles_ingest([article], n_process=1, background=False))


def _kept_claims(document: Document):
    """Claims re-extraction must not touch: reviewed, edited, hand-made, or carrying editors' work."""
    return document.claims.exclude(pk__in=_replaceable_claims(document).values("pk"))


def _replaceable_claims(document: Document):
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
