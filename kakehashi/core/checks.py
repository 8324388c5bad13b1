"""System checks of Kakehashi's own settings, run by `manage.py check` (`--deploy` for production)."""

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register

from kakehashi.core.cache_url import is_shared


@register(deploy=True)
def shared_cache(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Rate limits count in the cache; a per-process cache lets each web process count on its own."""
    if is_shared(settings.CACHES["default"]):
        return []
    return [
        Warning(
            "The cache is in memory, one per process, so rate limits are counted per process.",
            hint="Set CACHE_URL to redis://host:6379/0 (or db:// after `manage.py createcachetable`).",
            id="kakehashi.W001",
        )
    ]
