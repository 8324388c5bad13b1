"""Names for SQL written by hand, where the ORM cost more to build and compile a query than the database took
to run it (issue 18: a board page's ranked items, a gradebook page's best scores). The names come from the
models, so a renamed field or table follows; every value goes in as a parameter, never into the text."""

from collections.abc import Sized

from django.db import connection
from django.db.models import Field, Model


def table(model: type[Model]) -> str:
    """The model's quoted table name."""
    return str(connection.ops.quote_name(model._meta.db_table))


def column(model: type[Model], name: str) -> str:
    """The quoted column of a model's field."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:  # a relation's other side has no column
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return str(connection.ops.quote_name(field.column))


def placeholders(values: Sized) -> str:
    """ "%s, %s, …" for an IN list of these values (at least one: `IN ()` is not SQL)."""
    if not values:
        raise ValueError("an IN list needs at least one value")
    return ", ".join(["%s"] * len(values))
