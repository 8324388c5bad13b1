from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kakehashi.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`: the number of unread notifications of the signed-in person, for the header
    (counted only when a template shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user.pk))}
