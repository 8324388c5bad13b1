"""Reads of notifications, scoped by the viewer: their own inbox, and the delivery log of safety events
of their program."""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kakehashi.accounts.models import Membership
from kakehashi.core.permissions import Viewer, require
from kakehashi.notifications import rules
from kakehashi.notifications.models import Delivery, Notification, Urgency


def inbox_of(viewer: Viewer) -> QuerySet[Notification]:
    return Notification.objects.filter(user=viewer.user)


def notification_of(viewer: Viewer, notification_id: int) -> Notification:
    """One of the viewer's own notifications; anyone else's answers 404."""
    return get_object_or_404(inbox_of(viewer), pk=notification_id)


# The header shows the count on every page: it is kept in the cache (shared by the processes in
# production) and forgotten whenever it changes (a notification written, one read); a minute at most
# if a change ever went unseen (NOTIFICATIONS_UNREAD_SECONDS).


def unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def count_unread(user_id: int) -> int:
    """The person's unread notifications, counted in the database (uncached)."""
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()


def unread_count(viewer_user_id: int) -> int:
    count = cache.get_or_set(
        unread_key(viewer_user_id),
        lambda: count_unread(viewer_user_id),
        getattr(settings, "NOTIFICATIONS_UNREAD_SECONDS", 60),
    )
    return int(count or 0)


def forget_unread(user_ids: Iterable[int]) -> None:
    cache.delete_many([unread_key(pk) for pk in user_ids])


def safety_deliveries(viewer: Viewer) -> QuerySet[Delivery]:
    """The delivery log of urgent safety events sent to people of the viewer's program (all, for the
    platform administrator)."""
    require(rules.can_view_safety_deliveries(viewer))
    deliveries = Delivery.objects.filter(urgency=Urgency.URGENT_SAFETY).select_related("recipient")
    if viewer.is_platform_admin:
        return deliveries
    if viewer.program is None:
        return deliveries.none()
    members = Membership.objects.filter(program=viewer.program).values("user_id")
    return deliveries.filter(recipient_id__in=members)
