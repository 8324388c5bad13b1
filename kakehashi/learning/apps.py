from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "kakehashi.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

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
            models.CohortMember,
            models.ClassSession,
        ):
            auditlog.register(model)
        auditlog.register(
            models.Submission, include_fields=["score_percent", "rubric", "comment", "graded_by"]
        )
        auditlog.register(models.Certificate)
