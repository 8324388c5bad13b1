"""The channels a notification travels by, behind one small interface.

A channel says whether it is on (its settings are present), where it reaches a person, and sends a batch of
deliveries, answering per delivery "sent" or "failed: reason". The in-app inbox, email, LINE (Messaging
API push), Facebook Messenger (Send API), Web Push (to the browsers a person subscribed) and SMS (one provider adapter, `SmsProvider`) are here; each
external one is on only when its settings are present. The chat apps reach the people who linked their
account (`ChatLink`, by a one-time code), SMS the people whose profile has a telephone number.

They speak plain HTTP (kakehashi.notifications.http, the standard library): the providers' SDKs would add
dependencies for three POST requests each. Their base addresses are settings, so the tests point them at
local fake servers.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kakehashi.notifications import http
from kakehashi.notifications.models import ChatLink, Delivery


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
    # Whether a person chooses it per kind of event on their settings page (SMS is for safety only).
    choosable: bool = True

    def enabled(self) -> bool:
        return True

    def reachable(self, user_ids: Iterable[int]) -> set[int] | None:
        """Of these people, those the channel can reach (None: all of them). A person the channel cannot
        reach gets no delivery by it at all (ten thousand "not linked" failures would hide the real ones)."""
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


def chat_text(delivery: Delivery, limit: int) -> str:
    """What a chat app or an SMS says: the message's chat text (the short text and its link)."""
    message = delivery.message
    text = message.chat or message.short
    return text[:limit]


def _error_message(body: dict[str, object]) -> str:
    """The provider's own error message: LINE {"message"}, Meta {"error": {"message"}}, Twilio
    {"code", "message"}."""
    error = body.get("error")
    if isinstance(error, dict):
        return str(error.get("message", ""))
    message = str(body.get("message", ""))
    code = body.get("code")
    return f"{message} (code {code})" if code and message else message


class _LinkedChannel(Channel):
    """A chat app reaching the people who linked their account to it."""

    def reachable(self, user_ids: Iterable[int]) -> set[int] | None:
        ids = list(user_ids)
        found: set[int] = set()
        for start in range(0, len(ids), 1000):
            found.update(
                ChatLink.objects.filter(channel=self.key, user_id__in=ids[start : start + 1000]).values_list(
                    "user_id", flat=True
                )
            )
        return found

    def reaches(self, delivery: Delivery) -> str:
        if delivery.recipient_id is None:
            return ""
        link = ChatLink.objects.filter(channel=self.key, user_id=delivery.recipient_id).first()
        return link.external_id if link is not None and link.external_id else ""

    def _addresses(self, deliveries: Sequence[Delivery]) -> dict[int, str]:
        ids = {d.recipient_id for d in deliveries if d.recipient_id is not None}
        return {
            link.user_id: link.external_id or ""
            for link in ChatLink.objects.filter(channel=self.key, user_id__in=ids)
        }

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        addresses = self._addresses(deliveries)
        outcomes = []
        for delivery in deliveries:
            address = addresses.get(delivery.recipient_id or 0, "")
            if not address:
                outcomes.append(Outcome(delivery.pk, False, "not linked"))
                continue
            status, body = self.post(delivery, address)
            if 200 <= status < 300 or self.already_accepted(status):
                outcomes.append(Outcome(delivery.pk, True))
            else:
                outcomes.append(Outcome(delivery.pk, False, http.reason(status, _error_message(body))))
        return outcomes

    def post(self, delivery: Delivery, address: str) -> tuple[int, dict[str, object]]:
        raise NotImplementedError

    def already_accepted(self, status: int) -> bool:
        return False


class LineChannel(_LinkedChannel):
    """LINE Messaging API: POST /v2/bot/message/push with the channel access token as a bearer token.

    Each delivery carries an X-Line-Retry-Key (a UUID made from the delivery's id): a retried send that
    LINE already accepted answers 409, which counts as sent, so a retry never sends a message twice."""

    key = "line"
    label = "LINE"
    TEXT_LIMIT = 5000

    def enabled(self) -> bool:
        return bool(settings.LINE_CHANNEL_ACCESS_TOKEN and settings.LINE_CHANNEL_SECRET)

    def post(self, delivery: Delivery, address: str) -> tuple[int, dict[str, object]]:
        return http.post_json(
            settings.LINE_API_BASE.rstrip("/") + "/v2/bot/message/push",
            {"to": address, "messages": [{"type": "text", "text": chat_text(delivery, self.TEXT_LIMIT)}]},
            {
                "Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}",
                "X-Line-Retry-Key": str(retry_key(delivery)),
            },
        )

    def already_accepted(self, status: int) -> bool:
        return status == 409


def retry_key(delivery: Delivery) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/deliveries/{delivery.pk}")


