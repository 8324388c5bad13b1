"""The channels a notification travels by, behind one small interface.

A channel says whether it is on (its settings are present), where it reaches a person, and sends a batch of
deliveries, answering per delivery "sent" or "failed: reason". Email and the in-app inbox exist today; Web
Push, LINE, Facebook Messenger and SMS will be further `Channel` subclasses registered in `CHANNELS`, each
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


CHANNELS: dict[str, Channel] = {channel.key: channel for channel in (InAppChannel(), EmailChannel())}


def channel(key: str) -> Channel | None:
    found = CHANNELS.get(key)
    return found if found is not None and found.enabled() else None


def enabled_keys() -> list[str]:
    return [key for key, c in CHANNELS.items() if c.enabled()]
