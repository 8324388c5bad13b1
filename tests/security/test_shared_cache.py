"""Rate limits count in the cache, so production must use one cache for every process (CACHE_URL)."""

import socket

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from kakehashi.core.cache_url import cache_config
from kakehashi.core.checks import shared_cache
from kakehashi.core.testing.redis_db import TEST_REDIS_URL


def test_cache_url_chooses_the_backend():
    assert cache_config(None)["BACKEND"].endswith("LocMemCache")
    assert cache_config("redis://127.0.0.1:6379/2") == {
        "BACKEND": "kakehashi.core.redis_cache.ReusedClientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }
    assert cache_config("db://")["LOCATION"] == "kakehashi_cache"
    assert cache_config("db://rate_limits")["LOCATION"] == "rate_limits"
    with pytest.raises(ValueError, match="unknown scheme 'memcached'"):
        cache_config("memcached://127.0.0.1:11211")


def test_the_deploy_check_warns_about_a_per_process_cache():
    with override_settings(CACHES={"default": cache_config(None)}):
        assert [warning.id for warning in shared_cache(None)] == ["kakehashi.W001"]
    with override_settings(CACHES={"default": cache_config("redis://127.0.0.1:6379/0")}):
        assert shared_cache(None) == []


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379")
def test_a_rate_limit_counted_in_redis_is_seen_by_every_process():
    from kakehashi.companies import services

    config = cache_config(TEST_REDIS_URL)
    key = "companies:interest:198.51.100.9"
    other_process = RedisCache(config["LOCATION"], {})
    other_process.delete(key)
    with override_settings(CACHES={"default": config}):  # Django resets its cache handler on this change
        answers = [
            services.interest_rate_limited("198.51.100.9")
            for _ in range(services.INTEREST_LIMIT_PER_HOUR + 1)
        ]
    assert answers == [False] * services.INTEREST_LIMIT_PER_HOUR + [True]
    # Another process reading the same Redis sees the same count, so it refuses too.
    assert other_process.get(key) == services.INTEREST_LIMIT_PER_HOUR + 1
    other_process.delete(key)
