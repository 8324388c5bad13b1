"""Reads of notifications: the viewer's own messages."""

from django.db.models import QuerySet

from kakehashi.core.permissions import Viewer
from kakehashi.internships.models import Notification


def notifications_of(viewer: Viewer) -> QuerySet[Notification]:
    return Notification.objects.filter(user=viewer.user)
