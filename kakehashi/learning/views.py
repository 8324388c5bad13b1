"""Thin views of the curriculum: viewer, parse, call a selector or a service, render."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.models import User
from kakehashi.core.i18n import has_language, localized
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.learning import documents, rules, selectors, services
from kakehashi.learning.content import render_markdown
from kakehashi.learning.forms import (
    AssignmentForm,
    ClassSessionForm,
    CohortForm,
    CourseForm,
    CriterionForm,
    ExerciseForm,
    LessonForm,
    ModuleForm,
    QuestionForm,
    QuizForm,
    SkillForm,
)
from kakehashi.learning.models import (
    Assignment,
    ClassSession,
    Cohort,
    CohortRole,
    Course,
    Exercise,
    Lesson,
    Module,
    Question,
    Quiz,
    RubricCriterion,
    Status,
    Track,
)

TIME_ZONE_OF_LANGUAGE = {"mn": "Asia/Ulaanbaatar", "ja": "Asia/Tokyo"}

ITEM_FORMS: dict[str, tuple[type[Any], type[Any]]] = {
    "quiz": (Quiz, QuizForm),
    "exercise": (Exercise, ExerciseForm),
    "assignment": (Assignment, AssignmentForm),
}


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- catalogue and courses -------------------------------------------------------------------------


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


# --- lessons ---------------------------------------------------------------------------------------


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
            "body": render_markdown(localized(lesson, "body")),
            "missing_language": not has_language(lesson, "body", language),
            "languages": [code for code in ("ja", "en", "mn") if getattr(lesson, f"body_{code}")],
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
    # images only); anything else, SVG included, is a download.
    inline = (lesson.attachment.name or "").lower().rsplit(".", 1)[-1] in {
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
    }
    return FileResponse(lesson.attachment.open("rb"), as_attachment=not inline)


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


# --- quizzes ---------------------------------------------------------------------------------------


@login_required
def quiz_detail(request: HttpRequest, quiz_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    quiz = selectors.quiz_for(viewer, quiz_id)
    if request.method == "POST":
        try:
            attempt = services.quiz_start(viewer=viewer, quiz=quiz)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            return redirect("learning:attempt_detail", attempt.pk)
    attempts = selectors.attempts_of(viewer, quiz)
    return render(
        request,
        "learning/quiz_detail.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "attempts_left": max(0, quiz.max_attempts - len(attempts)),
            "bank_size": quiz.questions.count(),
            "can_write": rules.can_write_courses(viewer),
            "questions": quiz.questions.all() if rules.can_write_courses(viewer) else [],
        },
    )


@login_required
def attempt_detail(request: HttpRequest, attempt_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    attempt = selectors.attempt_for(viewer, attempt_id)
    if request.method == "POST" and attempt.submitted_at is None:
        answers = {str(qid): request.POST.getlist(f"q{qid}") for qid in attempt.question_ids}
        try:
            services.quiz_submit(viewer=viewer, attempt=attempt, answers=answers)
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("learning:attempt_detail", attempt.pk)
    questions = Question.objects.in_bulk(attempt.question_ids)
    items = []
    for qid in attempt.question_ids:
        question = questions.get(qid)
        if question is None:
            continue
        given = attempt.answers.get(str(qid), [])
        items.append(
            {
                "question": question,
                "text": localized(question, "text"),
                "choices": list(enumerate(question.choice_labels())),
                "given": [str(g) for g in given],
                "ok": attempt.results.get(str(qid)),
                "feedback": localized(question, "feedback"),
            }
        )
    return render(
        request, "learning/attempt_detail.html", {"attempt": attempt, "quiz": attempt.quiz, "items": items}
    )


# --- exercises -------------------------------------------------------------------------------------


@login_required
def exercise_detail(request: HttpRequest, exercise_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    exercise = selectors.exercise_for(viewer, exercise_id)
    runs = selectors.runs_of(viewer, exercise)
    code = runs[0].code if runs else exercise.starter_code
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            run = services.exercise_submit(viewer=viewer, exercise=exercise, code=code)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your code was submitted; it is graded in the sandbox."))
            return redirect("learning:run_detail", run.pk)
    return render(
        request,
        "learning/exercise_detail.html",
        {
            "exercise": exercise,
            "prompt": render_markdown(localized(exercise, "prompt")),
            "runs": runs,
            "code": code,
            "can_write": rules.can_write_courses(viewer),
        },
    )


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id)
    template = "learning/run_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#result"
    return render(request, template, {"run": run, "exercise": run.exercise})


# --- assignments -----------------------------------------------------------------------------------


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    assignment = selectors.assignment_for(viewer, assignment_id)
    if request.method == "POST":
        try:
            services.assignment_submit(
                viewer=viewer,
                assignment=assignment,
                text=request.POST.get("text", ""),
                file=request.FILES.get("file"),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your work was submitted."))
            return redirect(assignment)
    submissions = selectors.submissions_of(viewer, assignment)
    criteria = list(assignment.criteria.all())
    return render(
        request,
        "learning/assignment_detail.html",
        {
            "assignment": assignment,
            "brief": render_markdown(localized(assignment, "brief")),
            "submissions": submissions,
            "criteria": criteria,
            "feedback": _rubric_feedback(submissions[0], criteria) if submissions else [],
            "can_write": rules.can_write_courses(viewer),
        },
    )


def _rubric_feedback(submission: Any, criteria: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for criterion in criteria:
        index = submission.rubric.get(str(criterion.pk))
        levels = criterion.level_choices()
        rows.append(
            {
                "criterion": criterion,
                "level": levels[index] if index is not None and index < len(levels) else None,
                "comment": submission.comments.get(str(criterion.pk), ""),
            }
        )
    return rows


@login_required
def submission_file(request: HttpRequest, submission_id: int) -> FileResponse:
    viewer = viewer_for(request)
    submission = selectors.submission_file_for(viewer, submission_id)
    if not submission.file:
        raise Http404
    return FileResponse(submission.file.open("rb"), as_attachment=True)


@login_required
def grading_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.submissions_to_grade(viewer))
    return render(request, "learning/grading_list.html", {"page": page})


@login_required
def submission_grade(request: HttpRequest, submission_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    submission = selectors.submission_for_grading(viewer, submission_id)
    criteria = list(submission.assignment.criteria.all())
    if request.method == "POST":
        levels: dict[int, int] = {}
        for criterion in criteria:
            raw = request.POST.get(f"level_{criterion.pk}", "")
            if raw.isdigit():
                levels[criterion.pk] = int(raw)
        comments = {c.pk: request.POST.get(f"comment_{c.pk}", "") for c in criteria}
        try:
            services.submission_grade(
                viewer=viewer,
                submission=submission,
                levels=levels,
                comments=comments,
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The grade was saved."))
            return redirect("learning:grading_list")
    rows = [
        {
            "criterion": c,
            "levels": c.level_choices(),
            "chosen": submission.rubric.get(str(c.pk)),
            "comment": submission.comments.get(str(c.pk), ""),
        }
        for c in criteria
    ]
    return render(request, "learning/submission_grade.html", {"submission": submission, "rows": rows})


# --- progress, gradebook, skills -------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    progress = selectors.my_progress(viewer)
    return render(
        request,
        "learning/dashboard.html",
        {"progress": progress, "certificates": selectors.my_certificates(viewer)},
    )


@login_required
def my_skills(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_study(viewer))
    return render(request, "learning/my_skills.html", {"profile": selectors.skill_profile(viewer.user)})


@login_required
def skill_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.skills_for_editing(viewer), per_page=100)
    return render(request, "learning/skill_list.html", {"page": page})


@login_required
def skill_edit(request: HttpRequest, skill_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    skill = selectors.skills_for_editing(viewer).filter(pk=skill_id).first()
    if skill is None:
        raise Http404
    form = SkillForm(request.POST or None, instance=skill)
    if request.method == "POST" and form.is_valid():
        services.skill_save(viewer=viewer, skill=form.save(commit=False))
        messages.success(request, _("The skill was saved."))
        return redirect("learning:skill_list")
    return render(request, "learning/form.html", {"form": form, "title": _("Edit the skill")})


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    cohorts = selectors.cohorts_visible_to(viewer)
    if search:
        cohorts = selectors.cohorts_matching(cohorts, search)
    page = paginate(request, cohorts)
    return render(
        request,
        "learning/cohort_list.html",
        {"page": page, "search": search, "can_manage": rules.can_manage_cohorts(viewer)},
    )


@login_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_manage_cohorts(viewer))
    return _cohort_form(request, viewer, Cohort())


@login_required
def cohort_edit(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.cohort_for_managing(viewer, cohort_id)
    return _cohort_form(request, viewer, cohort)


def _cohort_form(request: HttpRequest, viewer: Viewer, cohort: Cohort) -> HttpResponse:
    form = CohortForm(
        request.POST or None,
        instance=cohort,
        colleges=selectors.colleges_for_cohorts(viewer),
        courses=selectors.courses_visible_to(viewer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.cohort_save(
                viewer=viewer, cohort=form.save(commit=False), courses=list(form.cleaned_data["courses"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cohort was saved."))
            return redirect(saved)
    title = _("Edit the cohort") if cohort.pk else _("New cohort")
    return render(request, "learning/form.html", {"form": form, "title": title})


@login_required
def cohort_members(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Find people of the right organization and add them as learners or teachers."""
    viewer = viewer_for(request)
    cohort = selectors.cohort_for_managing(viewer, cohort_id)
    role = request.POST.get("role") or request.GET.get("role") or CohortRole.LEARNER
    if role not in CohortRole.values:
        role = CohortRole.LEARNER
    if request.method == "POST":
        raw = request.POST.get("user", "")
        user = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if user is None:
            messages.error(request, _("Choose a person from the list."))
        else:
            try:
                services.cohort_member_add(viewer=viewer, cohort=cohort, user=user, role=role)
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(
                    request, _("%(name)s was added to the cohort.") % {"name": user.display_name}
                )
        return redirect(f"{request.path}?{urlencode({'role': role, 'q': request.POST.get('q', '')})}")
    search = request.GET.get("q", "").strip()[:100]
    show_email = viewer.is_program_office
    candidates = selectors.member_candidates(cohort, role, search, by_email=show_email)
    page = paginate(request, candidates, per_page=20)
    context = {
        "show_email": show_email,
        "cohort": cohort,
        "page": page,
        "search": search,
        "role": role,
        "roles": CohortRole.choices,
    }
    template = "learning/cohort_members.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def cohort_member_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    member = selectors.cohort_member_for_managing(viewer, member_id)
    if request.method == "POST":
        services.cohort_member_remove(viewer=viewer, member=member)
        messages.success(
            request, _("%(name)s was removed from the cohort.") % {"name": member.user.display_name}
        )
        return redirect(member.cohort)
    return render(request, "learning/cohort_member_remove.html", {"member": member, "cohort": member.cohort})


