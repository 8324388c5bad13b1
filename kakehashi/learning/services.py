"""Every change to the curriculum and to learners' work goes through here."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.accounts.roles import OrganizationKind
from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules, sandbox, selectors
from kakehashi.learning.models import (
    Assignment,
    CalendarFeed,
    Certificate,
    ClassSession,
    Cohort,
    CohortMember,
    CohortRole,
    Course,
    Exercise,
    ExerciseRun,
    LatePolicy,
    Lesson,
    LessonCompletion,
    Module,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    RubricCriterion,
    RunStatus,
    Skill,
    Status,
    Submission,
)

# --- authoring -------------------------------------------------------------------------------------


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
def lesson_save(*, viewer: Viewer, lesson: Lesson, skills: list[Skill] | None = None) -> Lesson:
    """Edits are recorded by django-auditlog (registered in apps.py), published lessons included."""
    require(rules.can_write_courses(viewer))
    if not (lesson.title_en or lesson.title_ja or lesson.title_mn):
        raise ValidationError(_("Give the lesson a title in at least one language."))
    lesson.full_clean()
    lesson.save()
    if skills is not None:
        lesson.skills.set(skills)
    return lesson


@transaction.atomic
def item_save[T: (Quiz, Exercise, Assignment, Question, RubricCriterion)](*, viewer: Viewer, item: T) -> T:
    """A quiz, question, exercise, assignment or rubric criterion, written by an author or instructor."""
    require(rules.can_write_courses(viewer))
    item.full_clean()
    item.save()
    return item


def _levels_points(levels: list[dict[str, Any]]) -> list[int]:
    return [int(level.get("points", 0)) for level in levels]


@transaction.atomic
def criterion_save(*, viewer: Viewer, criterion: RubricCriterion) -> RubricCriterion:
    """Once work was graded with the rubric, the wording of a criterion may change, not its points."""
    require(rules.can_write_courses(viewer))
    if criterion.pk is not None:
        before = RubricCriterion.objects.get(pk=criterion.pk)
        graded = Submission.objects.filter(
            assignment_id=criterion.assignment_id, graded_at__isnull=False
        ).exists()
        if graded and _levels_points(before.levels) != _levels_points(criterion.levels):
            raise ValidationError(
                _(
                    "Work was already graded with this rubric: you may change the wording of the levels, "
                    "not their number or points."
                )
            )
    criterion.full_clean()
    criterion.save()
    return criterion


DeletableItem = Module | Lesson | Quiz | Exercise | Assignment | Question | RubricCriterion


@transaction.atomic
def item_delete(*, viewer: Viewer, item: DeletableItem) -> None:
    """Refused when learners' graded work depends on the item (see selectors.deletion_impact)."""
    require(rules.can_write_courses(viewer))
    impact = selectors.deletion_impact(item)
    if impact.blocked:
        raise ValidationError(impact.blocked)
    item.delete()


@transaction.atomic
def course_set_status(*, viewer: Viewer, course: Course, status: str) -> Course:
    require(rules.can_write_courses(viewer))
    course.status = status
    course.save(update_fields=["status", "updated_at"])
    if status == Status.PUBLISHED:
        Lesson.objects.filter(module__course=course, status=Status.DRAFT).update(status=Status.PUBLISHED)
    return course


@transaction.atomic
def skill_save(*, viewer: Viewer, skill: Skill) -> Skill:
    require(rules.can_edit_skills(viewer))
    skill.full_clean()
    skill.save()
    return skill


# --- lessons ---------------------------------------------------------------------------------------


@transaction.atomic
def lesson_complete(*, viewer: Viewer, lesson: Lesson) -> None:
    LessonCompletion.objects.get_or_create(lesson=lesson, user=viewer.user)


# --- quizzes ---------------------------------------------------------------------------------------


