"""Append-only rows written in bulk without a model instance a row.

`bulk_create` builds an instance per row, then prepares each of its fields: for the thousands of log rows
of a safety pass (the delivery log, the notices) that was most of the pass's time. `insert_rows` writes the
same rows from plain values, filling every field a row does not name as `bulk_create` would (its default;
the moment of the call for `auto_now`/`auto_now_add` fields). Like `bulk_create` it sends no signal and
calls no `save()`; unlike it, it returns only the number of rows. `insert_rows_with_ids` also returns the
rows' primary keys, in order (the inbox's notices, which their delivery rows point to).

On PostgreSQL the rows go by COPY: the publication of a round of 100,000 applicants writes 100,000 notices
and 200,000 delivery rows, and psycopg spent more time adapting the arrays of an `INSERT ... UNNEST` (a
regular expression per value) than the database spent writing them (issue 18). COPY is not seen by the
execute wrappers, so the tables written are reported to kakehashi.core.table_writes here.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import connections, models, router
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from kakehashi.core import table_writes

# Values a database adapter takes as they are, in fields of Django's own plain types; anything else (a
# date, a JSON value, an encrypted field's text) goes through the field's own preparation.
_PLAIN = (str, int, bool, type(None))
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
    models.ForeignKey,
)
BATCH = 1000


def insert_rows(
    model: type[models.Model], rows: Iterable[Mapping[str, Any]], *, now: datetime | None = None
) -> int:
    """INSERT `rows` (field name -> value; a foreign key by its `<name>_id`) into `model`'s table, in
    batches; returns the number of rows written."""
    return _insert(model, list(rows), now=now, with_ids=False)


def insert_rows_with_ids(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> list[int]:
    """`insert_rows` (its `auto_now` fields at the moment of the call), returning the new rows' primary
    keys in the order of `rows`. On PostgreSQL the keys are drawn from the table's sequence first (one
    query), then written with the rows; elsewhere the rows go through `bulk_create`, which returns them."""
    rows = list(rows)
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        made = model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return [m.pk for m in made]
    pk = model._meta.pk
    assert pk is not None
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    _insert(
        model,
        [{**row, pk.attname: pk_value} for row, pk_value in zip(rows, ids, strict=True)],
        now=None,
        with_ids=True,
    )
    return ids


def _insert(
    model: type[models.Model], rows: list[Mapping[str, Any]], *, now: datetime | None, with_ids: bool
) -> int:
    if not rows:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    now = now or timezone.now()
    # Every column but a database-generated primary key (unless the rows bring their keys).
    fields = [f for f in model._meta.concrete_fields if with_ids or not isinstance(f, AutoFieldMixin)]
    names = [f.attname for f in fields]

    plain = {f.attname for f in fields if type(f) in _PLAIN_FIELDS}  # exactly Django's, not a subclass

    def prepared(field: models.Field, value: Any) -> Any:
        if field.attname in plain and isinstance(value, _PLAIN):
            return value
        return field.get_db_prep_save(value, connection)

    # What a row that does not name a field gets, prepared once.
    fixed: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fixed[f.attname] = prepared(f, now)
        else:
            fixed[f.attname] = prepared(f, f.get_default())  # "" for text without one, as bulk_create
    unknown = {key for row in rows for key in row} - set(names)
    if unknown:
        raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)

    def values(row: Mapping[str, Any]) -> list[Any]:
        return [
            prepared(f, row[name]) if name in row else fixed[name]
            for f, name in zip(fields, names, strict=True)
        ]

    if connection.vendor == "postgresql":
        # Only the model's own table and column names, quoted, are spliced in; the rows are data.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(values(row))
        table_writes.written(model._meta.db_table, connection)
        return len(rows)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # A thousand rows a statement, fewer where the database limits the parameters of one (SQLite).
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = [values(row) for row in rows[start : start + size]]
            # Only the model's own table and column names, quoted, are spliced in; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}"  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])
    return len(rows)