@login_required
def session_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.cohort_for_scheduling(viewer, cohort_id)
    language = viewer.user.preferred_language
    session = ClassSession(cohort=cohort, time_zone=TIME_ZONE_OF_LANGUAGE.get(language, "Asia/Ulaanbaatar"))
    return _session_form(request, viewer, cohort, session)


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    session = selectors.session_for_scheduling(viewer, session_id)
    return _session_form(request, viewer, session.cohort, session)


def _session_form(
    request: HttpRequest, viewer: Viewer, cohort: Cohort, session: ClassSession
) -> HttpResponse:
    form = ClassSessionForm(request.POST or None, instance=session, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.class_session_save(viewer=viewer, session=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The class was saved."))
            return redirect(cohort)
    title = _("Edit the class") if session.pk else _("Schedule a class")
    return render(request, "learning/form.html", {"form": form, "title": title})


@login_required
def session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    session = selectors.session_for_scheduling(viewer, session_id)
    if request.method == "POST":
        services.class_session_delete(viewer=viewer, session=session)
        messages.success(request, _("The class was cancelled and removed from the schedule."))
        return redirect(session.cohort)
    return render(request, "learning/session_delete.html", {"session": session, "cohort": session.cohort})


@login_required
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.cohort_for(viewer, cohort_id)
    members = cohort.members.select_related("user").order_by("role", "user__name_latin")
    return render(
        request,
        "learning/cohort_detail.html",
        {
            "cohort": cohort,
            "members": members,
            "courses": cohort.courses.filter(status=Status.PUBLISHED),
            "sessions": cohort.sessions.all(),
            "can_see_gradebook": rules.is_staff(viewer) or selectors.teaches(viewer, cohort),
            "can_manage": rules.can_manage_cohorts(viewer),
            "can_schedule": selectors.can_schedule_in(viewer, cohort),
        },
    )


@login_required
def gradebook(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.gradebook_cohort_for(viewer, cohort_id)
    return render(request, "learning/gradebook.html", {"book": selectors.gradebook(cohort)})


@login_required
def gradebook_export(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.gradebook_cohort_for(viewer, cohort_id)
    data = documents.gradebook_xlsx(selectors.gradebook(cohort))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="gradebook-{cohort.key}.xlsx"'
    return response


# --- certificates ----------------------------------------------------------------------------------


@login_required
@require_POST
def certificate_issue(request: HttpRequest, course_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    try:
        services.certificate_issue(viewer=viewer, course=course)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Your certificate is ready."))
    return redirect(course)


@login_required
def certificate_pdf(request: HttpRequest, certificate_id: int) -> FileResponse:
    viewer = viewer_for(request)
    certificate = selectors.certificate_for(viewer, certificate_id)
    pdf = documents.certificate_pdf(certificate, request.build_absolute_uri("/learning/verify/"))
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Public: no sign-in. Shows only the name, the course and the date of a valid code. Lookups are
    limited per address, so that codes cannot be guessed by trying many."""
    code = request.GET.get("code", "").strip()[:40]
    if code and services.verify_rate_limited(request.META.get("REMOTE_ADDR", "")):
        context = {"code": code, "limited": True}
        return render(request, "learning/verify.html", context, status=429)
    certificate = selectors.certificate_by_code(code) if code else None
    return render(request, "learning/verify.html", {"code": code, "certificate": certificate})


# --- schedule --------------------------------------------------------------------------------------


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    sessions = selectors.sessions_for(viewer)
    feed = selectors.calendar_feed_of(viewer)
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed is not None else ""
    return render(
        request, "learning/schedule.html", {"page": paginate(request, sessions), "feed_url": feed_url}
    )


@login_required
@require_POST
def schedule_feed_regenerate(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    services.calendar_feed_regenerate(viewer=viewer)
    messages.success(request, _("Your calendar has a new subscription link; the old link no longer works."))
    return redirect("learning:schedule")


def _ics_response(sessions: list[ClassSession]) -> HttpResponse:
    response = HttpResponse(documents.schedule_ics(sessions), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kakehashi-classes.ics"'
    return response


@login_required
def schedule_ics(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return _ics_response(list(selectors.sessions_for(viewer)))


def schedule_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public: calendar apps subscribe without a session. The token in the URL is the only credential; a
    wrong one answers 404, and so does a person who may no longer see a schedule."""
    viewer = selectors.viewer_for_feed(token)
    try:
        sessions = list(selectors.sessions_for(viewer))
    except PermissionDenied:
        raise Http404 from None
    response = _ics_response(sessions)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
