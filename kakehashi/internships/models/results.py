"""Published results: a `Placement` matches one applicant to one place, and both sides answer it
(`PlacementStatus`): accepted by both, or declined by either."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import TimeStampedModel
from kakehashi.internships.models.applications import Application
from kakehashi.internships.models.matching_runs import MatchingRun
from kakehashi.internships.models.places import Place
from kakehashi.internships.models.rounds import Round


class PlacementStatus(models.TextChoices):
    OFFERED = "offered", _("Waiting for answers")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Placement(TimeStampedModel):
    """A published match of one applicant to one place; both sides accept, or either declines."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="placements")
    run = models.ForeignKey(MatchingRun, on_delete=models.PROTECT, related_name="placements")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="placements")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="placements")
    student_answer = models.CharField(
        _("student's answer"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED
    )
    company_answer = models.CharField(
        _("company's answer"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        # No default ordering: sorting by the company's name joins and sorts every placement of the round
        # for each query; the lists that need an order ask for it (selectors.placements_visible_to).
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["round", "place", "id"], name="internships_placement_list"),
        ]

    def __str__(self) -> str:
        return f"{self.application} -> {self.place}"
