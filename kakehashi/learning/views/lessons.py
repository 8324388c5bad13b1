"""Lessons: read, marked as read, their attached file, and created or edited by authors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.content import render_markdown
from kakehashi.learning.forms import LessonForm
from kakehashi.learning.models import Course, Lesson
from kakehashi.privacy.uploads import serve_upload


@login_required
def lesson_detail(request: HttpRequest, lesson_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    lesson = selectors.lesson_for(viewer, lesson_id)
    language = (translation.get_language() or "en").split("-")[0]
    return render(
        request,
        "learning/lesson_detail.html",
        {
            "lesson": lesson,
            "course": lesson.module.course,
            "body": render_markdown(str(lesson.body)),
            "missing_language": not lesson.body.get(language),
            "can_write": rules.can_write_courses(viewer),
            "skills": lesson.skills.all(),
        },
    )


@login_required
@require_POST
def lesson_complete(request: HttpRequest, lesson_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    lesson = selectors.lesson_for(viewer, lesson_id)
    services.lesson_complete(viewer=viewer, lesson=lesson)
    messages.success(request, _("The lesson is marked as read."))
    return redirect(lesson.module.course)


@login_required
def lesson_file(request: HttpRequest, lesson_id: int) -> FileResponse:
    viewer = viewer_for(request)
    lesson = selectors.lesson_for(viewer, lesson_id)
    if not lesson.attachment:
        raise Http404
    # Raster images show inline, so that lesson Markdown can embed them (the CSP allows same-origin
    # images only), when their bytes really are that image; anything else, SVG included, is a download.
    return serve_upload(lesson.attachment, inline_images=True)


@login_required
def lesson_create(request: HttpRequest, course_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    require(rules.can_write_courses(viewer))
    return _lesson_form(request, viewer, course, Lesson())


@login_required
def lesson_edit(request: HttpRequest, lesson_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    lesson = selectors.lesson_for(viewer, lesson_id)
    require(rules.can_write_courses(viewer))
    return _lesson_form(request, viewer, lesson.module.course, lesson)


def _lesson_form(request: HttpRequest, viewer: Viewer, course: Course, lesson: Lesson) -> HttpResponse:
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.lesson_save(
                viewer=viewer, lesson=form.save(commit=False), skills=list(form.cleaned_data["skills"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lesson was saved."))
            return redirect(saved)
    title = _("Edit the lesson") if lesson.pk else _("New lesson")
    return render(request, "learning/form.html", {"form": form, "title": title, "multipart": True})
