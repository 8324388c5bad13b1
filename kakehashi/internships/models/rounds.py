"""Rounds and their phases: the `Phase` choices in order (`PHASE_ORDER`, `DATED_PHASES`,
`phase_index`), the `Round` itself, the planned dates of each phase (`RoundPhase`), and `today()`, the
local date the phase deadlines are counted from."""

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Program
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField


class Phase(models.TextChoices):
    """The phases of a round, in the order they follow each other."""

    DRAFT = "draft", _("Draft")
    PLACES = "places", _("Places open")
    APPLICATIONS = "applications", _("Applications")
    SCREENING = "screening", _("Screening")
    INTERVIEWS = "interviews", _("Interviews")
    RANKINGS = "rankings", _("Rankings")
    MATCHING = "matching", _("Matching")
    RESULTS = "results", _("Results")
    ACCEPTANCE = "acceptance", _("Acceptance")
    SECOND_RUN = "second_run", _("Second run")
    CLOSED = "closed", _("Closed")


PHASE_ORDER: list[str] = [value for value, _label in Phase.choices]
# The phases that have dates on the timeline (draft and closed have none).
DATED_PHASES: list[str] = PHASE_ORDER[1:-1]


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(phase)


class Round(TimeStampedModel):
    """One turn of the internship program: its places, applicants and matching."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds")
    key = models.SlugField(_("key"), max_length=60)
    name = TranslatedField(_("name"), max_length=200)
    internship_starts_on = models.DateField(_("internship starts on"))
    internship_ends_on = models.DateField(_("internship ends on"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ("-internship_starts_on",)
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="one_round_key_per_program"),
            models.CheckConstraint(
                condition=models.Q(internship_ends_on__gte=models.F("internship_starts_on")),
                name="round_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("internships:round_detail", args=[self.pk])

    @property
    def phase_position(self) -> int:
        return phase_index(self.phase)

    def is_in(self, *phases: str) -> bool:
        return self.phase in phases

    def is_past(self, phase: str) -> bool:
        return self.phase_position > phase_index(phase)


class RoundPhase(models.Model):
    """The planned dates of one phase of a round; the round's `phase` field says which one is current."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("phase dates")
        verbose_name_plural = _("phase dates")
        constraints = [models.UniqueConstraint(fields=["round", "phase"], name="one_date_range_per_phase")]

    def __str__(self) -> str:
        return f"{self.round} / {self.get_phase_display()}"


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
