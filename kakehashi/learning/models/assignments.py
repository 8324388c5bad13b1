"""Assignments and their rubrics: the late policies, a course's assignment, the criteria of its rubric,
where a submitted file is stored (`submission_upload_to`, named by the migrations) and the learner's
submissions, each version graded with the rubric."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.text import TranslatedText, as_translated
from kakehashi.learning.models.courses import Course
from kakehashi.learning.models.skills import Skill


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", _("Accepted late without penalty")
    PENALTY = "penalty", _("Accepted late with a penalty")
    REFUSE = "refuse", _("Not accepted after the deadline")


class Assignment(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    title = TranslatedField(_("title"), max_length=200)
    brief = TranslatedField(_("brief in Markdown"), multiline=True, blank=True)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    late_policy = models.CharField(
        _("late policy"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.PENALTY
    )
    late_penalty_percent = models.PositiveSmallIntegerField(_("late penalty (%)"), default=10)
    accepts_text = models.BooleanField(_("text answers"), default=True)
    accepts_file = models.BooleanField(_("file answers"), default=True)
    allowed_extensions = models.CharField(
        _("allowed file types"), max_length=200, default="pdf,zip,py,ipynb,png,jpg"
    )
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=5)
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    skills = models.ManyToManyField(Skill, blank=True, related_name="assignments")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ("course", "pk")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:assignment_detail", args=[self.pk])

    @property
    def extensions(self) -> list[str]:
        return [e.strip().lower().lstrip(".") for e in self.allowed_extensions.split(",") if e.strip()]


class RubricCriterion(models.Model):
    """A row of the rubric; `levels`: [{"points": 4, "label": {"ja": …, "mn": …, "en": …}}], best first."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="criteria")
    title = TranslatedField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(default=1)
    levels = models.JSONField(default=list)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ("assignment", "position", "pk")

    def __str__(self) -> str:
        return str(self.title)

    def level_choices(self) -> list[tuple[int, int, TranslatedText]]:
        """(index, points, label) of each level; the label prints in the reader's language."""
        return [
            (index, int(level["points"]), as_translated(level.get("label")))
            for index, level in enumerate(self.levels)
        ]


def submission_upload_to(instance: "Submission", filename: str) -> str:
    return f"learning/submissions/{secrets.token_hex(8)}/{filename}"


class Submission(models.Model):
    """One version of a learner's answer; resubmitting adds a version."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to=submission_upload_to, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    is_late = models.BooleanField(default=False)
    # Grading: {criterion id: level index}, comments per criterion and overall.
    rubric = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "version"], name="learning_submission_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} / {self.user_id} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("learning:submission_grade", args=[self.pk])

    @property
    def passed(self) -> bool:
        return self.score_percent is not None and self.score_percent >= self.assignment.pass_percent
