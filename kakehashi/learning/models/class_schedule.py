"""The class schedule: a cohort's class sessions (online or on site, in a local time zone) and a
person's private calendar feed, with its nonce (`new_feed_nonce`, named by the migrations)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Program
from kakehashi.core.fields import WebURLField
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.learning.models.cohorts import Cohort
from kakehashi.learning.models.courses import Course


class SessionMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")


TIME_ZONES = [("Asia/Ulaanbaatar", _("Ulaanbaatar")), ("Asia/Tokyo", _("Nagaoka (Japan)"))]


class ClassSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = TranslatedField(_("title"), max_length=200)
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=10, choices=SessionMode.choices)
    time_zone = models.CharField(_("local time zone"), max_length=40, choices=TIME_ZONES)
    location = models.CharField(_("place"), max_length=200, blank=True)
    meeting_url = WebURLField(_("meeting link"), blank=True)

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return str(self.title)


FEED_SALT = "kakehashi.learning.calendar-feed"


def new_feed_nonce() -> str:
    return secrets.token_hex(32)


class CalendarFeed(models.Model):
    """A person's private calendar subscription, opened by calendar apps without a session.

    The database keeps a random nonce and the SHA-256 of the URL token; the token itself is an HMAC of the
    nonce with SECRET_KEY, so the schedule page can show the subscribe URL again, while a copy of the
    database alone gives no working URL. Regenerating changes the nonce: the old URL answers 404.
    Not registered with django-auditlog, so that the token never lands in the audit trail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_calendar_feed"
    )
    # The program whose schedule the feed shows: the one the person chose when they made the feed.
    program = models.ForeignKey(Program, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    nonce = models.CharField(max_length=64, default=new_feed_nonce, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("learning:schedule_feed", args=[self.token])

    @property
    def token(self) -> str:
        return salted_hmac(FEED_SALT, self.nonce, algorithm="sha256").hexdigest()

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def renew(self) -> None:
        self.nonce = new_feed_nonce()
        self.token_hash = self.hash_token(self.token)
