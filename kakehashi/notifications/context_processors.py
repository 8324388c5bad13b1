from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kakehashi.core import header_counts
from kakehashi.notifications.selectors import count_unread, unread_key


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`: the number of unread notifications of the signed-in person, for the header
    (counted only when a template shows it; read from the cache with the header's other figures in one
    round trip, kakehashi/core/header_counts.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    seconds = getattr(settings, "NOTIFICATIONS_UNREAD_SECONDS", 60)
    return {
        "unread_notifications": header_counts.lazy(
            request, unread_key(user.pk), lambda: count_unread(user.pk), seconds
        )
    }
