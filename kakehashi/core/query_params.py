"""Numbers people type into a URL or a form field, parsed once and bounded.

A database id is 1..2**63-1 (a 64-bit integer); a bigger number makes SQLite raise OverflowError and
PostgreSQL a DataError, a negative or garbage value means nothing. Every such value becomes None, so a filter
with it matches nothing (or is left out) and a lookup answers 404, never a server error.
"""

from django.http import QueryDict

MAX_ID = 2**63 - 1


def parse_int(raw: object, *, minimum: int, maximum: int) -> int | None:
    """A whole number written in ASCII digits within minimum..maximum, else None.

    ASCII only: `str.isdigit()` also accepts "²" (which int() refuses) and full-width digits.
    """
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if text.startswith("-"):
        sign, text = -1, text[1:]
    else:
        sign = 1
    if not text or len(text) > 20 or not (text.isascii() and text.isdigit()):
        return None
    value = sign * int(text)
    return value if minimum <= value <= maximum else None


def parse_id(raw: object) -> int | None:
    """A database id (1..2**63-1) or None."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def id_param(data: QueryDict, name: str) -> int | None:
    """The id under `name` in request.GET or request.POST, or None."""
    return parse_id(data.get(name, ""))
