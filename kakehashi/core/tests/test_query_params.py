"""Ids and numbers from a URL or a form: bounded to what a database column holds, garbage becomes None."""

import pytest

from kakehashi.core.query_params import MAX_ID, parse_id, parse_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("", None),
        ("²", None),
        ("１２", None),
        ("1e3", None),
        ("0x10", None),
        (None, None),
    ],
)
def test_parse_id_accepts_only_a_database_id(raw: object, expected: int | None) -> None:
    assert parse_id(raw) == expected


def test_parse_int_keeps_to_its_bounds() -> None:
    assert parse_int("2026", minimum=1, maximum=9999) == 2026
    assert parse_int("-3", minimum=-5, maximum=5) == -3
    assert parse_int("10000", minimum=1, maximum=9999) is None
    assert parse_int("-", minimum=-5, maximum=5) is None
