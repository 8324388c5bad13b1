"""Deadline reminders already sent: a `DeadlineReminder` records that the reminder of a phase's
deadline went out on a day, so that sending it twice the same day does nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.internships.models.rounds import Phase, Round


class DeadlineReminder(models.Model):
    """That the reminder of a phase's deadline was sent on a day: sending twice the same day does nothing."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadline_reminders")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "phase", "sent_on"], name="one_reminder_per_phase_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.phase} / {self.sent_on}"
