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
from django.utils import timezone


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
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    return len(rows)


def _preparer(field, connection):
    """How to make a value of ``field`` database-ready: only types the driver cannot take as is."""
    from django.db import models

    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField | models.DateField):
        # Rows written together mostly share their timestamps: prepare each value once.
        prepared: dict = {}

        def prepare(value):
            if value not in prepared:
                prepared[value] = field.get_db_prep_save(value, connection)
            return prepared[value]

        return prepare
    return None


def _auto_now(field, obj, now) -> bool:
    """Set an ``auto_now``/``auto_now_add`` field of a new ``obj`` to ``now``, as ``pre_save``
    would, but with one time for all the rows written together; returns whether it did."""
    from django.db import models

    if not isinstance(field, models.DateField) or not (field.auto_now or field.auto_now_add):
        return False
    value = now if isinstance(field, models.DateTimeField) else now.date()
    setattr(obj, field.attname, value)
    return True


def insert_objects(objs: Sequence, model, *, using: str = "default") -> list:
    """What ``bulk_create`` does for new rows of a plain model, without its per-value cost.

    Sets ``auto_now``/``auto_now_add`` values (one time for all the rows) and the new primary
    keys on ``objs``, as ``bulk_create`` would, but prepares only the values the driver cannot
    take as they are (dates, times, JSON). On PostgreSQL the keys are drawn from the table's
    sequence first and the rows sent with ``COPY``; elsewhere ``INSERT ... RETURNING`` goes
    in the same chunks as ``bulk_create``'s. For models with an automatic primary key and no
    parent model; no ``save()`` or signals run (as with ``bulk_create``).
    """
    objs = list(objs)
    if not objs:
        return objs
    connection = connections[using]
    opts = model._meta
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    preparers = [_preparer(field, connection) for field in fields]
    now = timezone.now()
    rows = []
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        values = [
            getattr(obj, field.attname)
            if _auto_now(field, obj, now)
            else field.pre_save(obj, add=True)
            for field in fields
        ]
        for i, prepare in enumerate(preparers):
            if prepare is not None:
                values[i] = prepare(values[i])
        rows.append(values)
    if connection.vendor == "postgresql":
        keys = _next_keys(connection, opts, len(objs))
        insert_rows(
            model,
            [opts.pk.column, *(field.column for field in fields)],
            ([key, *values] for key, values in zip(keys, rows, strict=True)),
            using=using,
        )
        _saved(objs, keys, using)
        return objs
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    tail = f" RETURNING {quote(opts.pk.column)}"
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    with connection.cursor() as cursor:
        for first in range(0, len(objs), size):
            chunk = rows[first : first + size]
            cursor.execute(
                head + "VALUES " + ", ".join([one] * len(chunk)) + tail,
                [v for row in chunk for v in row],
            )
            _saved(objs[first : first + size], [row[0] for row in cursor.fetchall()], using)
    return objs


def _next_keys(connection, opts, count: int) -> list[int]:
    """``count`` new primary keys from the table's own sequence, in increasing order.

    Drawn as an insert would draw them, so they never collide with another writer's rows.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _saved(objs: Sequence, keys: Sequence[int], using: str) -> None:
    """Mark new ``objs`` as stored under ``keys``, as ``bulk_create`` does."""
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = using


def create_with_history(objs: Sequence, model, *, using: str = "default") -> list:
    """``bulk_create`` the ``objs`` and insert their "created" history rows in one plain insert.

    Stores exactly what ``simple_history.utils.bulk_create_with_history`` stores (every tracked
    field, ``history_type`` "+", the request's user when there is one, no change reason) but
    sends the history rows through :func:`insert_rows`: for machine suggestions written by the
    thousand, building a second model instance per row and compiling it through
    ``bulk_create`` cost as much as the claims themselves. Needs a database that returns the
    new primary keys from a bulk insert (PostgreSQL, SQLite 3.35+).
    """
    from django.conf import settings

    saved = insert_objects(objs, model, using=using)
    if not saved or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return saved
    if saved[0].pk is None:
        raise RuntimeError(f"{model.__name__}: the database did not return the new keys.")
    connection = connections[using]
    historical = model.history.model
    tracked = list(historical.tracked_fields)
    preparers = [_preparer(field, connection) for field in tracked]
    user = historical.get_default_history_user(saved[0])
    extra_columns = ["history_date", "history_user_id", "history_change_reason", "history_type"]
    extra = (
        _preparer(historical._meta.get_field("history_date"), connection)(timezone.now()),
        user.pk if user is not None else None,
        None,
        "+",
    )
    columns = [field.attname for field in tracked] + extra_columns
    rows = []
    for obj in saved:
        values = [getattr(obj, field.attname) for field in tracked]
        for i, prepare in enumerate(preparers):
            if prepare is not None:
                values[i] = prepare(values[i])
        rows.append((*values, *extra))
    insert_rows(historical, columns, rows, using=using)
    return saved
