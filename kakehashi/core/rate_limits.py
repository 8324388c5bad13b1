"""Counting requests per key in a time window, for the public pages' rate limits.

The count lives in Django's cache: with several web processes it must be a shared cache (`CACHE_URL`,
see kakehashi/core/cache_url.py), or each process counts on its own.
"""

from django.core.cache import cache


def over_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one request under `key`; True once more than `limit` came within the window."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: this request starts a new window
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
