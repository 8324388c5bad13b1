"""Reports and figures read from a PostgreSQL streaming replica, when one is configured.

With DATABASE_REPLICA_URL set, settings.py adds the `replica` database and this router. Reads go to the
replica only inside `replica_reads()` (or a view decorated with `@reads_from_replica`): the code that
builds a report or an export from figures that may be a few seconds old. Everything else reads and writes
the primary (`default`), so a page shows what its own request, or the previous one, has just written.

Even inside `replica_reads()`, a read made within a transaction on the primary stays on the primary: the
transaction may have written what it reads, and the replica would not have it yet (a report task that
records the period's figures and then gathers them must see them).

Without DATABASE_REPLICA_URL the router is not installed and `replica_reads()` changes nothing.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "kakehashi_replica_reads", default=False
)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads made inside may come from the replica (figures a few seconds old are fine there)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """A view whose reads may come from the replica: a read-only report or export."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Installed by settings.py when DATABASE_REPLICA_URL is set (see the module's docstring)."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _replica_reads.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return None  # the primary

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS  # a replica is read-only

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the primary's very rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # streaming replication copies the schema
