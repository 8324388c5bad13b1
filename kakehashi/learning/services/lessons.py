"""Lessons: saved by an author with their skills, and marked as read by a learner."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import (
    Lesson,
    LessonCompletion,
    Skill,
)
from kakehashi.privacy.uploads import validate_upload

# What a lesson may offer for download or show inline (raster images only; SVG would run scripts).
ATTACHMENT_KINDS = frozenset(
    {"pdf", "png", "jpg", "gif", "webp", "docx", "xlsx", "pptx", "zip", "txt", "md", "csv", "py", "ipynb"}
)
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def lesson_save(*, viewer: Viewer, lesson: Lesson, skills: list[Skill] | None = None) -> Lesson:
    """Edits are recorded by django-auditlog (registered in apps.py), published lessons included."""
    require(rules.can_write_courses(viewer))
    if not lesson.title:
        raise ValidationError(_("Give the lesson a title in at least one language."))
    attachment = lesson.attachment
    # A new upload, not the file the lesson already has (FieldFile._committed is False until saved).
    if attachment and not getattr(attachment, "_committed", True):
        try:
            validate_upload(
                attachment.file,
                allowed=ATTACHMENT_KINDS,
                max_bytes=ATTACHMENT_MAX_BYTES,
                name=attachment.name,
            )
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from None
    lesson.full_clean()
    lesson.save()
    if skills is not None:
        lesson.skills.set(skills)
    return lesson


@transaction.atomic
def lesson_complete(*, viewer: Viewer, lesson: Lesson) -> None:
    LessonCompletion.objects.get_or_create(lesson=lesson, user=viewer.user)
