"""Lessons of a course as the viewer sees them: drafts only for authors, teacher-only material only
for those who may see it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kakehashi.core.permissions import Viewer
from kakehashi.learning import rules
from kakehashi.learning.models import TEACHER_ONLY_KINDS, Course, Lesson, Status
from kakehashi.learning.selectors.courses import course_for


def lessons_of(viewer: Viewer, course: Course) -> QuerySet[Lesson]:
    lessons = Lesson.objects.filter(module__course=course)
    if not rules.can_write_courses(viewer):
        lessons = lessons.filter(status=Status.PUBLISHED)
    if not rules.can_see_teacher_material(viewer):
        lessons = lessons.exclude(kind__in=TEACHER_ONLY_KINDS)
    return lessons.select_related("module").order_by("module__position", "module__pk", "position", "pk")


def lesson_for(viewer: Viewer, lesson_id: int) -> Lesson:
    lesson = Lesson.objects.select_related("module__course").filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    course = course_for(viewer, lesson.module.course_id)
    if not lessons_of(viewer, course).filter(pk=lesson.pk).exists():
        raise Http404
    return lesson
