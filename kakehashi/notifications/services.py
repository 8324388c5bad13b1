"""The one door: `notify(recipients, event, context)`, the sending of what it queued, the inbox's writes
and each person's preferences.

`notify()` runs in the caller's transaction and sends nothing itself: it renders the event's texts once per
language (and time zone, for an event that shows times), writes the in-app notifications and the delivery
log (external channels "queued", held back until the end of the person's quiet hours unless the event is an
urgent safety event), and enqueues `deliver_messages` when the transaction commits. The task sends each
channel's batch, marking every delivery sent or failed with its reason; a retried task sends nothing twice
(kakehashi.core.background.not_yet_sent).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, User
from kakehashi.core import background, times
from kakehashi.core.bulk import insert_rows, insert_rows_with_ids
from kakehashi.core.permissions import Viewer
from kakehashi.notifications import channels as channel_registry
from kakehashi.notifications.events import EVENTS, KINDS, Context, Event
from kakehashi.notifications.models import (
    ChatChannel,
    ChatLink,
    Delivery,
    LinkCode,
    Message,
    Notification,
    Preference,
    PushSubscription,
    Status,
)
from kakehashi.notifications.selectors import forget_unread
from kakehashi.privacy.fields import blind_index

BATCH = 1000
# Tries of one urgent (safety) delivery before it counts as failed: a dropped connection is often transient.
URGENT_SEND_ATTEMPTS = 3


@dataclass(frozen=True)
class Address:
    """Someone without an account, reached by email in the language they wrote in."""

    email: str
    language: str = settings.LANGUAGE_CODE


@dataclass
class Fanout:
    """What `notify()` wrote: the in-app notifications (their keys) and the number of deliveries queued."""

    notification_ids: list[int] = field(default_factory=list)
    queued: int = 0
    recipients: int = 0
    message_ids: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return self.recipients


def _chunks[T](items: Sequence[T], size: int = BATCH) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _allowed_ids(roles: Iterable[str] | None, users: list[User]) -> set[int]:
    """Who may receive an event for these roles: anyone (None), or the people holding one of the roles
    (and administrators)."""
    if roles is None:
        return {u.pk for u in users}
    allowed = {u.pk for u in users if u.is_superuser}
    ids = [u.pk for u in users if not u.is_superuser]
    for chunk in _chunks(ids):
        allowed.update(
            Membership.objects.filter(user_id__in=chunk, role__in=list(roles), is_active=True)
            .values_list("user_id", flat=True)
            .distinct()
        )
    return allowed


def _preferences(ids: list[int]) -> dict[int, Preference]:
    found: dict[int, Preference] = {}
    for chunk in _chunks(ids):
        found.update((p.user_id, p) for p in Preference.objects.filter(user_id__in=chunk))
    return found


def _home_zones(users: list[User]) -> dict[int, str]:
    """kakehashi.core.times.home_zone for many people in one query a thousand."""
    countries: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks([u.pk for u in users]):
        for user_id, country in Membership.objects.filter(user_id__in=chunk, is_active=True).values_list(
            "user_id", "organization__country"
        ):
            countries[user_id].add(country)
    return {user.pk: times.zone_of(countries[user.pk], user.preferred_language) for user in users}


def zones_of(users: Sequence[User]) -> dict[int, str]:
    """Each person's time zone as `notify()` writes their times: the zone they chose in their notification
    settings, else their side of the program (kakehashi.core.times.home_zone), in a few queries for all."""
    chosen = {
        user_id: p.time_zone for user_id, p in _preferences([u.pk for u in users]).items() if p.time_zone
    }
    home = _home_zones([u for u in users if u.pk not in chosen])
    return {u.pk: chosen.get(u.pk) or home[u.pk] for u in users}


def already_told(event: str, about: str, user_ids: Iterable[int]) -> set[int]:
    """Of these people, those the event about this object was ever sent to (a scheduled reminder is sent
    once to each person, and reaches a person who joins later)."""
    told: set[int] = set()
    for chunk in _chunks(list(user_ids)):
        told.update(
            Delivery.objects.filter(event=event, about=about, recipient_id__in=chunk)
            .values_list("recipient_id", flat=True)
            .distinct()
        )
    return told


def channels_for(event: Event, preference: Preference | None) -> list[str]:
    """The channels an event reaches a person by: the event's own (those switched on), less those the
    person turned off for its kind. An urgent safety event comes by all of them, whatever was chosen."""
    defaults = [key for key in event.channels if channel_registry.channel(key) is not None]
    if event.urgent or preference is None:
        return defaults
    chosen = preference.channels.get(event.kind)
    if chosen is None:
        return defaults
    return [key for key in defaults if key in chosen]


def quiet_until(preference: Preference | None, zone: str, now: datetime) -> datetime | None:
    """The end of the person's quiet hours if `now` falls inside them (in their zone), else None."""
    if preference is None or preference.quiet_from is None or preference.quiet_until is None:
        return None
    start, end = preference.quiet_from, preference.quiet_until
    if start == end:
        return None
    local = now.astimezone(ZoneInfo(zone))
    moment = local.time().replace(tzinfo=None)
    inside = start <= moment < end if start < end else (moment >= start or moment < end)
    if not inside:
        return None
    until = datetime.combine(local.date(), end, tzinfo=ZoneInfo(zone))
    if until <= local:
        until += timedelta(days=1)
    return until


