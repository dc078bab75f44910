"""Inserting many rows of one table at once, without a model instance per row.

For the write paths whose cost grows with the data (the documents of an import; the spans and
relations of a save, an import or pre-labeling, all written by annotation_store.py): values go
in as the database takes them, so nothing is converted twice and no Model object is built,
saved and thrown away per row. JSON columns take JSON text the caller encoded (a document's
tokens are encoded once, vectorised, see annotator/nlp/tokens.py); `db_now()` is the current
time as the database takes it. Callers validate rows first (services, annotator/rules); the
database's constraints still hold.
"""
from collections.abc import Sequence
from datetime import datetime

from django.db import connections, router
from django.db.models import JSONField, Model
from django.utils import timezone

# Parameters in one statement: under PostgreSQL's 65,535 and SQLite's limit (32,766 or more).
MAX_PARAMETERS = 30_000


def _connection(model: type[Model]):
    return connections[router.db_for_write(model)]


def db_now(model: type[Model]):
    """timezone.now() as the database of `model` stores a DateTimeField."""
    return _connection(model).ops.adapt_datetimefield_value(timezone.now())


def db_datetime(model: type[Model], value: datetime):
    return _connection(model).ops.adapt_datetimefield_value(value)


def _statement(model: type[Model], columns: Sequence[str]) -> tuple[str, str, int]:
    connection = _connection(model)
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in columns]
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    placeholders = "(" + ", ".join("%s" + json_cast if isinstance(f, JSONField) else "%s" for f in fields) + ")"
    # Table and column names come from the model and are quoted; values go as parameters (bandit B608 accepted).
    names = ", ".join(quote(f.column) for f in fields)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "  # nosec B608
    return head, placeholders, len(fields)


def rows_insert(*, model: type[Model], columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """INSERT `rows` (tuples of values in `columns` order, see the module docstring)."""
    if not rows:
        return
    head, placeholders, _width = _statement(model, columns)
    with _connection(model).cursor() as cursor:
        cursor.executemany(head + placeholders, rows)


def rows_insert_returning_ids(*, model: type[Model], columns: Sequence[str], rows: Sequence[Sequence]) -> list[int]:
    """INSERT `rows` and return their primary keys in row order (multi-row INSERT ... RETURNING, as
    Django's bulk_create does on SQLite 3.35+ and PostgreSQL)."""
    if not rows:
        return []
    connection = _connection(model)
    head, placeholders, width = _statement(model, columns)
    returning = f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    batch = max(1, MAX_PARAMETERS // width)
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join((placeholders,) * len(chunk)) + returning, params)
            ids += [row[0] for row in cursor.fetchall()]
    return ids
