"""The test database built once and copied into every test process.

Each pytest process (each xdist worker, the browser run, CI's PostgreSQL steps) built its test database by
running all the migrations and loading every app's demo: about a minute of a slow machine, six times per
CI run. The first process now builds it and keeps a copy, named by everything that could change what the
copy holds (`fingerprint`); the others copy it in:
- SQLite: a file in var/test-templates/, loaded into the in-memory test database by SQLite's backup API;
- PostgreSQL: a database `kk_tpl_<fingerprint>_<second built>`, cloned by `CREATE DATABASE ... TEMPLATE`.

A copy older than MAX_AGE is not used: the demos place check-ins, messages and deadlines relative to the
moment they are loaded, as they did when each process loaded them itself. Copies older than PRUNE_AGE are
removed when a new one is built. A file lock makes the second of two processes that start together wait
for the first one's copy rather than build its own.

The data-migration tests (kakehashi/core/testing/migrations.py) still find the full migration history:
the copy is of a migrated database, django_migrations included."""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db.backends.base.base import BaseDatabaseWrapper

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "var" / "test-templates"
MAX_AGE = 60 * 60  # seconds
PRUNE_AGE = 6 * 60 * 60
# What the database's content is made from: the code (models, migrations, demos, services; not the tests),
# the translations the demos store, the locked packages, the test settings.
SOURCES = [
    ROOT / "kakehashi",
    ROOT / "locale",
    ROOT / "requirements-dev.lock",
    ROOT / "tests" / "settings.py",
]


def fingerprint(connection: BaseDatabaseWrapper) -> str:
    digest = hashlib.sha256()
    for source in SOURCES:
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in files:
            if path.is_file() and not {"__pycache__", "tests"} & set(path.parts):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    # The personal data in the demos is encrypted with these keys and indexed with this one.
    for value in (settings.KAKEHASHI_FIELD_KEYS, settings.KAKEHASHI_BLIND_INDEX_KEY, connection.vendor):
        digest.update(repr(value).encode())
    return digest.hexdigest()[:16]


@contextmanager
def _locked(key: str) -> Iterator[None]:
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    with open(TEMPLATES / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _built_at(name: str) -> int:
    return int(name.rsplit("_", 1)[1].split(".")[0])


def create_test_db(
    connection: BaseDatabaseWrapper, load_demos: Callable[[], None], verbosity: int = 1, **_ignored: Any
) -> str:
    """`connection.creation.create_test_db`, with the migrations and the demos copied from a kept database
    when one is fresh, and kept for the next process when not."""
    creation = connection.creation
    name = creation._get_test_db_name()  # type: ignore[attr-defined]
    key = fingerprint(connection)
    with _locked(key):
        if connection.vendor == "postgresql":
            _postgresql(connection, name, key, load_demos, verbosity)
        else:
            _sqlite(connection, name, key, load_demos, verbosity)
    call_command("createcachetable", database=connection.alias)
    connection.ensure_connection()
    return name


def _use(connection: BaseDatabaseWrapper, name: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _build(connection: BaseDatabaseWrapper, load_demos: Callable[[], None], verbosity: int) -> None:
    call_command(
        "migrate",
        verbosity=max(verbosity - 1, 0),
        interactive=False,
        database=connection.alias,
        run_syncdb=True,
    )
    load_demos()


def _sqlite(
    connection: BaseDatabaseWrapper, name: str, key: str, load_demos: Callable[[], None], verbosity: int
) -> None:
    connection.creation._create_test_db(verbosity, autoclobber=True, keepdb=False)  # type: ignore[attr-defined]
    _use(connection, name)
    now = int(time.time())
    kept = sorted(TEMPLATES.glob(f"sqlite_{key}_*.sqlite3"), key=_built_at_path)
    fresh = [path for path in kept if now - _built_at_path(path) < MAX_AGE]
    connection.ensure_connection()
    if fresh:
        source = sqlite3.connect(fresh[-1])
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    _build(connection, load_demos, verbosity)
    for old in TEMPLATES.glob("sqlite_*.sqlite3"):
        if now - _built_at_path(old) > PRUNE_AGE:
            old.unlink(missing_ok=True)
    final = TEMPLATES / f"sqlite_{key}_{now}.sqlite3"
    partial = final.with_suffix(".partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, final)  # whole or absent for the process that looks next


def _built_at_path(path: Path) -> int:
    return _built_at(path.name)


def _postgresql(
    connection: BaseDatabaseWrapper, name: str, key: str, load_demos: Callable[[], None], verbosity: int
) -> None:
    quote = connection.ops.quote_name
    now = int(time.time())
    with connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["kk\\_tpl\\_%"])
        kept = [row[0] for row in cursor.fetchall()]
        mine = sorted((t for t in kept if t.startswith(f"kk_tpl_{key}_")), key=_built_at)
        fresh = [t for t in mine if now - _built_at(t) < MAX_AGE]
        if fresh:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(fresh[-1])}")
    if fresh:
        _use(connection, name)
        return
    connection.creation._create_test_db(verbosity, autoclobber=True, keepdb=False)  # type: ignore[attr-defined]
    _use(connection, name)
    _build(connection, load_demos, verbosity)
    connection.close()  # a database is copied only while nobody is connected to it
    with connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
        for old in kept:
            if now - _built_at(old) > PRUNE_AGE:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(f'kk_tpl_{key}_{now}')} TEMPLATE {quote(name)}")
