"""Programming exercises: a course's exercise with its tests, and a learner's runs of it in the
sandbox with how each ended."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core import idempotency
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.learning.models.courses import Course
from kakehashi.learning.models.skills import Skill


class Exercise(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="exercises")
    title = TranslatedField(_("title"), max_length=200)
    prompt = TranslatedField(_("task in Markdown"), multiline=True, blank=True)
    starter_code = models.TextField(_("starter code"), blank=True)
    tests = models.TextField(
        _("tests"), help_text=_("Functions named test_…; the learner's module is `solution`.")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="exercises")

    class Meta:
        verbose_name = _("programming exercise")
        verbose_name_plural = _("programming exercises")
        ordering = ("course", "pk")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:exercise_detail", args=[self.pk])


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    PASSED = "passed", _("All tests passed")
    FAILED = "failed", _("Some tests failed")
    ERROR = "error", _("Your code raised an error")
    TIMEOUT = "timeout", _("Stopped: it ran longer than the time allowed")
    CPU_LIMIT = "cpu_limit", _("Stopped: it used more processor time than allowed")
    MEMORY_LIMIT = "memory_limit", _("Stopped: it used more memory than allowed")
    OUTPUT_LIMIT = "output_limit", _("Stopped: it wrote more output than allowed")
    BLOCKED = "blocked", _("Stopped: it tried something the sandbox does not allow")
    UNAVAILABLE = "unavailable", _("Not run: the code runner is not available")
    # Set by the task reaper when grading stopped for good (the worker died, again and again).
    LOST = "lost", _("Not graded: the grading stopped unexpectedly. Submit your code again.")


class ExerciseRun(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="runs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.TextField()
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    tests = models.JSONField(default=list)
    output = models.TextField(blank=True)
    message = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The submit form's hidden key: a double submit grades the code once (kakehashi.core.idempotency).
    idempotency_key = idempotency.model_field()

    class Meta:
        ordering = ("-submitted_at", "-pk")
        indexes = [models.Index(fields=["exercise", "user"])]
        constraints = [idempotency.unique_per("user", "one_exercise_run_per_submit")]

    def __str__(self) -> str:
        return f"{self.exercise_id} / {self.user_id}: {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status != RunStatus.QUEUED
