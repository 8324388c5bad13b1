"""Quizzes: a course's quiz, the questions of its bank (single or multiple choice, a number, a short
text) and a learner's attempts with their answers and score."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.text import TranslatedText, as_translated
from kakehashi.learning.models.courses import Course
from kakehashi.learning.models.skills import Skill


class Quiz(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quizzes")
    title = TranslatedField(_("title"), max_length=200)
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    draw = models.PositiveSmallIntegerField(
        _("questions drawn from the bank"), default=0, help_text=_("0 means every question.")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="quizzes")

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ("course", "pk")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz_detail", args=[self.pk])


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Short text")


class Question(models.Model):
    """A question of the quiz's bank. `choices`: a list of texts per language, [{"ja": …, "mn": …}];
    `answer`: the right choice indexes,
    a number, or the accepted texts."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = TranslatedField(_("question"), multiline=True)
    choices = models.JSONField(default=list, blank=True)
    answer = models.JSONField(default=list)
    tolerance = models.FloatField(_("tolerance"), default=0)
    feedback = TranslatedField(_("feedback"), multiline=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("quiz", "pk")

    def __str__(self) -> str:
        return str(self.text)[:60]

    def choice_labels(self) -> list[TranslatedText]:
        """Each choice's text (printed in the reader's language)."""
        return [as_translated(choice) for choice in self.choices]


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    results = models.JSONField(default=dict)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at",)
        indexes = [models.Index(fields=["quiz", "user"])]

    def __str__(self) -> str:
        return f"{self.quiz_id} / {self.user_id}: {self.score_percent}"

    @property
    def passed(self) -> bool:
        return self.score_percent is not None and self.score_percent >= self.quiz.pass_percent
