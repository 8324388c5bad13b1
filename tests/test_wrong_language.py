"""No page in Mongolian or Japanese shows text in another language (issue 19), as every demo role that sees it.

The rule is in kakehashi/core/testing/language_check.py. Runs as a sweep (SQLite only in CI: it requests
every page as every role in two languages).
"""

import pytest
from django.urls import reverse

from kakehashi.core.testing.language_check import wrong_language
from kakehashi.core.testing.matrix import ANON, MatrixContext, Row
from tests.test_url_matrix import ROWS, request_as
from tests.test_url_matrix import objects as objects  # the fixture of the URL matrix

PAGES = [row for row in ROWS if row.method == "get" and any(v == 200 for k, v in row.expected.items() if k != ANON)]


@pytest.mark.sweep
@pytest.mark.parametrize("row", PAGES, ids=[row.label for row in PAGES])
@pytest.mark.parametrize("language", ["mn", "ja"])
def test_every_page_is_in_the_readers_language(language: str, row: Row, objects: MatrixContext) -> None:
    url = reverse(row.url_name, kwargs=row.kwargs(objects))
    problems: dict[str, list[str]] = {}
    for role, status in row.expected.items():
        if role == ANON or status != 200:
            continue
        response = request_as(role, row, url, objects, language=language)
        if not response["Content-Type"].startswith("text/html") or row.url_name.startswith("api:"):
            return
        found = wrong_language(response.content.decode(), language)
        if found:
            problems[role] = sorted(set(found))
    assert problems == {}, f"{url} in {language}: " + "; ".join(
        f"{role}: {' | '.join(found[:6])}" for role, found in problems.items()
    )
