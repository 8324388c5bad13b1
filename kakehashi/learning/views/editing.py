"""Content editing by authors: a course's quizzes, programming exercises and assignments created and
edited, the questions of a quiz's bank, the criteria of an assignment's rubric, and the delete page of
any of these (or of a module or a lesson) that says what deleting loses or why it is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.forms import AssignmentForm, CriterionForm, ExerciseForm, QuestionForm, QuizForm
from kakehashi.learning.models import Assignment, Exercise, Question, Quiz, RubricCriterion
from kakehashi.learning.views._common import _errors

ITEM_FORMS: dict[str, tuple[type[Any], type[Any]]] = {
    "quiz": (Quiz, QuizForm),
    "exercise": (Exercise, ExerciseForm),
    "assignment": (Assignment, AssignmentForm),
}


@login_required
def item_create(request: HttpRequest, course_id: int, kind: str) -> HttpResponse:
    """A new quiz, programming exercise or assignment in the course."""
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    require(rules.can_write_courses(viewer))
    if kind not in ITEM_FORMS:
        raise Http404
    model, _form = ITEM_FORMS[kind]
    return _item_form(request, viewer, model(course=course))


@login_required
def item_edit(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    if kind not in ITEM_FORMS:
        raise Http404
    getter = {
        "quiz": selectors.quiz_for,
        "exercise": selectors.exercise_for,
        "assignment": selectors.assignment_for,
    }
    item = getter[kind](viewer, item_id)
    require(rules.can_write_courses(viewer))
    return _item_form(request, viewer, item)


def _item_form(request: HttpRequest, viewer: Viewer, item: Any) -> HttpResponse:
    form_class = next(form for model, form in ITEM_FORMS.values() if isinstance(item, model))
    form = form_class(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = services.item_save(viewer=viewer, item=form.save(commit=False))
        form.save_m2m()
        messages.success(request, _("Saved."))
        return redirect(saved)
    return render(request, "learning/form.html", {"form": form, "title": str(item) or _("New item")})


@login_required
def question_create(request: HttpRequest, quiz_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    quiz = selectors.quiz_for(viewer, quiz_id)
    require(rules.can_write_courses(viewer))
    return _question_form(request, viewer, Question(quiz=quiz))


@login_required
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise Http404
    selectors.quiz_for(viewer, question.quiz_id)
    require(rules.can_write_courses(viewer))
    return _question_form(request, viewer, question)


def _question_form(request: HttpRequest, viewer: Viewer, question: Question) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.item_save(viewer=viewer, item=form.save(commit=False))
        messages.success(request, _("The question was saved."))
        return redirect(question.quiz)
    return render(request, "learning/form.html", {"form": form, "title": _("Question of the bank")})


@login_required
def criterion_create(request: HttpRequest, assignment_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    assignment = selectors.assignment_for(viewer, assignment_id)
    require(rules.can_write_courses(viewer))
    form = CriterionForm(request.POST or None, instance=RubricCriterion(assignment=assignment))
    if request.method == "POST" and form.is_valid():
        services.item_save(viewer=viewer, item=form.save(commit=False))
        messages.success(request, _("The criterion was added to the rubric."))
        return redirect(assignment)
    return render(request, "learning/form.html", {"form": form, "title": _("New rubric criterion")})


@login_required
def criterion_edit(request: HttpRequest, criterion_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    criterion = selectors.criterion_for(viewer, criterion_id)
    require(rules.can_write_courses(viewer))
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(viewer=viewer, criterion=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The criterion was saved."))
            return redirect(criterion.assignment)
    return render(request, "learning/form.html", {"form": form, "title": _("Edit the rubric criterion")})


def _deletable(viewer: Viewer, kind: str, item_id: int) -> tuple[Any, str]:
    """The item to delete and where to go afterwards."""
    if kind == "module":
        module = selectors.module_for_writing(viewer, item_id)
        return module, module.course.get_absolute_url()
    if kind == "lesson":
        lesson = selectors.lesson_for(viewer, item_id)
        return lesson, lesson.module.course.get_absolute_url()
    if kind in ITEM_FORMS:
        getter: dict[str, Callable[[Viewer, int], Quiz | Exercise | Assignment]] = {
            "quiz": selectors.quiz_for,
            "exercise": selectors.exercise_for,
            "assignment": selectors.assignment_for,
        }
        item = getter[kind](viewer, item_id)
        return item, item.course.get_absolute_url()
    if kind == "question":
        question = selectors.question_for(viewer, item_id)
        return question, question.quiz.get_absolute_url()
    if kind == "criterion":
        criterion = selectors.criterion_for(viewer, item_id)
        return criterion, criterion.assignment.get_absolute_url()
    raise Http404


@login_required
def item_delete(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """GET: what deleting loses, or why it is refused; POST: delete."""
    viewer = viewer_for(request)
    item, back = _deletable(viewer, kind, item_id)
    require(rules.can_write_courses(viewer))
    if request.method == "POST":
        try:
            services.item_delete(viewer=viewer, item=item)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect(request.path)
        messages.success(request, _("Deleted."))
        return redirect(back)
    return render(
        request,
        "learning/confirm_delete.html",
        {
            "item": item,
            "kind": item._meta.verbose_name,
            "impact": selectors.deletion_impact(item),
            "back": back,
        },
    )
