"""The channels a notification travels by, behind one small interface.

A channel says whether it is on (its settings are present), where it reaches a person, and sends a batch of
deliveries, answering per delivery "sent" or "failed: reason". Email, the in-app inbox and Web Push exist
today; LINE, Facebook Messenger and SMS will be further `Channel` subclasses registered in `CHANNELS`, each
on only when its settings are present, with its address (a push subscription, a linked LINE or Messenger
account, a telephone number) kept by this app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kakehashi.notifications.models import Delivery


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    ok: bool
    reason: str = ""


class Channel:
    key: str = ""
    label: object = ""
    # Whether the channel sends from the delivery task (email, push, chat apps, SMS) or is written at once
    # (the in-app inbox is a row in the database, not a send).
    external: bool = True

    def enabled(self) -> bool:
        return True

    def audience(self, user_ids: Sequence[int]) -> set[int] | None:
        """Of these people, those the channel can reach (None: all of them). `notify()` queues nothing by
        a channel for someone it cannot reach (a person without a push subscription)."""
        return None

    def reaches(self, delivery: Delivery) -> str:
        """The address of the delivery's recipient on this channel, or "" when it cannot reach them."""
        raise NotImplementedError

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        raise NotImplementedError


class InAppChannel(Channel):
    key = "inapp"
    label = _("In the app")
    external = False

    def reaches(self, delivery: Delivery) -> str:
        return str(delivery.recipient_id or "")

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        return [Outcome(d.pk, True) for d in deliveries]


class EmailChannel(Channel):
    key = "email"
    label = _("Email")

    def reaches(self, delivery: Delivery) -> str:
        if delivery.recipient_id is not None:
            return str(delivery.recipient.email if delivery.recipient else "")
        return delivery.address or ""

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        """One email per delivery over one connection; a message the mailer refuses fails alone."""
        from django.core.mail import EmailMessage, mailers

        from kakehashi.core.validators import single_line

        outcomes: list[Outcome] = []
        messages: list[tuple[int, EmailMessage]] = []
        for delivery in deliveries:
            address = self.reaches(delivery)
            if not address:
                outcomes.append(Outcome(delivery.pk, False, "no email address"))
                continue
            message = delivery.message
            # A header cannot hold a line break: a name stored before names were checked must not stop it.
            email = EmailMessage(single_line(message.subject), message.body, to=[address])
            if message.attachment_name:
                email.attach(message.attachment_name, bytes(message.attachment), message.attachment_type)
            messages.append((delivery.pk, email))
        if not messages:
            return outcomes
        if len(messages) == 1:
            pk, email = messages[0]
            try:
                email.send()
            except Exception as error:
                return [*outcomes, Outcome(pk, False, f"{type(error).__name__}: {error}"[:300])]
            return [*outcomes, Outcome(pk, True)]
        try:
            mailers.default.send_messages([m for _pk, m in messages])
        except Exception:  # one bad message (or a dropped connection): send them one by one to know which
            for pk, email in messages:
                try:
                    email.send()
                except Exception as error:
                    outcomes.append(Outcome(pk, False, f"{type(error).__name__}: {error}"[:300]))
                else:
                    outcomes.append(Outcome(pk, True))
            return outcomes
        outcomes.extend(Outcome(pk, True) for pk, _m in messages)
        return outcomes


