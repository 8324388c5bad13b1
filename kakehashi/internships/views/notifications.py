"""The old address of a person's notifications: they live in the one inbox now (kakehashi.notifications);
links in emails sent before still arrive there."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    return redirect("notifications:inbox")
