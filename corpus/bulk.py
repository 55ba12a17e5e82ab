"""Plain bulk inserts for wide, simple rows (no per-row ORM cost).

``bulk_create`` compiles every value of every row through the field machinery, which costs
more than the insert itself for narrow side tables written by the thousand (linking keys,
many-to-many links, generated corpora). :func:`insert_rows` sends the values as they are:
``COPY`` on PostgreSQL, ``executemany`` elsewhere. Callers pass database-ready values and no
model logic (``save()``, signals, history) runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections


def insert_rows(
    model, columns: Sequence[str], rows: Iterable[Sequence], *, using: str = "default"
) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``model``'s table; returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    return len(rows)
