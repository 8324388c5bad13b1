"""The Redis database tests may use and flush: db 15, or one db lower per pytest-xdist worker (gw1 uses
14), so that two workers running Redis tests at once never flush each other's keys."""

import os

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # "gw0", "gw1", ... or unset outside xdist
TEST_REDIS_URL = f"redis://127.0.0.1:6379/{15 - int(_WORKER.removeprefix('gw') or 0)}"


def redis_for_tests_is_up() -> bool:
    """Whether that Redis answers (tests that need it are skipped when it does not)."""
    import redis

    try:
        return bool(redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False
