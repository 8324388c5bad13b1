"""Courses (of one program, in the student or the teacher track, with their completion rule) and the
modules a course's lessons are grouped in."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Program
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.learning.models._common import Status, Track


class Course(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses")
    key = models.SlugField(_("key"), max_length=60)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.STUDENT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = TranslatedField(_("title"), max_length=200)
    summary = TranslatedField(_("summary"), multiline=True, blank=True)
    # Completion rule: every lesson read, and every quiz, exercise and assignment passed, each as chosen.
    requires_lessons = models.BooleanField(_("all lessons must be read"), default=True)
    requires_quizzes = models.BooleanField(_("all quizzes must be passed"), default=True)
    requires_exercises = models.BooleanField(_("all exercises must be passed"), default=True)
    requires_assignments = models.BooleanField(_("all assignments must be passed"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ("track", "pk")
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="learning_course_key")]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:course_detail", args=[self.pk])


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = TranslatedField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ("course", "position", "pk")

    def __str__(self) -> str:
        return str(self.title)
