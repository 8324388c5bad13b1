from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "kakehashi.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.accounts.sort_key_copies import AUDIT_EXCLUDED
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
        auditlog.register(models.CohortMember, exclude_fields=AUDIT_EXCLUDED)
        auditlog.register(
            models.Submission, include_fields=["score_percent", "rubric", "comment", "graded_by"]
        )
        auditlog.register(models.Certificate)
        connect_gradebook_columns()


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
