"""No page in Mongolian or Japanese shows text in another language (issue 19), as every demo role that sees it.

The rule is in kakehashi/core/testing/language_check.py. What the pages still show that breaks it is listed,
page by page, in tests/wrong_language_known.json: the test fails on anything new, and warns about a listed
problem that is gone (take it off the list, so that the list only shrinks). After fixing pages, rewrite the list with
`KAKEHASHI_RECORD_WRONG_LANGUAGE=1 pytest tests/test_wrong_language.py` and check its diff.

Runs as a sweep (SQLite only in CI: it requests every page as every role in two languages).
"""

import json
import os
import re
import warnings
from pathlib import Path

import pytest
from django.urls import reverse

from kakehashi.core.testing.language_check import wrong_language
from kakehashi.core.testing.matrix import ANON, MatrixContext, Row
from tests.test_url_matrix import ROWS, request_as
from tests.test_url_matrix import objects as objects  # the fixture of the URL matrix

KNOWN_FILE = Path(__file__).with_name("wrong_language_known.json")
KNOWN: dict[str, list[str]] = (
    json.loads(KNOWN_FILE.read_text(encoding="utf-8")) if KNOWN_FILE.exists() else {}
)
RECORD = os.environ.get("KAKEHASHI_RECORD_WRONG_LANGUAGE") == "1"
# The audit log quotes what people wrote, in whatever language they wrote it, and shows whichever changes
# are newest: its values are data, not the page's text (its labels and actions are tested in
# kakehashi/core/tests/test_audit_display.py).
QUOTES_DATA = {"core:audit_log"}
PAGES = [
    row
    for row in ROWS
    if row.method == "get"
    and row.url_name not in QUOTES_DATA
    and any(v == 200 for k, v in row.expected.items() if k != ANON)
]


@pytest.fixture(scope="module")
def recorded():
    found: dict[str, list[str]] = {}
    yield found
    if RECORD:
        KNOWN_FILE.write_text(
            json.dumps(dict(sorted(found.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


@pytest.mark.sweep
@pytest.mark.parametrize("row", PAGES, ids=[row.label for row in PAGES])
@pytest.mark.parametrize("language", ["mn", "ja"])
def test_every_page_is_in_the_readers_language(
    language: str, row: Row, objects: MatrixContext, recorded: dict[str, list[str]]
) -> None:
    url = reverse(row.url_name, kwargs=row.kwargs(objects))
    problems: set[str] = set()
    for role, status in row.expected.items():
        if role == ANON or status != 200:
            continue
        response = request_as(role, row, url, objects, language=language)
        if not response["Content-Type"].startswith("text/html") or row.url_name.startswith("api:"):
            return
        # Digits as "#": the demo's dates move with the day the tests run.
        problems.update(
            re.sub(r"\d+", "#", found)[:160] for found in wrong_language(response.content.decode(), language)
        )
    key = f"{language} {row.label}"
    if problems:
        recorded[key] = sorted(problems)
    if RECORD:
        return
    known = set(KNOWN.get(key, []))
    assert sorted(problems - known) == [], f"{url} in {language}: new text in the wrong language"
    if known - problems:
        # Fixed since the list was written: fine; rewrite the list (see above) so that it stays short.
        warnings.warn(
            f"{key}: {len(known - problems)} listed problem(s) fixed; rewrite {KNOWN_FILE.name}", stacklevel=1
        )