def render(event: Event, values: dict[str, Any], language: str, zone: str, url: str) -> Message:
    """The event's texts for one language and time zone (not saved)."""
    link = settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url
    with translation.override(language):
        c = Context(values, zone)
        message = Message(
            event=event.key,
            language=language,
            zone=zone,
            subject=str(event.render_subject(c))[:300],
            body=str(event.render_body(c, link)),
            short=str(event.short(c)),
            chat=str(event.render_chat(c, link)),
            url=url,
        )
        if event.attachment is not None:
            name, content, kind = event.attachment(c)
            message.attachment_name, message.attachment, message.attachment_type = name, content, kind
    return message


@dataclass(frozen=True)
class Announcement:
    """One event for its recipients, as `notify()` takes it: many of them go through `notify_many()`."""

    recipients: Sequence[User | Address]
    event: str
    context: dict[str, Any] | None = None
    url: str = ""
    about: str = ""
    # The channels to use whatever the person chose (the safety ladder's SMS step); None: their choice.
    only: Sequence[str] | None = None


def notify(
    recipients: Iterable[User | Address],
    event: str,
    context: dict[str, Any] | None = None,
    *,
    url: str = "",
    about: str = "",
    now: datetime | None = None,
    send_now: bool = False,
    only: Sequence[str] | None = None,
) -> Fanout:
    """Tell `recipients` about `event`: the only way anything tells a person something.

    Each person reads it in their language, by the channels they chose for its kind, outside their quiet
    hours (an urgent safety event ignores both); people the event is not for are left out. `url` is the
    page the notification links to, `about` names what it is about ("round:12") for the pages that list
    an object's notifications. Called from a task with `send_now=True`, the queued deliveries are sent at
    once instead of by another task. `only` names the channels to use whatever the person chose (the
    safety ladder's SMS step); a channel that cannot reach a person (no linked account, no telephone
    number, no push subscription) is left out for them."""
    announcement = Announcement(list(recipients), event, context, url, about, tuple(only) if only else None)
    return notify_many([announcement], now=now, send_now=send_now)[0]


