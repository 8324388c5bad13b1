"""The inbox (a person's own notifications, marked read one by one or all at once), their preferences
(with this browser's Web Push subscription), and the delivery log of safety events for the program office."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import viewer_for
from kakehashi.notifications import channels, selectors, services
from kakehashi.notifications.forms import PreferenceForm
from kakehashi.notifications.models import ChatChannel, Preference, Status


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    notifications = selectors.inbox_of(viewer)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = paginate(request, notifications)
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link; opening it marks it read."""
    viewer = viewer_for(request)
    notification = selectors.notification_of(viewer, notification_id)
    services.inbox_mark_read(viewer=viewer, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    notification = selectors.notification_of(viewer, notification_id)
    services.inbox_mark_read(viewer=viewer, notification=notification)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.inbox_mark_read(viewer=viewer_for(request))
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    preference = Preference.objects.filter(user=viewer.user).first()
    form = PreferenceForm(request.POST or None, preference=preference)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_save(
                viewer=viewer,
                channels=form.channels_by_kind(),
                quiet_from=form.cleaned_data["quiet_from"],
                quiet_until=form.cleaned_data["quiet_until"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("notifications:preferences")
    return _preferences_page(request, form)


def _preferences_page(
    request: HttpRequest, form: PreferenceForm, *, code: str = "", code_channel: str = ""
) -> HttpResponse:
    viewer = viewer_for(request)
    links = services.chat_links_of(viewer.user)
    chats = [
        {
            "key": key,
            "label": label,
            "linked": key in links,
            "code": code if key == code_channel else "",
            "bot_url": getattr(
                settings, "LINE_ADD_FRIEND_URL" if key == "line" else "MESSENGER_PAGE_URL", ""
            ),
        }
        for key, label in ChatChannel.choices
        if services.chat_channel_on(key)
    ]
    push_on = channels.channel("webpush") is not None
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "chats": chats,
            "phone": bool(viewer.user.phone),
            "push_key": settings.WEBPUSH_VAPID_PUBLIC_KEY if push_on else "",
        },
    )


@login_required
@require_POST
def chat_link(request: HttpRequest, channel: str) -> HttpResponse:
    """A one-time code to send to the bot (shown once, on this page), or unlinking the account."""
    if not services.chat_channel_on(channel):
        raise Http404
    viewer = viewer_for(request)
    preference = Preference.objects.filter(user=viewer.user).first()
    if request.POST.get("action") == "unlink":
        services.chat_unlink(viewer=viewer, channel=channel)
        return redirect("notifications:preferences")
    code = services.link_code_issue(viewer=viewer, channel=channel)
    return _preferences_page(request, PreferenceForm(preference=preference), code=code, code_channel=channel)


def _json_body(request: HttpRequest) -> dict[str, object]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> HttpResponse:
    """This browser's push subscription (PushSubscription.toJSON(), sent by static/js/push.js)."""
    body = _json_body(request)
    found = body.get("keys")
    keys: dict[str, object] = found if isinstance(found, dict) else {}
    try:
        services.push_subscribe(
            viewer=viewer_for(request),
            endpoint=str(body.get("endpoint") or ""),
            p256dh=keys.get("p256dh"),
            auth=keys.get("auth"),
        )
    except ValidationError as error:
        return JsonResponse({"ok": False, "errors": error.messages}, status=400)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> HttpResponse:
    body = _json_body(request)
    removed = services.push_unsubscribe(viewer=viewer_for(request), endpoint=str(body.get("endpoint") or ""))
    return JsonResponse({"ok": True, "removed": removed})


@login_required
def safety_deliveries(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    deliveries = selectors.safety_deliveries(viewer)
    status = request.GET.get("status", "")
    if status in Status.values:
        deliveries = deliveries.filter(status=status)
    page = paginate(request, deliveries)
    return render(
        request,
        "notifications/safety_deliveries.html",
        {"page": page, "status": status, "statuses": Status.choices},
    )
