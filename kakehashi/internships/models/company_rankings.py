"""The companies' side of the ranking: `CompanyRank`, a company's rank of an applicant for one of its
places, equal ranks being ties."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.internships.models.applications import Application
from kakehashi.internships.models.places import Place


class CompanyRank(models.Model):
    """A company's rank of an applicant for one place; equal ranks are ties."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="company_ranks")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="company_ranks")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("company rank")
        verbose_name_plural = _("company ranks")
        ordering = ("place", "rank")
        constraints = [
            models.UniqueConstraint(fields=["place", "application"], name="rank_an_applicant_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="company_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.rank}. {self.application_id}"