def notify_many(
    announcements: Sequence[Announcement], *, now: datetime | None = None, send_now: bool = False
) -> list[Fanout]:
    """`notify()` for many events at once (a thousand alerts of a safety pass): the same rules for each
    (who may receive it, preferences, quiet hours, languages, the delivery log), with the people, their
    preferences and their zones looked up once for all, the rows written in bulk, and one sending task
    for all the messages. Returns each announcement's fanout, in order."""
    now = now or timezone.now()
    specs = [EVENTS[a.event] for a in announcements]
    # Who each announcement names (active people once each, addresses once each), then who may receive it.
    people_of: list[dict[int, User]] = []
    addresses_of: list[dict[str, Address]] = []
    everyone: dict[int, User] = {}
    for announcement, spec in zip(announcements, specs, strict=True):
        people: dict[int, User] = {}
        addresses: dict[str, Address] = {}
        for recipient in announcement.recipients:
            if isinstance(recipient, Address):
                if spec.external and recipient.email:
                    addresses.setdefault(recipient.email.lower(), recipient)
            elif recipient.is_active:
                people.setdefault(recipient.pk, recipient)
                everyone.setdefault(recipient.pk, recipient)
        people_of.append(people)
        addresses_of.append(addresses)
    users_of_roles: dict[tuple[str, ...] | None, dict[int, User]] = defaultdict(dict)
    for spec, people in zip(specs, people_of, strict=True):
        users_of_roles[None if spec.roles is None else tuple(sorted(spec.roles))].update(people)
    allowed_of_roles = {
        roles: _allowed_ids(roles, list(users.values())) for roles, users in users_of_roles.items()
    }
    preferences = _preferences(list(everyone))
    needs_zone = any(spec.timed for spec in specs) or any(
        p.quiet_from is not None and not p.time_zone for p in preferences.values()
    )
    home = _home_zones(list(everyone.values())) if needs_zone else {}
    # The channels that reach only some people (chat apps, SMS, Web Push): one lookup each for everyone.
    wanted = {key for a, spec in zip(announcements, specs, strict=True) for key in (a.only or spec.channels)}
    reach: dict[str, set[int]] = {}
    for key in wanted:
        found = channel_registry.channel(key)
        if found is not None and (reachable := found.reachable(list(everyone))) is not None:
            reach[key] = reachable

    messages_of: list[dict[tuple[str, str], Message]] = []
    plans: list[list[tuple[User | Address, Message, list[str], datetime]]] = []
    for announcement, spec, people, addresses in zip(
        announcements, specs, people_of, addresses_of, strict=True
    ):
        allowed = allowed_of_roles[None if spec.roles is None else tuple(sorted(spec.roles))]
        messages: dict[tuple[str, str], Message] = {}
        values = announcement.context or {}

        def message_for(
            language: str,
            zone: str,
            spec: Event = spec,
            values: dict[str, Any] = values,
            url: str = announcement.url,
            messages: dict[tuple[str, str], Message] = messages,
        ) -> Message:
            key = (language, zone if spec.timed else "")
            if key not in messages:
                messages[key] = render(spec, values, language, key[1] or times.TOKYO, url)
            return messages[key]

        plan: list[tuple[User | Address, Message, list[str], datetime]] = []
        for user in people.values():
            if user.pk not in allowed:
                continue
            preference = preferences.get(user.pk)
            zone = (preference.time_zone if preference and preference.time_zone else "") or home.get(
                user.pk, times.TOKYO
            )
            if announcement.only is not None:
                chosen = [key for key in announcement.only if channel_registry.channel(key) is not None]
            else:
                chosen = channels_for(spec, preference)
            chosen = [key for key in chosen if key not in reach or user.pk in reach[key]]
            if not chosen:
                continue
            held = None if spec.urgent else quiet_until(preference, zone, now)
            plan.append((user, message_for(user.preferred_language, zone), chosen, held or now))
        for address in addresses.values():
            if (
                announcement.only is None
                and "email" in spec.channels
                and channel_registry.channel("email") is not None
            ):
                plan.append((address, message_for(address.language, times.TOKYO), ["email"], now))
        messages_of.append(messages)
        plans.append(plan)

    Message.objects.bulk_create([m for messages in messages_of for m in messages.values()], batch_size=BATCH)
    # The inbox and the delivery log: a hundred thousand rows when a round's result is published, so they
    # are written from plain values (kakehashi.core.bulk), not an instance a row; the inbox's keys come back
    # for the delivery rows that point to them.
    notices_of: list[list[tuple[int, str]]] = [  # an announcement's (reader, text) in the inbox
        [
            (who.pk, message.short)
            for who, message, chosen, _when in plan
            if isinstance(who, User) and "inapp" in chosen
        ]
        for plan in plans
    ]
    ids = insert_rows_with_ids(
        Notification,
        (
            {"user_id": reader, "event": spec.key, "text": text, "url": a.url, "about": a.about}
            for a, spec, notices in zip(announcements, specs, notices_of, strict=True)
            for reader, text in notices
        ),
    )
    inbox_of: list[dict[int, int]] = []  # an announcement's notices: {reader: notice}
    taken = 0
    for notices in notices_of:
        inbox_of.append({reader: ids[taken + i] for i, (reader, _text) in enumerate(notices)})
        taken += len(notices)
    # Forgotten now and again at the commit: a page read in between must not keep the old count.
    readers = sorted({reader for notices in notices_of for reader, _text in notices})
    transaction.on_commit(lambda: forget_unread(readers))
    forget_unread(readers)
    deliveries_of: list[list[dict[str, Any]]] = []
    for a, spec, plan, notification_of in zip(announcements, specs, plans, inbox_of, strict=True):
        deliveries = []
        for who, message, chosen, when in plan:
            for key in chosen:
                delivery: dict[str, Any] = {
                    "message_id": message.pk,
                    "event": spec.key,
                    "urgency": spec.urgency,
                    "channel": key,
                    "about": a.about,
                    "not_before": when,
                    "status": Status.QUEUED.value,
                }
                if isinstance(who, Address):
                    delivery["address"] = who.email
                else:
                    delivery["recipient_id"] = who.pk
                if key == "inapp":
                    delivery["status"], delivery["sent_at"] = Status.SENT.value, now
                    delivery["notification_id"] = (
                        notification_of.get(who.pk) if isinstance(who, User) else None
                    )
                deliveries.append(delivery)
        deliveries_of.append(deliveries)
    every_delivery = [d for deliveries in deliveries_of for d in deliveries]
    insert_rows(Delivery, every_delivery)
    message_ids = [m.pk for messages in messages_of for m in messages.values()]
    due = any(d["status"] == Status.QUEUED and d["not_before"] <= now for d in every_delivery)
    if due and send_now:
        deliver(message_ids=message_ids, now=now)
    elif due:
        from kakehashi.notifications.tasks import deliver_messages

        # One task for every message of the batch: a thousand alerts are one task, not a thousand.
        transaction.on_commit(lambda: deliver_messages.enqueue(message_ids))
    return [
        Fanout(
            notification_ids=list(notifications.values()),
            queued=sum(1 for d in deliveries if d["status"] == Status.QUEUED),
            recipients=len(plan),
            message_ids=[m.pk for m in messages.values()],
        )
        for notifications, deliveries, plan, messages in zip(
            inbox_of, deliveries_of, plans, messages_of, strict=True
        )
    ]


