"""The Redis cache builds its client once per connection pool, and still reads and writes through it."""

import os

import pytest

from kakehashi.core.cache_url import cache_config
from kakehashi.core.redis_cache import ReusedClientRedisCache
from kakehashi.core.testing.redis_db import TEST_REDIS_URL, redis_for_tests_is_up


def test_one_client_serves_every_call_of_a_pool():
    cache = ReusedClientRedisCache(TEST_REDIS_URL, {})
    reader, writer = cache._cache.get_client(), cache._cache.get_client(write=True)
    # One server: reads and writes share pool 0, hence one client; built once, not per call.
    assert reader is writer
    assert cache._cache.get_client() is reader
    assert reader.connection_pool is cache._cache._get_connection_pool(False)


def test_the_cache_url_chooses_the_reusing_backend():
    assert (
        cache_config("redis://127.0.0.1:6379/3")["BACKEND"]
        == "kakehashi.core.redis_cache.ReusedClientRedisCache"
    )


@pytest.mark.skipif(not redis_for_tests_is_up(), reason="no Redis server for tests")
def test_values_round_trip_through_the_reused_client():
    cache = ReusedClientRedisCache(TEST_REDIS_URL, {})
    key = f"redis-cache-test:{os.getpid()}"
    cache.set(key, {"badges": [1, 2]}, 30)
    assert cache.get(key) == {"badges": [1, 2]}
    assert cache.get_many([key, key + ":absent"]) == {key: {"badges": [1, 2]}}
    assert cache.add(key + ":n", 0, 30)
    assert cache.incr(key + ":n") == 1
    cache.delete_many([key, key + ":n"])
    assert cache.get(key) is None
