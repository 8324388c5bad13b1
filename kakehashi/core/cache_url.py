"""The cache from one setting, `CACHE_URL`, like the database from `DATABASE_URL`.

The rate limits (login, the public company call, certificate verification) count in the cache. Django's
default in-memory cache is one per process, so with several web processes each would count alone: in
production point `CACHE_URL` at a cache every process shares.

- unset or `locmem://`: in-memory, one per process (development, tests);
- `redis://host:6379/0` (or `rediss://`): Redis, shared by every process (needs the `redis` package,
  installed with Kakehashi), through Django's Redis cache with its client reused (`redis_cache.py`);
- `db://` (or `db://table_name`): a table of the database, shared too; create it once with
  `manage.py createcachetable`.
"""

from typing import Any
from urllib.parse import urlsplit


def cache_config(url: str | None) -> dict[str, Any]:
    """The CACHES["default"] entry for `url`; ValueError on a scheme this module does not know."""
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "kakehashi.core.redis_cache.ReusedClientRedisCache", "LOCATION": url}
    if scheme == "db":
        table = urlsplit(url).netloc or "kakehashi_cache"
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    raise ValueError(f"CACHE_URL: unknown scheme {scheme!r} (use locmem://, redis://host:port/db or db://).")


def is_shared(config: dict[str, Any]) -> bool:
    return not config["BACKEND"].endswith("LocMemCache")


def session_engine(config: dict[str, Any]) -> str:
    """Sessions read from Redis (and written to both Redis and the database) when the cache is Redis; in
    the database alone otherwise: a per-process cache would let one process keep a session another ended,
    and a database cache would only add a second query."""
    if config["BACKEND"].endswith("RedisCache"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"