def already_notified(event: str, about: str) -> bool:
    """Whether the event about this object was ever sent (a scheduled reminder is sent once)."""
    return Delivery.objects.filter(event=event, about=about).exists()


# --- sending (from tasks only) -----------------------------------------------------------------------


def deliver(*, message_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Send the queued deliveries that are due (of these messages, or all); returns how many were sent."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=Status.QUEUED, not_before__lte=now)
    if message_ids is not None:
        due = due.filter(message_id__in=message_ids)
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    sent = 0
    for chunk in _chunks(ids, 500):
        sent += _deliver_batch(list(chunk), now)
    return sent


def _deliver_batch(ids: list[int], now: datetime) -> int:
    deliveries = list(
        Delivery.objects.filter(pk__in=ids, status=Status.QUEUED).select_related("message", "recipient")
    )
    keys = {d.pk: f"delivery:{d.pk}" for d in deliveries}
    fresh = background.not_yet_sent(list(keys.values()))
    todo = [d for d in deliveries if keys[d.pk] in fresh]
    # Sent by a lost attempt of this task, which died before writing it down: sent, not sent again.
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries if keys[d.pk] not in fresh]).update(
        status=Status.SENT, sent_at=now
    )
    groups: dict[tuple[str, str], list[Delivery]] = defaultdict(list)
    for delivery in todo:
        groups[(delivery.channel, delivery.event)].append(delivery)
    ok: list[Delivery] = []
    failed: list[Delivery] = []
    try:
        for (key, event_key), batch in groups.items():
            found = channel_registry.channel(key)
            if found is None:
                for delivery in batch:
                    delivery.reason = _("This channel is switched off.")
                failed.extend(batch)
                continue
            spec = EVENTS.get(event_key)
            if spec is not None and spec.urgent:
                outcomes = [_send_urgent(found, delivery) for delivery in batch]
            else:
                outcomes = found.send(batch)
            by_pk = {d.pk: d for d in batch}
            for outcome in outcomes:
                delivery = by_pk[outcome.delivery_id]
                if outcome.ok:
                    ok.append(delivery)
                else:
                    delivery.reason = outcome.reason[:300]
                    failed.append(delivery)
    except BaseException:
        background.forget_sent({keys[d.pk] for d in todo})
        raise
    for delivery in ok:
        delivery.status, delivery.sent_at = Status.SENT, now
        delivery.attempts += 1
    for delivery in failed:
        delivery.status = Status.FAILED
        delivery.attempts += 1
    # One UPDATE for what was sent (the common case); the failures, each with its reason, in a batch.
    Delivery.objects.filter(pk__in=[d.pk for d in ok]).update(
        status=Status.SENT, sent_at=now, attempts=F("attempts") + 1
    )
    Delivery.objects.bulk_update(failed, ["status", "reason", "attempts"], batch_size=BATCH)
    _forget_secrets(todo)
    _run_hooks(ok, "on_sent")
    _run_hooks(failed, "on_failed")
    return len(ok)


