"""Cross-document claim linking: suggestions of same claim, support, contradiction, refinement.

How a document's claims find their counterparts elsewhere without comparing each new claim
with every stored one:

1. **Keys.** Each claim is filed under a few blocking keys (:func:`claims.similarity.blocking_keys`:
   its speaker, the numbers it states, its content words) in the ``ClaimKey`` side table.
2. **Blocking.** For every key of the document's claims, at most :data:`PER_KEY` claims of
   *other* documents filed under it are fetched, newest first, through the ``(key, claim)``
   index: one query (a ``UNION ALL`` of per-key ``LIMIT`` scans) per hundred keys. A common key
   ("russia") saturates at :data:`PER_KEY` rows and so weighs little; a rare one brings back
   all its claims. The work per document is therefore bounded by its own number of keys, not
   by the size of the corpus.
3. **Ranking.** Candidates sharing at least two keys are ranked by the rarity-weighted keys
   they share; the best :data:`CANDIDATES_PER_CLAIM` of them are scored.
4. **Scoring** (plain Python, :func:`claims.similarity.compare`, with rapidfuzz for quotes):
   ``same_claim``, ``contradicts``, ``refines``, ``supports`` or ``related``, with a score in
   [0, 1]. Precision comes before recall: each claim keeps its strongest matches only
   (see :data:`MAX_SUGGESTIONS_PER_CLAIM`), and ``related`` only when nothing stronger exists.

Conditions: the same proposition under different conditions is never suggested as a plain
duplicate. The rule is: such a pair is suggested as ``refines``, and ``conditions_differ`` is
set on every suggestion whose two claims' conditions differ (whatever the relation), so
editors see it in the review queue and in the API.

Editors' decisions are kept: a pair already linked in either direction (confirmed, rejected
or made by an editor) is never suggested again nor changed; re-running only refreshes or
withdraws this document's own unreviewed machine suggestions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from claims.models import Claim, ClaimKey, Condition, CrossReference, Origin
from claims.similarity import (
    ClaimText,
    Match,
    analyse,
    blocking_keys,
    compare,
    rarity_weight,
)
from corpus.bulk import create_with_history, insert_rows
from corpus.models import Document

#: Stored claims fetched per blocking key (newest first).
PER_KEY = 12
#: Candidates scored per claim, after ranking by shared keys.
CANDIDATES_PER_CLAIM = 12
#: Suggestions kept per claim: its strongest matches; ``related`` only alone.
MAX_SUGGESTIONS_PER_CLAIM = 1
#: Keys per candidate query (one ``UNION ALL`` branch each).
KEYS_PER_QUERY = 100
#: A candidate must share at least this many keys with the claim to be scored.
MIN_SHARED_KEYS = 2

STRONG_RELATIONS = frozenset({"same_claim", "contradicts", "refines", "supports"})


@dataclass(frozen=True, slots=True)
class Suggestion:
    source: int
    target: int
    match: Match


@lru_cache(maxsize=100_000)
def _analyse_cached(text: str, speaker: int | None, conditions: tuple[str, ...]) -> ClaimText:
    # Recent claims are candidates for many new documents in a row: analyse each once.
    return analyse(text, speaker=speaker, conditions=conditions)


def _analysed(
    rows: Iterable[tuple[int, str, int | None]], conditions: dict[int, list[str]]
) -> dict[int, ClaimText]:
    """``(id, text, speaker id)`` rows to their :class:`ClaimText`."""
    return {
        pk: _analyse_cached(text, speaker, tuple(conditions.get(pk, ())))
        for pk, text, speaker in rows
    }


def _conditions_of(claim_ids: Sequence[int]) -> dict[int, list[str]]:
    conditions: dict[int, list[str]] = defaultdict(list)
    for claim_id, text in Condition.objects.filter(claim_id__in=claim_ids).values_list(
        "claim_id", "text"
    ):
        conditions[claim_id].append(text)
    return conditions


def _insert_keys(keys: dict[int, dict[int, list[str]]]) -> None:
    """Insert blocking keys, given per document and claim (one query)."""
    insert_rows(
        ClaimKey,
        ["claim_id", "document_id", "key"],
        (
            (claim_id, document_id, key)
            for document_id, claim_keys in keys.items()
            for claim_id, own_keys in claim_keys.items()
            for key in own_keys
        ),
    )


def _file_keys(document_id: int, keys: dict[int, list[str]]) -> None:
    """Replace the blocking keys of these claims (two queries)."""
    ClaimKey.objects.filter(claim_id__in=list(keys)).delete()
    _insert_keys({document_id: keys})


def _machine_link(suggestion: Suggestion) -> CrossReference:
    """A new, unreviewed machine suggestion for ``suggestion``'s pair (not saved)."""
    match = suggestion.match
    return CrossReference(
        source_id=suggestion.source,
        target_id=suggestion.target,
        relation=match.relation,
        score=match.score,
        conditions_differ=match.conditions_differ,
        status=CrossReference.Status.SUGGESTED,
        origin=Origin.MACHINE,
    )


