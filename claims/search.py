"""Search over claims and actors (see :mod:`corpus.search` for the per-database machinery).

A claim matches a query when every word of it is found in the claim's text (full-text, with
stemming on PostgreSQL and prefixes on SQLite) or in its speaker's name or aliases: "Peskov
ceasefire" finds Mr Peskov's claims about a ceasefire.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from config.pagination import forward_only
from corpus.search import (
    POSTGRES_STOP_WORDS,
    FtsTable,
    postgres_match,
    query_words,
    search_vector,
    vendor,
)

CLAIM_FTS = FtsTable("claims_claim_fts", "claims_claim", ("text",))
CLAIM_SEARCH_FIELDS = ("text",)


def _speakers_by_word(words: list[str]) -> dict[str, list[int]]:
    """For each word, the ids of the actors whose name or an alias contains it. One query.

    The ids are fetched first (the actors table is small) so that the claims query holds a
    plain ``speaker_id IN (...)``: PostgreSQL can then combine the speaker index with the
    text's GIN index (a bitmap OR), which it cannot do with a subquery.
    """
    from claims.models import Actor

    lowered = {word: word.lower() for word in words}
    match = Q()
    for word in words:
        match |= Q(name__icontains=word) | Q(aliases__icontains=word)
    found: dict[str, list[int]] = {word: [] for word in words}
    for pk, name, aliases in Actor.objects.filter(match).values_list("pk", "name", "aliases"):
        names = [name.lower(), *(str(a).lower() for a in aliases or [])]
        for word, low in lowered.items():
            if any(low in n for n in names):
                found[word].append(pk)
    return found


def search_claims(queryset: QuerySet, query: str) -> QuerySet:
    """Claims where each word of ``query`` is in the text or names the speaker."""
    words = query_words(query)
    if not words:
        return queryset
    queryset = forward_only(queryset)
    db = vendor(queryset)
    speakers = _speakers_by_word(words)
    if db == "postgresql":
        queryset = queryset.alias(search=search_vector(*CLAIM_SEARCH_FIELDS))
    for word in words:
        if db == "postgresql":
            match = postgres_match([word])
            in_text = Q(search=match) if match is not None else Q(pk__in=[])
        elif db == "sqlite":
            in_text = CLAIM_FTS.match([word])
        else:
            in_text = Q(text__icontains=word)
        if speakers[word]:
            in_text |= Q(speaker_id__in=speakers[word])
        queryset = queryset.filter(in_text)
    return queryset


def search_actors(queryset: QuerySet, query: str) -> QuerySet:
    """Actors whose name, aliases or description contain every word of ``query``.

    The actors table stays small (one row per speaker), so a substring match is fast enough
    everywhere and also finds partial names ("Pesk").
    """
    for word in query_words(query):
        queryset = queryset.filter(
            Q(name__icontains=word) | Q(aliases__icontains=word) | Q(description__icontains=word)
        )
    return queryset


__all__ = ["CLAIM_FTS", "POSTGRES_STOP_WORDS", "search_actors", "search_claims"]
