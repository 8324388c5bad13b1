from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:
        """`get_<field>_display()` translating one label, not all of them: Django's makes each (value,
        label) pair hashable, and hashing a lazy label translates it; a list of 50 rows with two choice
        columns spent a few hundred gettext calls on labels it never showed."""
        value = getattr(self, field.attname)
        labels = {make_hashable(choice): label for choice, label in field.flatchoices}
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class ScheduledJob(models.Model):
    """When a periodic job (kakehashi.core.scheduling) was last enqueued, and the id of that task result."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)
    last_result_id = models.CharField(_("last task result"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name


class TaskWorker(models.Model):
    """A task worker process that is alive: it writes `seen_at` every TASK_WORKER_HEARTBEAT_SECONDS while it
    runs (kakehashi.core.background). A worker killed with `kill -9` stops writing; the reaper then knows
    that the task it was running will never finish."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class SentMessage(models.Model):
    """A message that a task attempt sent (or began to send): a retried task finds it and sends nothing
    twice (kakehashi.core.background.send_once)."""

    key = models.CharField(max_length=255, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")

    def __str__(self) -> str:
        return self.key
