"""Lessons: their kinds (the teacher-only ones listed in `TEACHER_ONLY_KINDS`), where an attached
file is stored (`lesson_upload_to`, named by the migrations), and `LessonCompletion`, a lesson a learner
marked as read."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.fields import WebURLField
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.learning.models._common import Status
from kakehashi.learning.models.courses import Module
from kakehashi.learning.models.skills import Skill


class LessonKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    TEACHING_GUIDE = "teaching_guide", _("Teaching guide")
    ANSWER_KEY = "answer_key", _("Answer key")
    CLASS_PLAN = "class_plan", _("Class plan")


# Kinds only teachers and instructors may read, whatever the course's track.
TEACHER_ONLY_KINDS = frozenset({LessonKind.TEACHING_GUIDE, LessonKind.ANSWER_KEY, LessonKind.CLASS_PLAN})


def lesson_upload_to(instance: "Lesson", filename: str) -> str:
    return f"learning/lessons/{secrets.token_hex(8)}/{filename}"


class Lesson(TimeStampedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=LessonKind.choices, default=LessonKind.LESSON)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = TranslatedField(_("title"), max_length=200)
    body = TranslatedField(_("text in Markdown"), multiline=True, blank=True)
    video_url = WebURLField(_("video link"), blank=True)
    attachment = models.FileField(_("file"), upload_to=lesson_upload_to, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="lessons", verbose_name=_("skills"))

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ("module__position", "position", "pk")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson_detail", args=[self.pk])


class LessonCompletion(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "user"], name="learning_one_completion")]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.lesson_id}"
