"""Every URL of the project, requested as anonymous and as every demo role, against the expected matrix.

The rows live beside each app, in `kakehashi/<app>/tests/matrix.py`. A URL pattern without a row fails
the suite: a new page must say who may see it.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kakehashi.core.registry import app_modules
from kakehashi.core.testing.matrix import ANON, ROLES, MatrixContext, Row

ROWS: list[Row] = [row for _app, module in app_modules("tests.matrix") for row in module.ROWS]


def all_url_names(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[str]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_url_pattern_has_a_row_in_the_matrix() -> None:
    missing = sorted(set(all_url_names()) - {row.url_name for row in ROWS})
    assert missing == [], f"URL patterns without a row in the matrix: {missing}"


def test_the_matrix_names_no_url_that_does_not_exist() -> None:
    assert {row.url_name for row in ROWS} <= set(all_url_names())


def test_row_labels_are_unique() -> None:
    labels = [row.label for row in ROWS]
    assert len(labels) == len(set(labels))


@pytest.fixture
def objects(db: None) -> MatrixContext:
    return MatrixContext()


class Rollback(Exception):
    pass


# A signed-in role's session cookie, kept for the process. Signing in (a session row written and cycled,
# the login signals, last_login saved) was a fifth of the matrix's time, 16 times per row. In a signed
# cookie the session outlives the test that made it (each test's writes are rolled back). What a role may
# see does not depend on where its session is stored; the session tests use the configured store. The key
# names the user's id and password hash: a user that changed is signed in again.
_SESSION_COOKIES: dict[tuple[str, int, str], str] = {}
signed_cookie_sessions = override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")


def session_cookie(role: str, context: MatrixContext) -> str:
    user = context.user(role)
    key = (role, user.pk, user.password)
    if key not in _SESSION_COOKIES:
        client = Client()
        with signed_cookie_sessions, transaction.atomic():
            client.force_login(user)
            transaction.set_rollback(True)
        _SESSION_COOKIES[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return _SESSION_COOKIES[key]


def request_as(role: str, row: Row, url: str, context: MatrixContext, language: str = "en") -> Any:
    """One request as `role`, inside a savepoint that is rolled back: a POST cannot change what the next
    role sees."""
    client = Client()
    client.cookies["kakehashi_language"] = language
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie(role, context)
    response = None
    try:
        with signed_cookie_sessions, transaction.atomic():
            response = getattr(client, row.method)(url, row.data(context))
            raise Rollback
    except Rollback:
        pass
    return response


@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
def test_url_answers_each_role_as_the_matrix_says(row: Row, objects: MatrixContext) -> None:
    url = reverse(row.url_name, kwargs=row.kwargs(objects))
    observed = {role: request_as(role, row, url, objects).status_code for role in ROLES}
    mismatches = {
        role: (row.expected[role], observed[role]) for role in ROLES if row.expected[role] != observed[role]
    }
    assert mismatches == {}, f"{url}: role -> (expected, observed): {mismatches}"