def _send_urgent(found: channel_registry.Channel, delivery: Delivery) -> channel_registry.Outcome:
    outcome = channel_registry.Outcome(delivery.pk, False)
    for _attempt in range(URGENT_SEND_ATTEMPTS):
        outcome = found.send([delivery])[0]
        if outcome.ok:
            break
    return outcome


def _forget_secrets(deliveries: list[Delivery]) -> None:
    secret = {d.message_id for d in deliveries if (spec := EVENTS.get(d.event)) is not None and spec.secret}
    if secret:
        Message.objects.filter(pk__in=secret).update(subject="", body="", short="", chat="")


def _run_hooks(deliveries: list[Delivery], hook: str) -> None:
    by_event: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        by_event[delivery.event].append(delivery)
    for event_key, batch in by_event.items():
        spec = EVENTS.get(event_key)
        path = getattr(spec, hook, "") if spec is not None else ""
        if path:
            import_string(path)(batch)


# --- the inbox ---------------------------------------------------------------------------------------


@transaction.atomic
def inbox_mark_read(*, viewer: Viewer, notification: Notification | None = None) -> int:
    """Mark one of the viewer's notifications read, or all of them; the delivery log says "read"."""
    unread = Notification.objects.filter(user=viewer.user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    ids = list(unread.values_list("pk", flat=True))
    now = timezone.now()
    Notification.objects.filter(pk__in=ids).update(read_at=now)
    Delivery.objects.filter(notification_id__in=ids, channel="inapp").update(status=Status.READ)
    forget_unread([viewer.user.pk])
    transaction.on_commit(lambda: forget_unread([viewer.user.pk]))
    return len(ids)


# --- preferences ---------------------------------------------------------------------------------------


@transaction.atomic
def preference_save(
    *,
    viewer: Viewer,
    channels: dict[str, list[str]],
    quiet_from: Any = None,
    quiet_until: Any = None,
    time_zone: str = "",
) -> Preference:
    """The viewer's own channels per kind of event and quiet hours; safety always comes by every channel."""
    if (quiet_from is None) != (quiet_until is None):
        raise ValidationError(_("Give both ends of your quiet hours, or neither."))
    if time_zone and time_zone not in (times.TOKYO, times.ULAANBAATAR):
        raise ValidationError({"time_zone": _("Choose Tokyo or Ulaanbaatar.")})
    known = set(channel_registry.choosable_keys())
    cleaned = {
        kind: sorted(set(chosen) & known)
        for kind, chosen in channels.items()
        if kind in KINDS and kind != "safety"
    }
    preference, _created = Preference.objects.get_or_create(user=viewer.user)
    preference.channels = cleaned
    preference.quiet_from, preference.quiet_until, preference.time_zone = quiet_from, quiet_until, time_zone
    preference.save()
    return preference


# --- chat accounts (LINE, Messenger) -------------------------------------------------------------------

LINK_CODE_LIFETIME = timedelta(minutes=30)
LINK_CODE_LENGTH = 8
# No 0/O, 1/I/L: a code read on one screen and typed on another.
LINK_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"link-code:{code}".encode(), hashlib.sha256).hexdigest()


