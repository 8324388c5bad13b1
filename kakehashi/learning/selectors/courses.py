"""Courses the viewer may see: the catalogue, one course, and the module of a course an author edits.

`_course_item` fetches a quiz, an exercise or an assignment and checks its course is in the viewer's
scope; `quizzes`, `exercises` and `assignments` build their `*_for` look-ups on it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.core.multilingual.query import translated_contains, translated_order
from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import Assignment, CohortRole, Course, Exercise, Module, Quiz, Status, Track


def _program_courses(viewer: Viewer) -> QuerySet[Course]:
    if viewer.program is None:
        return Course.objects.none()
    return Course.objects.filter(program=viewer.program)


def courses_visible_to(viewer: Viewer, *, search: str = "", track: str = "") -> QuerySet[Course]:
    """Courses whose content the viewer may open."""
    courses = _program_courses(viewer)
    if not rules.is_staff(viewer):
        scope = Q(pk__in=[])
        if rules.is_teacher(viewer):
            scope |= Q(track=Track.TEACHER) | Q(
                pk__in=Course.objects.filter(cohorts__members__user=viewer.user).values("pk")
            )
        if rules.is_learner(viewer):
            scope |= Q(
                track=Track.STUDENT,
                pk__in=Course.objects.filter(
                    cohorts__members__user=viewer.user, cohorts__members__role=CohortRole.LEARNER
                ).values("pk"),
            )
        courses = courses.filter(scope, status=Status.PUBLISHED)
    if search:
        courses = courses.filter(translated_contains("title", search))
    if track:
        courses = courses.filter(track=track)
    return courses.order_by("track", translated_order("title"), "pk")


def catalogue(viewer: Viewer, *, search: str = "", track: str = "") -> QuerySet[Course]:
    """The published catalogue: titles only for those who do not study or teach."""
    require(rules.can_see_catalogue(viewer))
    if rules.can_study(viewer):
        return courses_visible_to(viewer, search=search, track=track)
    courses = _program_courses(viewer).filter(status=Status.PUBLISHED)
    if search:
        courses = courses.filter(translated_contains("title", search))
    if track:
        courses = courses.filter(track=track)
    return courses.order_by("track", translated_order("title"), "pk")


def course_for(viewer: Viewer, course_id: int) -> Course:
    require(rules.can_study(viewer))
    try:
        return courses_visible_to(viewer).get(pk=course_id)
    except Course.DoesNotExist:
        raise Http404 from None


def _course_item[T: (Quiz, Exercise, Assignment)](viewer: Viewer, model: type[T], pk: int) -> T:
    item = model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
    if item is None:
        raise Http404
    course_for(viewer, item.course_id)
    return item  # type: ignore[no-any-return]


def module_for_writing(viewer: Viewer, module_id: int) -> Module:
    module = Module.objects.filter(pk=module_id).first()
    if module is None:
        raise Http404
    course_for(viewer, module.course_id)
    require(rules.can_write_courses(viewer))
    return module
