"""Forget cached figures whenever a table they are read from is written, however it is written.

Signals (post_save, post_delete) miss the writes that matter at scale: `bulk_create`, `QuerySet.update()`,
cascaded deletes and SQL written by hand send none, and there are some sixty of them in the services. So a
kind of figure that reads from many tables (the home's Today list reads from every domain app) is
forgotten here, at the database: an execute wrapper on every connection looks at each statement's first
words, and an INSERT, UPDATE or DELETE on a watched table forgets the kind's figures now and again when the
transaction commits (as `cached_figures.changed`). Reads cost a string comparison.

`watch(kind, tables)` says which tables a kind reads; `install()` (kakehashi.core.apps) adds the wrapper to
each connection as it opens."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from kakehashi.core import cached_figures

# INSERT INTO "t", UPDATE "t", DELETE FROM "t", as Django writes them (quoted or not, any case).
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "insert", "update", "delete")

# {table: kinds of figures read from it}
_WATCHED: dict[str, set[str]] = {}


def watch(kind: str, tables: Iterable[str]) -> None:
    """Forget the figures of `kind` whenever one of these tables is written."""
    for table in tables:
        _WATCHED.setdefault(table, set()).add(kind)


def kinds_written_by(sql: str) -> set[str]:
    """The kinds of figures a statement makes stale: none for a read."""
    if not sql.lstrip().startswith(_WRITE_WORDS):
        return set()
    found = _WRITE.match(sql)
    return _WATCHED.get(found.group(1), set()) if found else set()


def _forget_after_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    for kind in kinds_written_by(sql):
        _forget(kind, context["connection"])
    return result


def written(table: str, connection: BaseDatabaseWrapper) -> None:
    """A table was written by a statement the wrapper does not see (COPY): forget its kinds' figures."""
    for kind in _WATCHED.get(table, set()):
        _forget(kind, connection)


def _forget(kind: str, connection: BaseDatabaseWrapper) -> None:
    """`cached_figures.changed(kind)`, with one forgetting at the commit however many rows the transaction
    writes one at a time (the escalation pass raises a thousand alerts in one). Forgotten now on every
    write, for whoever reads inside the same transaction (a test, a service that writes then reads)."""
    cached_figures.forget_now(kind)
    if not connection.in_atomic_block:
        return  # in autocommit the row is committed already
    # Each entry is (savepoint ids, callback, robust).
    if any(getattr(entry[1], "forgets", None) == kind for entry in connection.run_on_commit):
        return
    at_commit = functools.partial(cached_figures.forget_now, kind)
    at_commit.forgets = kind  # type: ignore[attr-defined]
    connection.on_commit(at_commit)


def _add_wrapper(*, connection: BaseDatabaseWrapper, **_kwargs: object) -> None:
    # The list belongs to the connection object, which lives as long as its thread; a reconnection sends
    # the signal again, so add the wrapper once. First, not last: `connection.execute_wrapper()` blocks
    # pop the last wrapper when they end, and a connection opened inside one would lose this one.
    if _forget_after_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _forget_after_writes)


def install() -> None:
    """Add the wrapper to every connection: those open already and those to come."""
    from django.db import connections

    connection_created.connect(_add_wrapper, dispatch_uid="kakehashi.core.table_writes")
    for connection in connections.all(initialized_only=True):
        _add_wrapper(connection=connection)
