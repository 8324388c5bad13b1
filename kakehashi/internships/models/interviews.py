"""Online interviews: an `InterviewSlot` a company offers for one of its places, booked by a nominee
who ranked the place, and its recorded `InterviewOutcome`; its moves and cancellation (`InterviewChange`),
the reminders sent before it (`InterviewReminder`) and the interviewers' scorecards (`InterviewScore`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kakehashi.core.fields import WebURLField
from kakehashi.core.models import TimeStampedModel
from kakehashi.internships.models.applications import Application
from kakehashi.internships.models.places import Place


class InterviewOutcome(models.TextChoices):
    PENDING = "pending", _("Not recorded yet")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")
    NO_SHOW = "no_show", _("Did not attend")


class InterviewSlot(TimeStampedModel):
    """An online interview time a company offers for one place; a nominee who ranked the place books it."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="interview_slots")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    meeting_url = WebURLField(_("meeting link"), blank=True)
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    interpreter = models.BooleanField(_("interpreter requested"), default=False)
    # Arranged by the NGO coordinator or the program office; often an external volunteer, so free text.
    interpreter_name = models.CharField(_("interpreter"), max_length=200, blank=True)
    interpreter_contact = models.CharField(_("interpreter's contact"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=InterviewOutcome.choices, default=InterviewOutcome.PENDING
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    # A cancelled interview keeps its row (who, when, why); its slot is not offered again.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ("starts_at", "pk")
        constraints = [
            # Two bookings racing for the same place cannot both stand, whatever the database.
            models.UniqueConstraint(
                fields=["place", "application"],
                condition=Q(cancelled_at__isnull=True),
                name="one_live_interview_per_place_and_applicant",
            )
        ]

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def interpreter_arranged(self) -> bool:
        return bool(self.interpreter_name)

    def __str__(self) -> str:
        return f"{self.place} {self.starts_at:%Y-%m-%d %H:%M}"


class ChangeKind(models.TextChoices):
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")


class InterviewChange(models.Model):
    """A booked interview moved to another time or cancelled: by whom, when, why, and the times."""

    slot = models.ForeignKey(InterviewSlot, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=10, choices=ChangeKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"))
    old_starts_at = models.DateTimeField(_("previous time"))
    new_starts_at = models.DateTimeField(_("new time"), null=True, blank=True)
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview change")
        verbose_name_plural = _("interview changes")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.slot_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class ReminderKind(models.TextChoices):
    DAY = "day", _("24 hours before")
    HOUR = "hour", _("1 hour before")


class InterviewReminder(models.Model):
    """That a reminder of an interview at a time was sent: each is sent once; a moved interview (another
    `starts_at`) is reminded again."""

    slot = models.ForeignKey(InterviewSlot, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("reminder"), max_length=4, choices=ReminderKind.choices)
    starts_at = models.DateTimeField(_("interview time"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview reminder")
        verbose_name_plural = _("interview reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "kind", "starts_at"], name="one_reminder_per_interview_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot_id} {self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


SCORE_CRITERIA = ("technical", "communication", "motivation", "japanese")
_score = [MinValueValidator(1), MaxValueValidator(5)]


class InterviewScore(TimeStampedModel):
    """One interviewer's short scorecard of an interview, written after it: four criteria from 1 to 5 and
    a note. Shown to the company beside its ranking of the place."""

    slot = models.ForeignKey(InterviewSlot, on_delete=models.CASCADE, related_name="scores")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("interviewer")
    )
    technical = models.PositiveSmallIntegerField(_("technical skill"), validators=_score)
    communication = models.PositiveSmallIntegerField(_("communication"), validators=_score)
    motivation = models.PositiveSmallIntegerField(_("motivation"), validators=_score)
    japanese = models.PositiveSmallIntegerField(_("Japanese"), validators=_score)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("interview scorecard")
        verbose_name_plural = _("interview scorecards")
        constraints = [
            models.UniqueConstraint(fields=["slot", "author"], name="one_scorecard_per_interviewer")
        ]

    def __str__(self) -> str:
        return f"{self.slot_id} / {self.author_id}"

    @property
    def average(self) -> float:
        return sum(getattr(self, name) for name in SCORE_CRITERIA) / len(SCORE_CRITERIA)
