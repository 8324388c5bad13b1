"""Cohorts (the learners of one college and intake, and the courses they take) and their members, as
learners or teachers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.accounts.sort_key_copies import SortKeyCopy, SortKeyCopyManager
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.query import DEFAULT_ORDER_LANGUAGES, translated_order
from kakehashi.learning.models._common import Track
from kakehashi.learning.models.courses import Course


class Cohort(TimeStampedModel):
    """The learners of one college and intake, with their instructors and partner teachers."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    key = models.SlugField(_("key"), max_length=60)
    college = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cohorts")
    intake = models.CharField(_("intake"), max_length=40)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.STUDENT)
    courses = models.ManyToManyField(Course, related_name="cohorts", blank=True)
    title = TranslatedField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = (translated_order("college__name", languages=DEFAULT_ORDER_LANGUAGES), "intake")
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="learning_cohort_key")]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:cohort_detail", args=[self.pk])


class CohortRole(models.TextChoices):
    LEARNER = "learner", _("Learner")
    TEACHER = "teacher", _("Teacher")


class CohortMember(SortKeyCopy):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=CohortRole.choices, default=CohortRole.LEARNER)
    # A page of a cohort's learners in name order reads its own rows (accounts.sort_key_copies).
    PERSON_FIELD = "user"
    objects = SortKeyCopyManager()

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user", "role"], name="learning_one_cohort_role")
        ]
        indexes = [
            # A cohort's learners (or teachers) in each language's name order (selectors.learner_members_by_name).
            models.Index(fields=["cohort", "role", "sort_key_ja", "id"], name="learning_member_sort_ja"),
            models.Index(fields=["cohort", "role", "sort_key_mn", "id"], name="learning_member_sort_mn"),
            models.Index(fields=["cohort", "role", "sort_key_en", "id"], name="learning_member_sort_en"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.cohort}"
