"""Full-text search behind the ``q`` filters, one path per database.

* **PostgreSQL**: ``to_tsvector('english', ...)`` expressions matched against ``plainto_tsquery``
  (English stemming and stop words), served by GIN expression indexes that the migrations
  create on PostgreSQL only (:func:`gin_index`: the index is built from the very expression the
  queries use, so the planner matches them).
* **SQLite**: FTS5 external-content tables (:class:`FtsTable`) kept in sync by triggers on the
  content table and matched with prefix terms (``"ceasefire"*``). The stored text and every
  offset are untouched: the FTS table only maps words to row ids. The migrations create them,
  and :func:`ensure_fts_tables` runs again after every ``migrate`` because SQLite rebuilds a
  table (dropping its triggers) whenever a later migration alters it; a rebuilt table is
  re-indexed.
* **Elsewhere**: every word must appear as a case-insensitive substring: correct, if slow.

Query words are taken with ``\\w+`` (punctuation and FTS syntax never reach the database as
operators); every word must match (AND).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from config.pagination import forward_only

#: The configuration of every tsvector and tsquery (stemming, stop words).
CONFIG = "english"

#: PostgreSQL's English stop words: dropped from queries, as the database would drop them.
_STOP_WORDS_TEXT = (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves what which "
    "who whom this that these those am is are was were be been being have has had having do "
    "does did doing a an the and but if or because as until while of at by for with about "
    "against between into through during before after above below to from up down in out on "
    "off over under again further then once here there when where why how all any both each "
    "few more most other some such no nor not only own same so than too very s t can will "
    "just don should now"
)
POSTGRES_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"\w+", re.UNICODE)


def query_words(query: str) -> list[str]:
    """The words of a search query without punctuation, operators or stop words.

    Stop words ("the", "of") are dropped unless the query has nothing else, the same on
    every database, so that a query finds the same rows on SQLite and PostgreSQL.
    """
    words = _WORD.findall(query)
    return [w for w in words if w.lower() not in POSTGRES_STOP_WORDS] or words


def vendor(queryset: QuerySet) -> str:
    return connections[queryset.db].vendor


def search_vector(*fields: str) -> SearchVector:
    """The tsvector expression of ``fields``: shared by the GIN index and the queries."""
    return SearchVector(*fields, config=CONFIG)


def gin_index(name: str, *fields: str) -> GinIndex:
    """A GIN index on :func:`search_vector` of ``fields`` (PostgreSQL only)."""
    return GinIndex(search_vector(*fields), name=name)


def postgres_match(words: list[str]) -> SearchQuery | None:
    """A ``plainto_tsquery`` for the words that are not stop words, or None if none is left."""
    kept = [w for w in words if w.lower() not in POSTGRES_STOP_WORDS]
    return SearchQuery(" ".join(kept), config=CONFIG, search_type="plain") if kept else None


def fts5_term(word: str) -> str:
    """One FTS5 prefix term, quoted so that no word is read as an operator."""
    return '"' + word.replace('"', '""') + '"*'


@dataclass(frozen=True, slots=True)
class FtsTable:
    """An SQLite FTS5 index of some text columns of a table, kept in sync by triggers."""

    name: str
    content: str
    columns: tuple[str, ...]

    @property
    def triggers(self) -> dict[str, str]:
        cols = ", ".join(self.columns)
        new = ", ".join(f"new.{c}" for c in self.columns)
        old = ", ".join(f"old.{c}" for c in self.columns)
        insert = f"INSERT INTO {self.name}(rowid, {cols}) VALUES (new.id, {new});"
        delete = (
            f"INSERT INTO {self.name}({self.name}, rowid, {cols}) VALUES ('delete', old.id, {old});"
        )
        return {
            f"{self.name}_ai": f"AFTER INSERT ON {self.content} BEGIN {insert} END",
            f"{self.name}_ad": f"AFTER DELETE ON {self.content} BEGIN {delete} END",
            f"{self.name}_au": (
                f"AFTER UPDATE OF {cols} ON {self.content} BEGIN {delete} {insert} END"
            ),
        }

    def match(self, words: list[str]) -> Q:
        """Rows whose indexed columns contain every word (as a word prefix)."""
        expression = " ".join(fts5_term(w) for w in words)
        return Q(
            pk__in=RawSQL(
                f"SELECT rowid FROM {self.name} WHERE {self.name} MATCH %s",
                [expression],
            )
        )

    def ensure(self, connection) -> bool:
        """Create the table and triggers if missing; re-index if anything was missing."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT type, name FROM sqlite_master WHERE name = %s OR tbl_name = %s",
                [self.name, self.content],
            )
            present = {name for _type, name in cursor.fetchall()}
            if self.content not in present:
                return False
            missing = self.name not in present or not set(self.triggers) <= present
            if self.name not in present:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {self.name} USING fts5("
                    f"{', '.join(self.columns)}, content='{self.content}', content_rowid='id', "
                    "tokenize='porter unicode61 remove_diacritics 2')"
                )
            for trigger, body in self.triggers.items():
                if trigger not in present:
                    cursor.execute(f"CREATE TRIGGER {trigger} {body}")
            if missing:
                cursor.execute(f"INSERT INTO {self.name}({self.name}) VALUES ('rebuild')")
        return missing

    def drop(self, connection) -> None:
        with connection.cursor() as cursor:
            for trigger in self.triggers:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


DOCUMENT_FTS = FtsTable("corpus_document_fts", "corpus_document", ("title", "outlet", "text"))
DOCUMENT_SEARCH_FIELDS = ("title", "outlet", "text")


def ensure_fts_tables(tables: list[FtsTable], using: str = "default") -> None:
    """Create (or repair) the FTS5 tables on an SQLite database; a no-op elsewhere."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    for table in tables:
        table.ensure(connection)


def search_documents(queryset: QuerySet, query: str) -> QuerySet:
    """Documents whose title, outlet or text contain every word of ``query``."""
    words = query_words(query)
    if not words:
        return queryset
    queryset = forward_only(queryset)
    db = vendor(queryset)
    if db == "postgresql":
        match = postgres_match(words)
        if match is not None:
            return queryset.alias(search=search_vector(*DOCUMENT_SEARCH_FIELDS)).filter(
                search=match
            )
    elif db == "sqlite":
        return queryset.filter(DOCUMENT_FTS.match(words))
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(outlet__icontains=word) | Q(text__icontains=word)
        )
    return queryset