class MessengerChannel(_LinkedChannel):
    """Facebook Messenger Send API: POST /<version>/me/messages?access_token=<page token>.

    An urgent safety message is sent with a message tag (it may fall outside the 24-hour window since the
    person last wrote); anything else as an update."""

    key = "messenger"
    label = "Messenger"
    TEXT_LIMIT = 2000

    def enabled(self) -> bool:
        return bool(settings.MESSENGER_PAGE_ACCESS_TOKEN and settings.MESSENGER_APP_SECRET)

    def post(self, delivery: Delivery, address: str) -> tuple[int, dict[str, object]]:
        from kakehashi.notifications.models import Urgency

        payload: dict[str, object] = {
            "recipient": {"id": address},
            "messaging_type": "UPDATE",
            "message": {"text": chat_text(delivery, self.TEXT_LIMIT)},
        }
        if delivery.urgency == Urgency.URGENT_SAFETY:
            payload["messaging_type"] = "MESSAGE_TAG"
            payload["tag"] = settings.MESSENGER_URGENT_TAG
        query = urllib.parse.urlencode({"access_token": settings.MESSENGER_PAGE_ACCESS_TOKEN})
        base = settings.MESSENGER_API_BASE.rstrip("/")
        return http.post_json(f"{base}/{settings.MESSENGER_API_VERSION}/me/messages?{query}", payload, {})


class SmsProvider:
    """The small interface an SMS provider implements: send one text to one number."""

    def configured(self) -> bool:
        raise NotImplementedError

    def send(self, to: str, text: str) -> tuple[bool, str]:
        """(sent, reason when not)."""
        raise NotImplementedError


class TwilioStyleSms(SmsProvider):
    """A Twilio-style REST API: POST <base>/2010-04-01/Accounts/<sid>/Messages.json, HTTP basic
    authentication (account sid, auth token), a form body To, From, Body; 201 with the message's sid, or
    an error {"code", "message"}."""

    def configured(self) -> bool:
        return bool(settings.SMS_ACCOUNT_SID and settings.SMS_AUTH_TOKEN and settings.SMS_FROM)

    def send(self, to: str, text: str) -> tuple[bool, str]:
        sid = settings.SMS_ACCOUNT_SID
        credentials = base64.b64encode(f"{sid}:{settings.SMS_AUTH_TOKEN}".encode()).decode()
        url = (
            f"{settings.SMS_API_BASE.rstrip('/')}/2010-04-01/Accounts/{urllib.parse.quote(sid)}/Messages.json"
        )
        status, body = http.post(
            url,
            data=urllib.parse.urlencode({"To": to, "From": settings.SMS_FROM, "Body": text}).encode(),
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        if 200 <= status < 300:
            return True, ""
        return False, http.reason(status, _error_message(body))


def international_number(raw: str) -> str:
    """A telephone number in E.164 ("+81901234567"), or "" when it cannot be one. A number written
    without "+" is a national number of SMS_DEFAULT_COUNTRY_CODE (its leading 0 dropped)."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+"):
        number = "+" + digits[1:]
    elif digits.startswith("00"):
        number = "+" + digits[2:]
    elif digits.startswith("0"):
        number = f"+{settings.SMS_DEFAULT_COUNTRY_CODE}{digits[1:]}"
    else:
        return ""
    return number if re.fullmatch(r"\+[1-9]\d{6,14}", number) else ""


class SmsChannel(Channel):
    """SMS to the telephone number of the person's profile, for safety only: not a channel people choose
    per kind of event (the escalation ladder sends by it)."""

    key = "sms"
    label = _("SMS")
    choosable = False
    TEXT_LIMIT = 670  # ten segments of Unicode text
    provider: SmsProvider = TwilioStyleSms()

    def enabled(self) -> bool:
        return self.provider.configured()

    def reachable(self, user_ids: Iterable[int]) -> set[int] | None:
        from kakehashi.accounts.models import User

        ids = list(user_ids)
        return set(User.objects.filter(pk__in=ids).exclude(phone="").values_list("pk", flat=True))

    def reaches(self, delivery: Delivery) -> str:
        return international_number(delivery.recipient.phone) if delivery.recipient is not None else ""

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        outcomes = []
        for delivery in deliveries:
            number = self.reaches(delivery)
            if not number:
                outcomes.append(Outcome(delivery.pk, False, "no telephone number in international form"))
                continue
            ok, reason = self.provider.send(number, chat_text(delivery, self.TEXT_LIMIT))
            outcomes.append(Outcome(delivery.pk, ok, reason))
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

    def reachable(self, user_ids: Iterable[int]) -> set[int] | None:
        from kakehashi.notifications.models import PushSubscription

        ids = list(user_ids)
        found: set[int] = set()
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
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
    channel.key: channel
    for channel in (
        InAppChannel(),
        EmailChannel(),
        WebPushChannel(),
        LineChannel(),
        MessengerChannel(),
        SmsChannel(),
    )
}


def channel(key: str) -> Channel | None:
    found = CHANNELS.get(key)
    return found if found is not None and found.enabled() else None


def enabled_keys() -> list[str]:
    return [key for key, c in CHANNELS.items() if c.enabled()]


def choosable_keys() -> list[str]:
    return [key for key in enabled_keys() if CHANNELS[key].choosable]
