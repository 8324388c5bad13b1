"""Runs of the matching engine: `MatchingRun` with its parameters (`Algorithm`, `Proposing`, `RunKind`),
its stored input, the small part of its result (summary, problems) and its digest, the state of the run,
of its check and of its publication (`RunStatus`); the assignment and the explanations are rows, one per
application (`RunAssignment`) and one per place (`RunPlace`), so a page reads only the rows it shows."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.fields import JSONTextField
from kakehashi.core.models import TimeStampedModel
from kakehashi.internships.models.applications import Application
from kakehashi.internships.models.places import Place
from kakehashi.internships.models.rounds import Round


class Algorithm(models.TextChoices):
    DA = "da", _("Deferred acceptance")
    DA_SIC = "da-sic", _("Deferred acceptance with stable improvement cycles")
    RANK_MAXIMAL = "rank-maximal", _("Rank-maximal")
    MIN_RANK_SUM = "min-rank-sum", _("Minimum rank sum")


class Proposing(models.TextChoices):
    STUDENTS = "students", _("Students propose")
    PLACES = "places", _("Places propose")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunKind(models.TextChoices):
    FIRST = "first", _("First run")
    SECOND = "second", _("Second run")


class JapaneseRule(models.TextChoices):
    """What a run does with pairs whose student's verified Japanese is below the place's minimum
    (kakehashi.matching.language)."""

    IGNORE = "ignore", _("Ignore the minimum Japanese level")
    WARN = "warn", _("Warn about pairs below the minimum Japanese level")
    EXCLUDE = "exclude", _("Exclude pairs below the minimum Japanese level")


class MatchingRun(TimeStampedModel):
    """One run of the matching engine, kept with its parameters and input so it can be reproduced."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(_("kind"), max_length=10, choices=RunKind.choices, default=RunKind.FIRST)
    algorithm = models.CharField(
        _("algorithm"), max_length=20, choices=Algorithm.choices, default=Algorithm.DA
    )
    proposing = models.CharField(
        _("proposing side"), max_length=10, choices=Proposing.choices, default=Proposing.STUDENTS
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    college_cap = models.PositiveSmallIntegerField(
        _("college cap per place"),
        null=True,
        blank=True,
        help_text=_("At most this many students of one college in each place; empty for no cap."),
    )
    college_caps = models.JSONField(
        _("cap per college and place"),
        default=dict,
        blank=True,
        help_text=_("At most this many students of the college in each place, by college key."),
    )
    japanese_rule = models.CharField(
        _("minimum Japanese level"), max_length=10, choices=JapaneseRule.choices, default=JapaneseRule.IGNORE
    )
    # What the rule found: {"below": pairs below a minimum among the rankings, "assigned_below": the
    # [application key, place key] pairs the result assigned although below (with "warn")}.
    japanese_check = models.JSONField(_("Japanese level check"), default=dict, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    instance = JSONTextField(_("input"), default=dict)
    # The small part of the result: summary, stability, violations and blocking pairs. The assignment
    # and the explanations are rows (RunAssignment, RunPlace).
    result = models.JSONField(_("result"), default=dict)
    error = models.TextField(_("error"), blank=True)
    stable = models.BooleanField(_("stable"), null=True, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # What the run page shows, kept apart from the large input: the summary, the problems and the
    # figures by company (see selectors.digest_of); a few numbers, whatever the round's size.
    digest = models.JSONField(_("digest"), default=dict, blank=True, editable=False)
    # The independent check runs in the background too: empty until asked for.
    check_status = models.CharField(_("check status"), max_length=10, choices=RunStatus.choices, blank=True)
    check_problems = models.JSONField(_("check problems"), default=list, blank=True, editable=False)
    # Publication runs in the background: empty until asked for, then queued, running, done or failed.
    publication_status = models.CharField(
        _("publication status"), max_length=10, choices=RunStatus.choices, blank=True
    )
    publication_progress = models.PositiveSmallIntegerField(_("publication progress (%)"), default=0)
    publication_error = models.TextField(_("publication error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("internships:run_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def is_publishing(self) -> bool:
        return self.publication_status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def is_checking(self) -> bool:
        return self.check_status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def is_busy(self) -> bool:
        """Something is still happening in the background: the run page keeps polling."""
        return not self.is_finished or self.is_publishing or self.is_checking

    @property
    def summary(self) -> dict[str, Any]:
        """The engine's summary, from the digest (small) when there is one."""
        summary: dict[str, Any] = (self.digest or {}).get("summary") or self.result.get("summary", {})
        return summary


class RunAssignment(models.Model):
    """One application's line of a run's result: the place it got (none when unmatched), the choice
    number obtained and the engine's explanation (codes and ranks, see kakehashi.matching.explain)."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="assignments", db_index=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="run_assignments")
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, blank=True, related_name="run_assignments", db_index=False
    )
    rank = models.PositiveSmallIntegerField(_("choice obtained"), null=True, blank=True)
    explanation = JSONTextField(_("explanation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("run assignment")
        verbose_name_plural = _("run assignments")
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="internships_runassignment_unique")
        ]
        indexes = [models.Index(fields=["place", "run"], name="internships_runassign_place")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.application_id} -> {self.place_id}"

    @property
    def student_key(self) -> str:
        return f"a{self.application_id}"

    @property
    def place_key(self) -> str | None:
        return f"p{self.place_id}" if self.place_id else None


class RunPlace(models.Model):
    """One place's line of a run's result: its capacity in the run, the students it got and the engine's
    explanation (who it admitted, who it did not take and why)."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="places", db_index=False)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="run_places")
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    assigned = models.PositiveIntegerField(_("assigned"), default=0)
    explanation = JSONTextField(_("explanation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("run place")
        verbose_name_plural = _("run places")
        constraints = [models.UniqueConstraint(fields=["run", "place"], name="internships_runplace_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.place_id} ({self.assigned}/{self.capacity})"
