from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kakehashi.conversations.selectors import unread_total
from kakehashi.core.permissions import viewer_for


def unread_conversations(request: HttpRequest) -> dict[str, Any]:
    """`unread_conversations`: the signed-in person's unread messages, for the header (counted only when a
    template shows it, and kept a minute in the cache)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_conversations": SimpleLazyObject(lambda: unread_total(viewer_for(request)))}