def _as_code(text: str) -> str:
    """A message read as a link code: upper case, without spaces and dashes, full-width letters folded."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if ch not in " -\u3000\n\t")


def chat_channel_on(channel: str) -> bool:
    return channel in ChatChannel.values and channel_registry.channel(channel) is not None


@transaction.atomic
def link_code_issue(*, viewer: Viewer, channel: str, now: datetime | None = None) -> str:
    """A new one-time code the viewer sends to the bot to link their account (an earlier one stops
    working). Only its hash is kept; it works for 30 minutes."""
    if not chat_channel_on(channel):
        raise ValidationError(_("This channel is switched off."))
    now = now or timezone.now()
    LinkCode.objects.filter(user=viewer.user, channel=channel).delete()
    LinkCode.objects.filter(expires_at__lt=now).delete()
    code = "".join(secrets.choice(LINK_CODE_ALPHABET) for _i in range(LINK_CODE_LENGTH))
    LinkCode.objects.create(
        user=viewer.user, channel=channel, code_hash=_code_hash(code), expires_at=now + LINK_CODE_LIFETIME
    )
    return code


@transaction.atomic
def chat_unlink(*, viewer: Viewer, channel: str) -> int:
    deleted, _by_model = ChatLink.objects.filter(user=viewer.user, channel=channel).delete()
    return deleted


def chat_links_of(user: User) -> dict[str, ChatLink]:
    return {link.channel: link for link in ChatLink.objects.filter(user=user)}


def _link_of(channel: str, external_id: str) -> ChatLink | None:
    from kakehashi.privacy.fields import blind_index

    return (
        ChatLink.objects.filter(channel=channel, external_id_index=blind_index(external_id, normalise=False))
        .select_related("user")
        .first()
    )


@transaction.atomic
def chat_incoming(*, channel: str, external_id: str, text: str, now: datetime | None = None) -> str:
    """A text message someone sent to the bot (a verified webhook). A valid link code links the sender's
    account to the person who asked for the code; from a linked account, each app's `replies.handle` may
    act on it (a recognised "OK" checks the intern in). The answer is sent through the door, by a task.
    Returns what happened: "linked", what a reply handler answered, "not_linked" or "unknown"."""
    from kakehashi.core.registry import app_modules

    now = now or timezone.now()
    code = _as_code(text)
    if len(code) == LINK_CODE_LENGTH:
        found = (
            LinkCode.objects.select_for_update()
            .filter(channel=channel, code_hash=_code_hash(code), expires_at__gte=now)
            .select_related("user")
            .first()
        )
        if found is not None:
            user = found.user
            found.delete()
            previous = _link_of(channel, external_id)
            if previous is not None:  # this chat account was someone else's (a shared phone): now theirs
                previous.delete()
            ChatLink.objects.filter(user=user, channel=channel).delete()
            ChatLink.objects.create(user=user, channel=channel, external_id=external_id)
            notify(
                [user], "notifications.chat_linked", {"channel": channel}, now=now, only=(channel, "inapp")
            )
            return "linked"
    link = _link_of(channel, external_id)
    if link is None or not link.user.is_active:
        return "not_linked"
    for _app, module in app_modules("replies"):
        answer = module.handle(user=link.user, text=text, channel=channel, now=now)
        if answer:
            return str(answer)
    notify([link.user], "notifications.chat_not_understood", now=now, only=(channel,))
    return "unknown"


# --- Web Push subscriptions ------------------------------------------------------------------------


def _push_key(value: object, longest: int) -> str:
    text = value if isinstance(value, str) else ""
    if not text or len(text) > longest or not all(c.isalnum() or c in "-_=" for c in text):
        raise ValidationError(_("This browser's push subscription could not be read."))
    return text


@transaction.atomic
def push_subscribe(*, viewer: Viewer, endpoint: str, p256dh: object, auth: object) -> PushSubscription:
    """Keep this browser's push subscription for the viewer (Web Push must be on). A browser subscribed
    before by someone else (a shared phone) is theirs no longer: the latest person to subscribe it has it."""
    from urllib.parse import urlsplit

    if channel_registry.channel("webpush") is None:
        raise ValidationError(_("Notifications on this device are not available."))
    parts = urlsplit(endpoint if isinstance(endpoint, str) else "")
    if parts.scheme != "https" or not parts.hostname or len(endpoint) > 2000:
        raise ValidationError(_("This browser's push subscription could not be read."))
    public_key, secret = _push_key(p256dh, 200), _push_key(auth, 100)
    index = blind_index(endpoint, normalise=False)
    subscription = PushSubscription.objects.filter(endpoint_index=index).first() or PushSubscription()
    subscription.user = viewer.user
    subscription.endpoint, subscription.p256dh, subscription.auth = endpoint, public_key, secret
    subscription.save()
    return subscription


@transaction.atomic
def push_unsubscribe(*, viewer: Viewer, endpoint: str) -> int:
    """Forget the viewer's subscription of this browser (another person's is left alone)."""
    index = blind_index(endpoint if isinstance(endpoint, str) else "", normalise=False)
    deleted, _by_model = PushSubscription.objects.filter(user=viewer.user, endpoint_index=index).delete()
    return deleted
