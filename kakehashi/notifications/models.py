"""The inbox, the delivery log and each person's preferences.

- `Notification`: one message in a person's in-app inbox, written in their language when it was made.
- `Message`: the texts of one event rendered once per language and time zone (ten thousand recipients
  of one event share a handful of rows).
- `Delivery`: one event to one recipient by one channel, with its status (queued, sent, read, failed with
  its reason, skipped); the program office reads it for safety events.
- `Preference`: a person's channels per kind of event and quiet hours in their own time zone.
- `ChatLink`: a person's LINE user id or Messenger page-scoped id (encrypted), linked by a one-time
  `LinkCode` they send to the bot.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.privacy.fields import BlindIndexField, EncryptedCharField, EncryptedTextField


class Notification(models.Model):
    """A message in one person's in-app inbox."""

    # Indexed by (user, read_at) below, which serves the person's inbox and its unread count.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    event = models.CharField(_("event"), max_length=60)
    text = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # What the event was about ("round:12", "alert:5"), for the pages that list an object's notifications.
    about = models.CharField(_("about"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        # No more indexes than the reads need: a round's publication writes 100,000 notices at once.
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["about"], name="notifications_notice_about"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT_SAFETY = "urgent_safety", _("Urgent (safety)")


class Message(models.Model):
    """The texts of one event, rendered once for one language and time zone."""

    event = models.CharField(_("event"), max_length=60)
    language = models.CharField(_("language"), max_length=8)
    zone = models.CharField(_("time zone"), max_length=40)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    short = models.TextField(_("short text"), blank=True)
    # What a chat app or an SMS says (the short text and its link, unless the event words it itself).
    chat = models.TextField(_("chat text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(blank=True, default=b"")
    attachment_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rendered message")
        verbose_name_plural = _("rendered messages")

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    READ = "read", _("Read")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.Model):
    """One event to one recipient by one channel: the delivery log."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=60)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    channel = models.CharField(_("channel"), max_length=20)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    # Someone without an account (a company that answered the public call, an invitee): their address.
    # Null for a person with an account (nothing to encrypt, ten thousand times over).
    address = EncryptedCharField(_("address"), max_length=254, blank=True, null=True)
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    about = models.CharField(_("about"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    # Quiet hours hold a message back until this time (in UTC); urgent safety events are never held.
    not_before = models.DateTimeField(_("not before"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ("-queued_at", "-pk")
        # No more indexes than the reads need: a round's publication writes 200,000 rows at once. The
        # sending reads (status, not_before); "was this sent" reads (about, event, recipient) by `about`,
        # and the safety page reads an alert's rows by its prefix (`about__startswith`), which the
        # pattern operators serve on PostgreSQL whatever the collation.
        indexes = [
            models.Index(fields=["status", "not_before"]),
            models.Index(
                fields=["about"], name="notifications_delivery_about", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.channel} {self.status}"

    @property
    def channel_label(self) -> object:
        from kakehashi.notifications.channels import CHANNELS

        found = CHANNELS.get(self.channel)
        return found.label if found is not None else self.channel


class Preference(models.Model):
    """A person's channels per kind of event and their quiet hours (in their own time zone).

    `channels` maps a kind of event to the channels the person wants it by; a kind not named uses the
    event's default channels. Their language is their profile's language (`User.preferred_language`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    channels = models.JSONField(_("channels per kind of event"), default=dict, blank=True)
    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet hours until"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        blank=True,
        help_text=_("Empty: the time zone of your side of the program (Tokyo or Ulaanbaatar)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user_id)


class ChatChannel(models.TextChoices):
    LINE = "line", "LINE"
    MESSENGER = "messenger", "Messenger"


class ChatLink(models.Model):
    """A person's account on a chat app: their LINE userId or Messenger PSID, encrypted, with a keyed hash
    to find the person when a message comes in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=20, choices=ChatChannel.choices)
    external_id = EncryptedCharField(_("account id"), max_length=100)
    external_id_index = BlindIndexField(source="external_id", normalise=False)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat account")
        verbose_name_plural = _("chat accounts")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="one_chat_link_per_channel"),
            models.UniqueConstraint(fields=["channel", "external_id_index"], name="one_person_per_chat_id"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}"


class LinkCode(models.Model):
    """A one-time code a person sends to the bot to link their chat account (only its hash is kept)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=20, choices=ChatChannel.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("link code")
        verbose_name_plural = _("link codes")

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}"


class PushSubscription(models.Model):
    """One browser's Web Push subscription of a person (from their notification settings).

    The endpoint is personal data (it names the person's device at their browser's push service): kept
    encrypted, found again through its blind index; the keys encrypt the messages for that browser only.
    Removed when the person unsubscribes, or when the push service answers that it is gone (404, 410)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = EncryptedTextField(_("endpoint"))
    endpoint_index = BlindIndexField(source="endpoint", normalise=False)
    p256dh = EncryptedCharField(_("public key"), max_length=200)
    auth = EncryptedCharField(_("authentication secret"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["endpoint_index"], name="one_push_subscription_per_endpoint")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} #{self.pk}"

    def info(self) -> dict[str, object]:
        """As pywebpush takes it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
