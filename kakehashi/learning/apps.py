from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "kakehashi.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.accounts.models import SORT_KEY_FIELDS
        from kakehashi.learning import models

        # Every edit of the curriculum, published lessons included, is in the audit log.
        for model in (
            models.Course,
            models.Module,
            models.Lesson,
            models.Quiz,
            models.Question,
            models.Exercise,
            models.Assignment,
            models.RubricCriterion,
            models.Skill,
            models.Cohort,
            models.ClassSession,
        ):
            auditlog.register(model)
        # A member's copies of the person's sort keys spell the name: never in the audit trail.
        auditlog.register(models.CohortMember, exclude_fields=sorted(SORT_KEY_FIELDS))
        auditlog.register(
            models.Submission, include_fields=["score_percent", "rubric", "comment", "graded_by"]
        )
        auditlog.register(models.Certificate)
        connect_gradebook_columns()
        connect_member_sort_keys()


def connect_gradebook_columns() -> None:
    """The gradebook's cached columns (selectors.cohort_gradebook_columns) are forgotten whenever a course,
    a graded item, a cohort or a cohort's list of courses changes."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from kakehashi.learning import models
    from kakehashi.learning.selectors import gradebook_changed

    for model in (models.Cohort, models.Course, models.Quiz, models.Exercise, models.Assignment):
        for signal in (post_save, post_delete):
            signal.connect(
                gradebook_changed, sender=model, dispatch_uid=f"learning.gradebook.{model.__name__}"
            )
    m2m_changed.connect(
        gradebook_changed, sender=models.Cohort.courses.through, dispatch_uid="learning.gradebook"
    )


def connect_member_sort_keys() -> None:
    """A person's name saved reorders them in their cohorts (CohortMember's copies of the sort keys)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    from kakehashi.learning.services.cohorts import copy_member_sort_keys

    post_save.connect(
        copy_member_sort_keys, sender=get_user_model(), dispatch_uid="learning.member_sort_keys"
    )