def _candidate_rows(keys: Sequence[str], exclude: Sequence[int]) -> list[tuple[str, int]]:
    """``(key, claim id)`` for up to :data:`PER_KEY` claims per key outside the ``exclude``d documents.

    Each key walks the ``(key, claim)`` index newest first and stops after :data:`PER_KEY`
    rows: on PostgreSQL one ``LATERAL`` join over all the keys, elsewhere one ``UNION ALL`` of
    such scans per :data:`KEYS_PER_QUERY` keys.
    """
    if not keys:
        return []
    table = connection.ops.quote_name(ClaimKey._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT k.key, c.claim_id FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL "
                f"(SELECT claim_id FROM {table} WHERE key = k.key "
                "AND NOT (document_id = ANY(%s)) ORDER BY claim_id DESC LIMIT %s) AS c",
                [list(keys), list(exclude), PER_KEY],
            )
            return cursor.fetchall()
        documents = ", ".join(["%s"] * len(exclude))
        branch = (
            f"SELECT * FROM (SELECT key, claim_id FROM {table} WHERE key = %s "
            f"AND document_id NOT IN ({documents}) ORDER BY claim_id DESC LIMIT %s) AS k{{n}}"
        )
        rows: list[tuple[str, int]] = []
        for first in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[first : first + KEYS_PER_QUERY]
            sql = " UNION ALL ".join(branch.format(n=n) for n in range(len(chunk)))
            params: list[object] = []
            for key in chunk:
                params.extend((key, *exclude, PER_KEY))
            cursor.execute(sql, params)
            rows.extend(cursor.fetchall())
    return rows


