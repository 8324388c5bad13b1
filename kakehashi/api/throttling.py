"""A request limit per person on the API, so that one runaway script cannot starve everyone else.

Counted per person (token or session alike) in a fixed one-minute window in the shared cache
(`kakehashi.core.rate_limits.over_limit`); over the limit, the API answers 429 with Retry-After.
Callers without credentials are refused (401) before this is counted.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from kakehashi.core.rate_limits import over_limit

WINDOW_SECONDS = 60


class PerPersonThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        # Read at each request, so a deployment (or a test) changes it without a restart of the module.
        limit = settings.KAKEHASHI_API_REQUESTS_PER_MINUTE
        user = getattr(request, "user", None)
        if not limit or user is None or not user.is_authenticated:
            return True
        return not over_limit(f"api-requests:{user.pk}", limit=limit, window_seconds=WINDOW_SECONDS)

    def wait(self) -> float:
        # The window is fixed; waiting one whole window is always enough. (No per-request state is kept
        # on this object: one instance serves every thread.)
        return WINDOW_SECONDS
