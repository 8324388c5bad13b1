from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kakehashi.conversations import rules
from kakehashi.conversations.selectors import count_unread, unread_key
from kakehashi.core import header_counts
from kakehashi.core.permissions import viewer_for


def unread_conversations(request: HttpRequest) -> dict[str, Any]:
    """`unread_conversations`: the signed-in person's unread messages, for the header (counted only when a
    template shows it, kept a minute in the cache, and read from it with the header's other figures in one
    round trip, kakehashi/core/header_counts.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    viewer = viewer_for(request)
    if not rules.can_use(viewer):
        return {"unread_conversations": 0}
    seconds = getattr(settings, "CONVERSATIONS_UNREAD_SECONDS", 60)
    return {
        "unread_conversations": header_counts.lazy(
            request, unread_key(user.pk), lambda: count_unread(viewer), seconds
        )
    }