def _by_key(rows: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    """Candidate rows ``(key, claim id)`` grouped by key, in their order."""
    claims_by_key: dict[str, list[int]] = defaultdict(list)
    for key, claim_id in rows:
        claims_by_key[key].append(claim_id)
    return claims_by_key


def _key_weights(
    own_keys: dict[int, list[str]], claims_by_key: dict[str, list[int]]
) -> dict[str, float]:
    """Rarity weight per key, from how many claims (here and elsewhere, capped) carry it."""
    frequency: Counter[str] = Counter({key: len(ids) for key, ids in claims_by_key.items()})
    for claim_keys in own_keys.values():
        frequency.update(set(claim_keys))
    return {key: rarity_weight(count, PER_KEY) for key, count in frequency.items()}


def _rank_candidates(
    own_keys: dict[int, list[str]],
    claims_by_key: dict[str, list[int]],
    weights: dict[str, float],
) -> dict[int, list[int]]:
    """For each claim, the other documents' claims sharing the most (rarity-weighted) keys."""
    ranked: dict[int, list[int]] = {}
    for claim_id, claim_keys in own_keys.items():
        shared: Counter[int] = Counter()
        weight: dict[int, float] = defaultdict(float)
        for key in claim_keys:
            others = claims_by_key.get(key)
            if not others:
                continue
            shared.update(others)
            key_weight = weights[key]
            for other in others:
                weight[other] += key_weight
        eligible = [other for other, count in shared.items() if count >= MIN_SHARED_KEYS]
        eligible.sort(key=lambda other: (-weight[other], -other))
        ranked[claim_id] = eligible[:CANDIDATES_PER_CLAIM]
    return ranked


def _best_matches(matches: list[tuple[int, Match]]) -> list[tuple[int, Match]]:
    """The strongest matches of one claim: strong relations first; ``related`` only alone."""
    matches.sort(key=lambda item: (item[1].relation not in STRONG_RELATIONS, -item[1].score))
    strong = [item for item in matches if item[1].relation in STRONG_RELATIONS]
    if strong:
        return strong[:MAX_SUGGESTIONS_PER_CLAIM]
    return matches[:1]


def _rank(
    own_keys: dict[int, list[str]], claims_by_key: dict[str, list[int]]
) -> tuple[dict[int, list[int]], dict[str, float]]:
    """Ranked candidates per claim, and the rarity weight of every key seen."""
    weights = _key_weights(own_keys, claims_by_key)
    return _rank_candidates(own_keys, claims_by_key, weights), weights


class _WordWeights(dict):
    """Rarity weight per word; words no key carries weigh as a fairly common one."""

    DEFAULT = rarity_weight(max(1, PER_KEY // 4), PER_KEY)

    def __missing__(self, word: str) -> float:
        return self.DEFAULT


def _match(
    texts: dict[int, ClaimText],
    ranked: dict[int, list[int]],
    other_texts: dict[int, ClaimText],
    weights: dict[str, float],
) -> list[Suggestion]:
    """Score each claim against its ranked candidates; keep its best matches."""
    word_weights = _WordWeights(
        {key[2:]: value for key, value in weights.items() if key.startswith("w:")}
    )
    word_weight = word_weights.__getitem__  # a plain lookup for the words seen in keys

    suggestions: list[Suggestion] = []
    for claim_id, candidates in ranked.items():
        matches = []
        for other in candidates:
            if other not in other_texts:
                continue
            match = compare(texts[claim_id], other_texts[other], word_weight)
            if match is not None:
                matches.append((other, match))
        suggestions.extend(
            Suggestion(claim_id, other, match) for other, match in _best_matches(matches)
        )
    return suggestions


def _stored_texts(wanted: Iterable[int], exclude: Sequence[int]) -> dict[int, ClaimText]:
    """Analysed texts of stored claims (not rejected, not in the ``exclude``d documents)."""
    wanted = sorted(set(wanted))
    if not wanted:
        return {}
    others = list(
        Claim.objects.filter(pk__in=wanted)
        .exclude(status=Claim.Status.REJECTED)
        .exclude(document_id__in=exclude)
        .order_by()
        .values_list("id", "text", "speaker_id")
    )
    return _analysed(others, _conditions_of([row[0] for row in others]))


def find_suggestions(document: Document) -> list[Suggestion]:
    """Score ``document``'s claims against claims of other documents (and file their keys).

    Rejected claims take no part. Queries: the document's claims and their conditions (2),
    their keys (2), the candidates (1 per hundred keys), the candidates' texts and conditions
    (2): a constant number, whatever the size of the corpus.
    """
    claims = list(
        Claim.objects.filter(document=document)
        .exclude(status=Claim.Status.REJECTED)
        .order_by("pk")
        .values_list("id", "text", "speaker_id")
    )
    if not claims:
        return []
    texts = _analysed(claims, _conditions_of([row[0] for row in claims]))
    own_keys = {claim_id: blocking_keys(text) for claim_id, text in texts.items()}
    _file_keys(document.pk, own_keys)
    all_keys = sorted({key for claim_keys in own_keys.values() for key in claim_keys})
    ranked, weights = _rank(own_keys, _by_key(_candidate_rows(all_keys, [document.pk])))
    wanted = {other for others in ranked.values() for other in others}
    return _match(texts, ranked, _stored_texts(wanted, [document.pk]), weights)


ClaimRow = tuple[int, str, int | None, tuple[str, ...]]


def suggest_for_new_documents(batch: Sequence[tuple[int, Sequence[ClaimRow]]]) -> int:
    """File keys and suggest links for documents just stored, in order; returns how many.

    ``batch`` holds, per new document, its id and its claims as ``(id, text, speaker id,
    condition texts)``. The result is what :func:`suggest_crossreferences` on each document in
    turn would store (each document is compared with the claims stored before the batch and
    with those of the batch's earlier documents, newest first, :data:`PER_KEY` per key), with
    a fixed number of queries for the whole batch instead of a dozen per document. New claims
    have no links yet, so no earlier suggestion or editor's decision can be in the way.
    """
    documents = [document_id for document_id, _claims in batch]
    texts: dict[int, ClaimText] = {}
    keys: dict[int, dict[int, list[str]]] = {}
    for document_id, claims in batch:
        own = {
            pk: _analyse_cached(text, speaker, conditions)
            for pk, text, speaker, conditions in claims
        }
        texts.update(own)
        keys[document_id] = {pk: blocking_keys(text) for pk, text in own.items()}
    _insert_keys(keys)
    all_keys = sorted({k for claim_keys in keys.values() for ks in claim_keys.values() for k in ks})
    stored = _by_key(_candidate_rows(all_keys, documents))
    for claim_ids in stored.values():
        claim_ids.sort(reverse=True)
    # Batch claims filed so far, per key, oldest first (claims are stored in document order).
    earlier: dict[str, list[int]] = defaultdict(list)
    plans = []
    for document_id, _claims in batch:
        own_keys = keys[document_id]
        claims_by_key = {}
        for key in {k for ks in own_keys.values() for k in ks}:
            newest = earlier.get(key, [])[: -PER_KEY - 1 : -1] + stored.get(key, [])
            if newest:
                claims_by_key[key] = newest[:PER_KEY]
        plans.append(_rank(own_keys, claims_by_key))
        for claim_id, claim_keys in sorted(own_keys.items()):
            for key in claim_keys:
                earlier[key].append(claim_id)
    wanted = {other for ranked, _w in plans for others in ranked.values() for other in others}
    other_texts = {**_stored_texts(wanted - texts.keys(), documents), **texts}
    to_create = [
        _machine_link(suggestion)
        for ranked, weights in plans
        for suggestion in _match(texts, ranked, other_texts, weights)
    ]
    if to_create:
        create_with_history(to_create, CrossReference)
    return len(to_create)


@transaction.atomic
def suggest_crossreferences(document: Document) -> int:
    """Suggest cross-references from ``document``'s claims to claims elsewhere; returns how many.

    New pairs are stored as machine suggestions (``origin=machine``, ``status=suggested``);
    this document's earlier unreviewed machine suggestions are refreshed, or withdrawn when
    no longer found. Any pair an editor has touched, in either direction, is left alone and
    never suggested again. Returns the number of suggestions created or refreshed.
    """
    suggestions = find_suggestions(document)
    own_ids = list(document.claims.order_by().values_list("pk", flat=True))
    existing = {
        frozenset((link.source_id, link.target_id)): link
        for link in CrossReference.objects.filter(
            Q(source_id__in=own_ids) | Q(target_id__in=own_ids)
        ).only(
            "id", "source_id", "target_id", "relation", "score", "status", "origin",
            "conditions_differ",
        )
    }  # fmt: skip
    own = set(own_ids)
    now = timezone.now()
    to_create: list[CrossReference] = []
    to_update: list[CrossReference] = []
    kept: set[int] = set()
    for suggestion in suggestions:
        pair = frozenset((suggestion.source, suggestion.target))
        link = existing.get(pair)
        match = suggestion.match
        if link is None:
            existing[pair] = link = _machine_link(suggestion)
            to_create.append(link)
            continue
        if not _is_machine_suggestion(link):
            continue
        kept.add(link.pk)
        if (link.relation, link.score, link.conditions_differ) != (
            match.relation,
            match.score,
            match.conditions_differ,
        ):
            link.relation = match.relation
            link.score = match.score
            link.conditions_differ = match.conditions_differ
            link.updated_at = now
            to_update.append(link)
    stale = [
        link.pk
        for link in existing.values()
        if link.pk is not None
        and link.pk not in kept
        and _is_machine_suggestion(link)
        and link.source_id in own
    ]
    if stale:
        CrossReference.objects.filter(pk__in=stale).delete()
    if to_create:
        create_with_history(to_create, CrossReference)
    if to_update:
        bulk_update_with_history(
            to_update, CrossReference, ["relation", "score", "conditions_differ", "updated_at"]
        )
    return len(to_create) + len(to_update)


def _is_machine_suggestion(link: CrossReference) -> bool:
    return link.origin == Origin.MACHINE and link.status == CrossReference.Status.SUGGESTED


def file_keys(document: Document) -> int:
    """File the blocking keys of ``document``'s claims (without suggesting); returns how many."""
    claims = list(
        Claim.objects.filter(document=document)
        .exclude(status=Claim.Status.REJECTED)
        .order_by("pk")
        .values_list("id", "text", "speaker_id")
    )
    texts = _analysed(claims, _conditions_of([row[0] for row in claims]))
    keys = {claim_id: blocking_keys(text) for claim_id, text in texts.items()}
    ClaimKey.objects.filter(document_id=document.pk).exclude(claim_id__in=list(keys)).delete()
    _file_keys(document.pk, keys)
    return sum(len(claim_keys) for claim_keys in keys.values())


def documents_without_keys() -> list[int]:
    """Documents with a claim that has no blocking keys yet (made outside ingestion)."""
    unfiled = (
        Claim.objects.filter(keys__isnull=True)
        .exclude(status=Claim.Status.REJECTED)
        .order_by()
        .values_list("document_id", flat=True)
        .distinct()
    )
    return sorted(unfiled)


def suggest_all(documents: Iterable[Document] | None = None) -> int:
    """Suggest cross-references for the given documents (default: all); returns the total.

    Keys are filed first (for every document on a full run; otherwise for any document whose
    claims were made outside ingestion and have none yet), so that each document finds its
    counterparts whatever the order. Documents are then linked newest first, so links point
    from the later claim to the earlier one, as they do at ingestion.
    """
    if documents is None:
        selected = list(Document.objects.only("id", "published", "created_at"))
        to_file = [d.pk for d in selected]
    else:
        selected = list(documents)
        to_file = documents_without_keys()
    for document_id in to_file:
        file_keys(Document(pk=document_id))
    selected.sort(
        key=lambda d: (d.published is not None, d.published or dt.date.min, d.created_at, d.pk),
        reverse=True,
    )
    return sum(suggest_crossreferences(document) for document in selected)
