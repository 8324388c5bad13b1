"""Fixtures shared by every test: the demo program is loaded once, and each demo person is at hand."""

import functools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from kakehashi.accounts import demo
from kakehashi.accounts.models import User
from kakehashi.core.testing.matrix import DEMO_KEYS  # noqa: F401 - re-exported for tests

# A test reaches the database through one of these fixtures (or the django_db marker, which pytest-django
# turns into one of them).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database: CI's second run, on PostgreSQL, has nothing to learn "
        "from the tests that never reach it (the matching engine, parsers, settings), which ran on SQLite",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = [
        item.nodeid
        for item in items
        if moves_through_migrations(item) and not item.get_closest_marker("data_migration")
    ]
    if unmarked:
        raise pytest.UsageError(
            f"mark these tests @pytest.mark.data_migration (CI runs them apart): {unmarked}"
        )
    if not config.getoption("--database-tests-only"):
        return
    kept, dropped = [], []
    for item in items:
        uses_database = item.get_closest_marker("django_db") is not None or bool(
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if uses_database else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def moves_through_migrations(item: pytest.Item) -> bool:
    """A transactional test in a module that uses kakehashi.core.testing.migrations."""
    from kakehashi.core.testing import migrations

    module = getattr(item, "module", None)
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and bool(marker.kwargs.get("transaction"))
    return transactional and getattr(module, "migrate_to", None) is migrations.migrate_to


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_use_migrations: bool,
    django_db_keepdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """pytest-django's test databases, with the migrations run and every demo loaded once for all the
    processes of a run (kakehashi.core.testing.template_db) rather than once in each."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from kakehashi.core.testing import template_db

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    # --nomigrations and --reuse-db keep pytest-django's way, the demos loaded afterwards.
    copied = django_db_use_migrations and not django_db_keepdb
    if not django_db_use_migrations:
        _disable_migrations()
    if copied:
        for alias in aliases:
            connection = connections[alias]
            connection.creation.create_test_db = functools.partial(  # type: ignore[method-assign]
                template_db.create_test_db, connection, load_all_demos
            )
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        databases = setup_databases(
            verbosity=verbosity,
            interactive=False,
            keepdb=django_db_keepdb,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
        )
        if not copied:
            load_all_demos()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=verbosity)


def load_all_demos() -> None:
    """The demo of every app, in dependency order, as `manage.py load_demo` loads it."""
    from kakehashi.core.registry import app_modules

    for _app, module in app_modules("demo"):
        module.load()


@pytest.fixture
def demo_user(db: None) -> Callable[[str], User]:
    """demo_user("teacher"): the demo person with that key."""

    def get(key: str) -> User:
        return User.objects.get(email=demo.demo_email(key))

    return get


@pytest.fixture
def client_as(db: None, demo_user: Callable[[str], User]) -> Callable[[str], Client]:
    """client_as("manager"): a test client signed in as that demo person, pages in English."""

    def make(key: str, language: str = "en") -> Client:
        client = Client()
        client.cookies["kakehashi_language"] = language
        client.force_login(demo_user(key))
        return client

    return make


@pytest.fixture(autouse=True)
def english_outside_requests() -> Iterator[None]:
    """Code run outside a request (services, tasks) speaks English in tests, whatever LANGUAGE_CODE is;
    a request still chooses its own language through the cookie, the profile or the browser."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: a figure an earlier test kept (kakehashi.core.cached_figures,
    keyed by ids that a rolled-back test may have used too) is never read as this test's."""
    from django.core.cache import cache

    cache.clear()