class WebPushChannel(Channel):
    """Web Push: to each browser the person subscribed (kakehashi.notifications.models.PushSubscription),
    through its push service, with a VAPID signature (RFC 8292) and the message encrypted for that browser
    (RFC 8291, aes128gcm); the service worker (templates/pwa/sw.js) shows it. On only when both VAPID keys
    are set (WEBPUSH_VAPID_PRIVATE_KEY, WEBPUSH_VAPID_PUBLIC_KEY). A delivery is sent when at least one of
    the person's browsers took it; a subscription the push service says is gone (404, 410) is removed."""

    key = "webpush"
    label = _("Notifications on this device")
    timeout_seconds = 10

    def enabled(self) -> bool:
        from django.conf import settings

        return bool(
            getattr(settings, "WEBPUSH_VAPID_PRIVATE_KEY", None)
            and getattr(settings, "WEBPUSH_VAPID_PUBLIC_KEY", "")
        )

    def audience(self, user_ids: Sequence[int]) -> set[int] | None:
        from kakehashi.notifications.models import PushSubscription

        found: set[int] = set()
        for start in range(0, len(user_ids), 1000):
            chunk = list(user_ids[start : start + 1000])
            found.update(PushSubscription.objects.filter(user_id__in=chunk).values_list("user_id", flat=True))
        return found

    def reaches(self, delivery: Delivery) -> str:
        return str(delivery.recipient_id or "") if delivery.recipient_id else ""

    def payload(self, delivery: Delivery) -> bytes:
        import json

        from django.utils import translation

        message = delivery.message
        with translation.override(message.language):
            title = str(_("Kakehashi"))
        body = {"title": title, "body": message.short, "url": message.url or "/", "tag": message.event}
        body["lang"] = message.language
        return json.dumps(body, ensure_ascii=False).encode()

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        import requests
        from django.conf import settings
        from py_vapid import Vapid
        from pywebpush import WebPushException, webpush

        from kakehashi.notifications.models import PushSubscription

        vapid = Vapid.from_string(private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY)
        subject = settings.WEBPUSH_VAPID_SUBJECT
        ttl = int(getattr(settings, "WEBPUSH_TTL_SECONDS", 86400))
        by_user: dict[int, list[PushSubscription]] = {}
        ids = [d.recipient_id for d in deliveries if d.recipient_id is not None]
        for subscription in PushSubscription.objects.filter(user_id__in=ids).order_by("pk"):
            by_user.setdefault(subscription.user_id, []).append(subscription)
        gone: list[int] = []
        outcomes: list[Outcome] = []
        with requests.Session() as session:
            for delivery in deliveries:
                subscriptions = by_user.get(delivery.recipient_id or 0, [])
                if not subscriptions:
                    outcomes.append(Outcome(delivery.pk, False, "no push subscription"))
                    continue
                data = self.payload(delivery)
                reasons: list[str] = []
                accepted = False
                for subscription in subscriptions:  # every browser the person subscribed
                    try:
                        webpush(
                            subscription.info(),
                            data=data,
                            vapid_private_key=vapid,
                            vapid_claims={"sub": subject},  # a new dict each time: pywebpush adds "aud" to it
                            content_encoding="aes128gcm",
                            ttl=ttl,
                            timeout=self.timeout_seconds,
                            requests_session=session,
                        )
                    except WebPushException as error:
                        status = error.response.status_code if error.response is not None else None
                        if status in (404, 410):
                            gone.append(subscription.pk)
                            reasons.append(f"subscription gone ({status})")
                        else:
                            reasons.append(f"push service answered {status}" if status else str(error)[:100])
                    except Exception as error:  # a push service that cannot be reached
                        # Only the kind of error: its text names the endpoint, which is personal data.
                        reasons.append(f"push service unreachable ({type(error).__name__})")
                    else:
                        accepted = True
                if accepted:
                    outcomes.append(Outcome(delivery.pk, True))
                else:
                    outcomes.append(Outcome(delivery.pk, False, "; ".join(reasons)[:300]))
        if gone:
            PushSubscription.objects.filter(pk__in=gone).delete()
        return outcomes


CHANNELS: dict[str, Channel] = {
    channel.key: channel for channel in (InAppChannel(), EmailChannel(), WebPushChannel())
}


def channel(key: str) -> Channel | None:
    found = CHANNELS.get(key)
    return found if found is not None and found.enabled() else None


def enabled_keys() -> list[str]:
    return [key for key, c in CHANNELS.items() if c.enabled()]


def audiences(user_ids: Sequence[int], keys: Sequence[str]) -> dict[str, set[int] | None]:
    """For each of these channels that is on, the people of `user_ids` it reaches (None: everyone)."""
    found: dict[str, set[int] | None] = {}
    for key in keys:
        on = channel(key)
        if on is not None:
            found[key] = on.audience(user_ids) if user_ids else set()
    return found
