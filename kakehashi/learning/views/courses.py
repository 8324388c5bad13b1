"""The catalogue and a course's page; a course created, edited and published; a module added to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.i18n import localized
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.content import render_markdown
from kakehashi.learning.forms import CourseForm, ModuleForm
from kakehashi.learning.models import Course, Lesson, Module, Status, Track


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    track = request.GET.get("track", "")
    page = paginate(request, selectors.catalogue(viewer, search=search, track=track))
    context = {
        "page": page,
        "search": search,
        "track": track,
        "tracks": Track.choices,
        "can_open": rules.can_study(viewer),
        "can_follow": rules.can_follow_some_learners(viewer),
        "can_write": rules.can_write_courses(viewer),
    }
    template = "learning/course_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    lessons = list(selectors.lessons_of(viewer, course))
    modules: dict[int, tuple[Module, list[Lesson]]] = {}
    for lesson in lessons:
        modules.setdefault(lesson.module_id, (lesson.module, []))[1].append(lesson)
    if rules.can_write_courses(viewer):
        for module in course.modules.all():
            modules.setdefault(module.pk, (module, []))
    progress = selectors.progress_in(viewer, course) if rules.can_study(viewer) else None
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "modules": sorted(modules.values(), key=lambda m: (m[0].position, m[0].pk)),
            "quizzes": course.quizzes.all(),
            "exercises": course.exercises.all(),
            "assignments": course.assignments.all(),
            "progress": progress,
            "certificate": selectors.my_certificates(viewer).get(course.pk),
            "can_write": rules.can_write_courses(viewer),
            "summary": render_markdown(localized(course, "summary")),
        },
    )


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_write_courses(viewer))
    return _course_form(request, viewer, Course())


@login_required
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    require(rules.can_write_courses(viewer))
    return _course_form(request, viewer, course)


def _course_form(request: HttpRequest, viewer: Viewer, course: Course) -> HttpResponse:
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.course_save(viewer=viewer, course=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The course was saved."))
            return redirect(saved)
    title = _("Edit the course") if course.pk else _("New course")
    return render(request, "learning/form.html", {"form": form, "title": title})


@login_required
@require_POST
def course_publish(request: HttpRequest, course_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    status = Status.DRAFT if request.POST.get("status") == Status.DRAFT else Status.PUBLISHED
    services.course_set_status(viewer=viewer, course=course, status=status)
    messages.success(request, _("The course is now %(status)s.") % {"status": course.get_status_display()})
    return redirect(course)


@login_required
def module_create(request: HttpRequest, course_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    require(rules.can_write_courses(viewer))
    form = ModuleForm(request.POST or None, instance=Module(course=course))
    if request.method == "POST" and form.is_valid():
        services.module_save(viewer=viewer, module=form.save(commit=False))
        messages.success(request, _("The module was added."))
        return redirect(course)
    return render(request, "learning/form.html", {"form": form, "title": _("New module")})
