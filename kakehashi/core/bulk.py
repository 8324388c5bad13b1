"""Append-only rows written in bulk without a model instance a row.

`bulk_create` builds an instance per row, then prepares each of its fields: for the thousands of log rows
of a safety pass (the delivery log, the notices) that was most of the pass's time. `insert_rows` writes the
same rows from plain values, filling every field a row does not name as `bulk_create` would (its default;
the moment of the call for `auto_now`/`auto_now_add` fields). Like `bulk_create` it sends no signal and
calls no `save()`; unlike it, it returns nothing (no primary keys): use it only for rows nothing reads back
in the same breath.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import connections, models, router
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

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
    rows = list(rows)
    if not rows:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    now = now or timezone.now()
    # Every column but a database-generated primary key.
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
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
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # A thousand rows a statement, fewer where the database limits the parameters of one (SQLite).
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, rows)))
    # PostgreSQL: one array a column (as bulk_create's own UNNEST), so the statement's text stays the same
    # whatever the rows. psycopg scanned a batch's 10,000 placeholders in Python for each statement, a
    # fifth of a safety pass's time (issue 18); the types lose their length, as bulk_create's do.
    types = [f.db_type(connection) for f in fields]
    unnest = None
    if connection.vendor == "postgresql" and all(types):
        arrays = ", ".join(f"(%s)::{str(t).split('(')[0]}[]" for t in types)
        unnest = f"INSERT INTO {table} ({columns}) SELECT * FROM UNNEST({arrays})"  # noqa: S608

    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = [
                [
                    prepared(f, row[name]) if name in row else fixed[name]
                    for f, name in zip(fields, names, strict=True)
                ]
                for row in rows[start : start + size]
            ]
            if unnest is not None:
                cursor.execute(unnest, [list(column) for column in zip(*batch, strict=True)])
                continue
            # Only the model's own table and column names, quoted, are spliced in; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}"  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])
    return len(rows)
