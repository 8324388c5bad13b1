"""The header's cached figures (the unread badges), read from the cache in one round trip a page.

Each app's context processor names its figure for the request (`want`) and hands the template a lazy value
(`lazy`). The first badge the template reads fetches every figure named for the request with one
`cache.get_many`; a figure the cache has lost is computed by its own function and kept for `seconds`, as
`cache.get_or_set` would (but in two round trips, not three). A page that shows no badge reads nothing.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

_WANTED = "_kakehashi_header_keys"
_FOUND = "_kakehashi_header_found"


def want(request: HttpRequest, key: str) -> None:
    """Name a figure this request's header may show, so that the first read fetches it with the others."""
    wanted: list[str] | None = getattr(request, _WANTED, None)
    if wanted is None:
        wanted = []
        setattr(request, _WANTED, wanted)
    if key not in wanted:
        wanted.append(key)


def read(request: HttpRequest, key: str, compute: Callable[[], int], seconds: int) -> int:
    found: dict[str, Any] | None = getattr(request, _FOUND, None)
    if found is None:
        found = cache.get_many(getattr(request, _WANTED, None) or [key])
        setattr(request, _FOUND, found)
    if key not in found:
        value = compute()
        cache.add(key, value, seconds)
        found[key] = value
    return int(found[key] or 0)


def lazy(request: HttpRequest, key: str, compute: Callable[[], int], seconds: int) -> SimpleLazyObject:
    """The figure under `key` for the template, read when (and only if) the template shows it."""
    want(request, key)
    return SimpleLazyObject(lambda: read(request, key, compute, seconds))