@transaction.atomic
def quiz_start(*, viewer: Viewer, quiz: Quiz, rng: random.Random | None = None) -> QuizAttempt:
    """A new attempt with questions drawn from the bank (all of them when `draw` is 0)."""
    open_attempt = QuizAttempt.objects.filter(quiz=quiz, user=viewer.user, submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    used = QuizAttempt.objects.filter(quiz=quiz, user=viewer.user).count()
    if used >= quiz.max_attempts:
        raise ValidationError(_("You have used all the attempts this quiz allows."))
    ids = list(quiz.questions.values_list("pk", flat=True))
    if quiz.draw and quiz.draw < len(ids):
        ids = (rng or random.SystemRandom()).sample(ids, quiz.draw)
    return QuizAttempt.objects.create(quiz=quiz, user=viewer.user, question_ids=ids)


def grade_answer(question: Question, given: Any) -> bool:
    """Automatic grading of one answer. `given`: a list of choice indexes, or the text typed."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        try:
            chosen = sorted({int(x) for x in (given if isinstance(given, list) else [given]) if str(x) != ""})
        except (TypeError, ValueError):
            return False
        return chosen == sorted(int(x) for x in question.answer)
    text = str(given[0] if isinstance(given, list) and given else given or "").strip()
    if question.kind == QuestionKind.NUMBER:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return False
        expected = float(question.answer[0] if isinstance(question.answer, list) else question.answer)
        return math.isfinite(value) and abs(value - expected) <= question.tolerance + 1e-9
    accepted = question.answer if isinstance(question.answer, list) else [question.answer]
    return " ".join(text.casefold().split()) in {" ".join(str(a).casefold().split()) for a in accepted}


@transaction.atomic
def quiz_submit(*, viewer: Viewer, attempt: QuizAttempt, answers: dict[str, list[str]]) -> QuizAttempt:
    if attempt.user_id != viewer.user.pk:
        require(False)
    if attempt.submitted_at is not None:
        raise ValidationError(_("This attempt was already submitted."))
    questions = Question.objects.in_bulk(attempt.question_ids)
    total = earned = 0
    results: dict[str, bool] = {}
    for qid in attempt.question_ids:
        question = questions.get(qid)
        if question is None:
            continue
        given = answers.get(str(qid), [])
        ok = grade_answer(question, given)
        results[str(qid)] = ok
        total += question.points
        earned += question.points if ok else 0
    attempt.answers = {k: v for k, v in answers.items() if k in {str(q) for q in attempt.question_ids}}
    attempt.results = results
    attempt.score_percent = round(100 * earned / total) if total else 0
    attempt.submitted_at = timezone.now()
    attempt.save()
    return attempt


# --- programming exercises -------------------------------------------------------------------------

MAX_CODE_CHARS = 20_000


@transaction.atomic
def exercise_submit(*, viewer: Viewer, exercise: Exercise, code: str) -> ExerciseRun:
    """Keep the code and grade it in the background once the transaction commits."""
    if not code.strip():
        raise ValidationError(_("Write some code before you submit it."))
    if len(code) > MAX_CODE_CHARS:
        raise ValidationError(_("Your code is too long: keep it under 20,000 characters."))
    if ExerciseRun.objects.filter(user=viewer.user, status=RunStatus.QUEUED).count() >= 3:
        raise ValidationError(_("Wait until your earlier submissions have been graded."))
    run = ExerciseRun.objects.create(exercise=exercise, user=viewer.user, code=code)
    from kakehashi.learning.tasks import grade_exercise_run

    run_id = run.pk
    transaction.on_commit(lambda: grade_exercise_run.enqueue(run_id))
    return run


def exercise_run_grade(*, run_id: int, limits: sandbox.Limits | None = None) -> str:
    """Run in the sandbox (outside any transaction: it takes seconds), then store the outcome."""
    run = ExerciseRun.objects.select_related("exercise").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return str(run.status)
    outcome = sandbox.run(run.code, run.exercise.tests, limits=limits)
    run.status = outcome.status
    run.tests = outcome.tests
    run.output = outcome.output
    run.message = outcome.message
    run.score_percent = outcome.score if outcome.status in (RunStatus.PASSED, RunStatus.FAILED) else 0
    run.finished_at = timezone.now()
    run.save()
    return str(run.status)


# --- assignments -----------------------------------------------------------------------------------


@transaction.atomic
def assignment_submit(
    *, viewer: Viewer, assignment: Assignment, text: str = "", file: UploadedFile | None = None
) -> Submission:
    now = timezone.now()
    late = assignment.due_at is not None and now > assignment.due_at
    if late and assignment.late_policy == LatePolicy.REFUSE:
        raise ValidationError(_("The deadline has passed and this assignment does not accept late work."))
    text = text.strip()
    if text and not assignment.accepts_text:
        raise ValidationError(_("This assignment accepts files only."))
    if file is not None:
        if not assignment.accepts_file:
            raise ValidationError(_("This assignment accepts text only."))
        extension = Path(file.name or "").suffix.lower().lstrip(".")
        if extension not in assignment.extensions:
            raise ValidationError(
                _("Files of this type are not accepted. Allowed types: %(types)s.")
                % {"types": ", ".join(assignment.extensions)}
            )
        if (file.size or 0) > assignment.max_file_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is too large: the limit is %(mb)s MB.") % {"mb": assignment.max_file_mb}
            )
    if not text and file is None:
        raise ValidationError(_("Write an answer or attach a file."))
    version = (
        Submission.objects.filter(assignment=assignment, user=viewer.user).aggregate(v=Max("version"))["v"]
        or 0
    ) + 1
    submission = Submission(assignment=assignment, user=viewer.user, version=version, text=text, is_late=late)
    if file is not None:
        submission.file = file  # type: ignore[assignment]
    submission.save()
    return submission


@transaction.atomic
def submission_grade(
    *,
    viewer: Viewer,
    submission: Submission,
    levels: dict[int, int],
    comments: dict[int, str],
    comment: str = "",
) -> Submission:
    """Rubric grading: one level per criterion. The score is the points earned over the best possible,
    less the late penalty when the policy asks for one."""
    require(rules.can_grade(viewer))
    criteria = list(submission.assignment.criteria.all())
    if not criteria:
        raise ValidationError(_("This assignment has no rubric yet."))
    earned = possible = 0
    chosen: dict[str, int] = {}
    for criterion in criteria:
        index = levels.get(criterion.pk)
        if index is None or not 0 <= index < len(criterion.levels):
            raise ValidationError(_("Choose a level for every criterion of the rubric."))
        chosen[str(criterion.pk)] = index
        earned += int(criterion.levels[index]["points"])
        possible += max(int(level["points"]) for level in criterion.levels)
    score = 100 * earned / possible if possible else 0
    if submission.is_late and submission.assignment.late_policy == LatePolicy.PENALTY:
        score = max(0, score - submission.assignment.late_penalty_percent)
    submission.rubric = chosen
    submission.comments = {str(k): v.strip() for k, v in comments.items() if v.strip()}
    submission.comment = comment.strip()
    submission.score_percent = round(score)
    submission.graded_by = viewer.user
    submission.graded_at = timezone.now()
    submission.save()
    return submission


# --- certificates ----------------------------------------------------------------------------------


@transaction.atomic
def certificate_issue(*, viewer: Viewer, course: Course) -> Certificate:
    existing = Certificate.objects.filter(user=viewer.user, course=course).first()
    if existing is not None:
        return existing
    if not selectors.progress_in(viewer, course).is_complete:
        raise ValidationError(_("Finish every part of the course that counts towards completion first."))
    return Certificate.objects.create(
        user=viewer.user,
        course=course,
        issued_on=timezone.localdate(),
        name_printed=viewer.user.display_name,
        course_title_printed={"ja": course.title_ja, "en": course.title_en, "mn": course.title_mn},
    )


VERIFY_LIMIT = 30
VERIFY_WINDOW_SECONDS = 600


def verify_rate_limited(ip: str) -> bool:
    """Count one certificate lookup from this address; True once it went over 30 in 10 minutes."""
    key = f"learning:verify:{ip}"
    cache.add(key, 0, timeout=VERIFY_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=VERIFY_WINDOW_SECONDS)
        count = 1
    return count > VERIFY_LIMIT


# --- cohorts ---------------------------------------------------------------------------------------


@transaction.atomic
def cohort_save(*, viewer: Viewer, cohort: Cohort, courses: list[Course] | None = None) -> Cohort:
    """A cohort of one partner college of the viewer's program; its key is made from the college and
    the intake when left empty."""
    require(rules.can_manage_cohorts(viewer))
    if cohort.pk is None:
        if viewer.program is None:
            raise ValidationError(_("Choose a program first."))
        cohort.program = viewer.program
    if cohort.college.kind != OrganizationKind.PARTNER_COLLEGE:
        raise ValidationError(_("A cohort belongs to a partner college."))
    if not cohort.key:
        base = slugify(f"{cohort.college.key}-{cohort.intake}")[:50] or "cohort"
        key, n = base, 1
        while Cohort.objects.filter(program=cohort.program, key=key).exclude(pk=cohort.pk).exists():
            n += 1
            key = f"{base}-{n}"
        cohort.key = key
    elif Cohort.objects.filter(program=cohort.program, key=cohort.key).exclude(pk=cohort.pk).exists():
        raise ValidationError(_("Another cohort of the program already has this key."))
    cohort.full_clean(validate_unique=False)
    cohort.save()
    if courses is not None:
        if any(course.program_id != cohort.program_id for course in courses):
            raise ValidationError(_("Choose courses of this program."))
        cohort.courses.set(courses)
    return cohort


@transaction.atomic
def cohort_member_add(*, viewer: Viewer, cohort: Cohort, user: User, role: str) -> CohortMember:
    """Only people of the right organization and role may join (selectors.member_candidates)."""
    require(rules.can_manage_cohorts(viewer))
    if role not in CohortRole.values:
        raise ValidationError(_("Choose whether the person joins as a learner or as a teacher."))
    if not selectors.member_candidates(cohort, role).filter(pk=user.pk).exists():
        raise ValidationError(_("This person cannot join this cohort in this role, or is already in it."))
    member, _created = CohortMember.objects.get_or_create(cohort=cohort, user=user, role=role)
    return member


@transaction.atomic
def cohort_member_remove(*, viewer: Viewer, member: CohortMember) -> None:
    """Their own work and grades stay: they belong to the person, not to the cohort."""
    require(rules.can_manage_cohorts(viewer))
    member.delete()


# --- class sessions and the calendar feed ----------------------------------------------------------


@transaction.atomic
def class_session_save(*, viewer: Viewer, session: ClassSession) -> ClassSession:
    require(selectors.can_schedule_in(viewer, session.cohort))
    if session.ends_at <= session.starts_at:
        raise ValidationError(_("The class must end after it starts."))
    if session.course_id is not None and not session.cohort.courses.filter(pk=session.course_id).exists():
        raise ValidationError(_("Choose one of the cohort's courses."))
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def class_session_delete(*, viewer: Viewer, session: ClassSession) -> None:
    require(selectors.can_schedule_in(viewer, session.cohort))
    session.delete()


@transaction.atomic
def calendar_feed_regenerate(*, viewer: Viewer) -> CalendarFeed:
    """A new private feed URL for the viewer; the previous one stops working."""
    require(rules.can_see_cohorts(viewer))
    feed = CalendarFeed.objects.select_for_update().filter(user=viewer.user).first() or CalendarFeed(
        user=viewer.user
    )
    feed.program = viewer.program
    feed.renew()
    feed.save()
    return feed
