"""Helpers for tests that need real concurrency: threads (or processes) with their own database
connections, which only see committed rows. Such tests use `transactional_db` (pytest-django runs them
after the others, and empties the tables after each); `committed_demo` loads the demo program for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import connection, connections

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time (transaction_mode IMMEDIATE): nothing can race there; "
    "CI runs these on PostgreSQL.",
)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def committed_demo(transactional_db: None) -> Iterator[None]:
    """The demo program, committed (other connections see it); the tables are emptied afterwards."""
    from kakehashi.core.registry import app_modules

    for _app, module in app_modules("demo"):
        module.load()
    yield
    connections.close_all()


def in_parallel[T](count: int, work: Callable[[int], T]) -> list[T | BaseException]:
    """Run `work(i)` in `count` threads that start together (a barrier); each has its own connection."""
    barrier = threading.Barrier(count)
    results: list[T | BaseException] = [RuntimeError("did not run")] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as error:  # the test looks at every outcome
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
