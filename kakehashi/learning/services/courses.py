"""Courses written by authors: a course saved in the viewer's program, a module saved, and a course's
status set (publishing a course publishes its draft lessons)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import (
    Course,
    Lesson,
    Module,
    Status,
)


@transaction.atomic
def course_save(*, viewer: Viewer, course: Course) -> Course:
    require(rules.can_write_courses(viewer))
    if course.pk is None:
        if viewer.program is None:
            raise ValidationError(_("Choose a program first."))
        course.program = viewer.program
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def module_save(*, viewer: Viewer, module: Module) -> Module:
    require(rules.can_write_courses(viewer))
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def course_set_status(*, viewer: Viewer, course: Course, status: str) -> Course:
    require(rules.can_write_courses(viewer))
    course.status = status
    course.save(update_fields=["status", "updated_at"])
    if status == Status.PUBLISHED:
        Lesson.objects.filter(module__course=course, status=Status.DRAFT).update(status=Status.PUBLISHED)
    return course
