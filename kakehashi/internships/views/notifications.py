"""Notification views: a person's notifications, and marking them all as read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import viewer_for
from kakehashi.internships import selectors


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    if request.method == "POST":
        selectors.notifications_of(viewer).filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("internships:notification_list")
    page = paginate(request, selectors.notifications_of(viewer))
    return render(request, "internships/notification_list.html", {"page": page})
