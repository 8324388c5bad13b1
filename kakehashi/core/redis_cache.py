"""Django's Redis cache with one client object per connection pool instead of one per operation.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` around the shared pool for every cache
call; its constructor fills a table of about 170 response callbacks each time, about a third of a
millisecond of CPU on every signed-in page (the session and the header's badges are read from the cache).
A `redis.Redis` is safe to share between threads (each command takes its own connection from the pool),
and the pool already survives a fork (it checks its process id), so the client is built once per pool.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # private in the stubs
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
