"""Every list page of the URL x role matrix, with each query-string filter it reads set to a number out of
range, a negative number and garbage: the page answers (200, 302, 400 or 404), never a server error.

The filters a page reads are found by watching the request's query dictionary during a plain request, so a
filter added later is tried without anyone remembering to list it here.
"""

from typing import Any

import pytest
from django.http import QueryDict
from django.urls import reverse

from kakehashi.core.testing.matrix import ANON, MatrixContext, Row
from tests.test_url_matrix import ROWS, request_as

BAD_VALUES = ["99999999999999999999999", "-1", "9223372036854775808", "x'1", "²", "１２"]
# Names every filter of the platform uses today: tried on every page too, in case a page reads one only
# after another filter is set.
KNOWN_FILTERS = {"organization", "model", "subject", "reader", "round", "year", "a", "b", "page", "user"}

GET_ROWS = [row for row in ROWS if row.method == "get" and 200 in row.expected.values()]


def _a_role_that_sees(row: Row) -> str:
    """A signed-in role the page answers 200, or anonymous for pages only anonymous people see (login)."""
    allowed = [role for role, status in row.expected.items() if status == 200]
    return next((role for role in allowed if role != ANON), allowed[0])


class _Recorder:
    def __init__(self) -> None:
        self.keys: set[str] = set()


@pytest.fixture
def read_keys(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    """Records every key looked up in any QueryDict (request.GET) while it is active."""
    recorder = _Recorder()
    for method in ("get", "__getitem__", "getlist", "__contains__"):
        original = getattr(QueryDict, method)

        def watched(self: QueryDict, key: str, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            recorder.keys.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, method, watched)
    return recorder


@pytest.mark.parametrize("row", GET_ROWS, ids=[row.label for row in GET_ROWS])
def test_no_filter_value_makes_a_list_page_fail(row: Row, read_keys: _Recorder, db: None) -> None:
    context = MatrixContext()
    role = _a_role_that_sees(row)
    url = reverse(row.url_name, kwargs=row.kwargs(context))
    request_as(role, row, url, context)
    filters = (read_keys.keys | KNOWN_FILTERS) - {"format"}
    failures = {}
    for value in BAD_VALUES:
        query = "&".join(f"{key}={value}" for key in sorted(filters))
        response = request_as(role, row, f"{url}?{query}", context)
        if response.status_code >= 500:
            failures[value] = response.status_code
    assert failures == {}, f"{url} as {role}: {failures}"
