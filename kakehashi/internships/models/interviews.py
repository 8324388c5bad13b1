"""Online interviews: an `InterviewSlot` a company offers for one of its places, booked by a nominee
who ranked the place, and its recorded `InterviewOutcome`."""

from django.db import models
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

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ("starts_at", "pk")

    @property
    def interpreter_arranged(self) -> bool:
        return bool(self.interpreter_name)

    def __str__(self) -> str:
        return f"{self.place} {self.starts_at:%Y-%m-%d %H:%M}"
