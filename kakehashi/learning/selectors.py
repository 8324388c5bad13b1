"""Reads of the curriculum, scoped to the viewer: an object outside the viewer's scope raises Http404,
a role without access to learning content gets 403."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils.translation import ngettext

from kakehashi.accounts.models import Membership, Organization, User
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer, build_viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import (
    TEACHER_ONLY_KINDS,
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
    Lesson,
    LessonCompletion,
    LessonKind,
    Module,
    Question,
    Quiz,
    QuizAttempt,
    RubricCriterion,
    Skill,
    Status,
    Submission,
    Track,
)

# --- courses and content ---------------------------------------------------------------------------


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
        courses = courses.filter(
            Q(title_en__icontains=search) | Q(title_ja__icontains=search) | Q(title_mn__icontains=search)
        )
    if track:
        courses = courses.filter(track=track)
    return courses.order_by("track", "title_en")


def catalogue(viewer: Viewer, *, search: str = "", track: str = "") -> QuerySet[Course]:
    """The published catalogue: titles only for those who do not study or teach."""
    require(rules.can_see_catalogue(viewer))
    if rules.can_study(viewer):
        return courses_visible_to(viewer, search=search, track=track)
    courses = _program_courses(viewer).filter(status=Status.PUBLISHED)
    if search:
        courses = courses.filter(
            Q(title_en__icontains=search) | Q(title_ja__icontains=search) | Q(title_mn__icontains=search)
        )
    if track:
        courses = courses.filter(track=track)
    return courses.order_by("track", "title_en")


def course_for(viewer: Viewer, course_id: int) -> Course:
    require(rules.can_study(viewer))
    try:
        return courses_visible_to(viewer).get(pk=course_id)
    except Course.DoesNotExist:
        raise Http404 from None


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


def _course_item[T: (Quiz, Exercise, Assignment)](viewer: Viewer, model: type[T], pk: int) -> T:
    item = model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
    if item is None:
        raise Http404
    course_for(viewer, item.course_id)
    return item  # type: ignore[no-any-return]


def quiz_for(viewer: Viewer, quiz_id: int) -> Quiz:
    return _course_item(viewer, Quiz, quiz_id)


def exercise_for(viewer: Viewer, exercise_id: int) -> Exercise:
    return _course_item(viewer, Exercise, exercise_id)


def assignment_for(viewer: Viewer, assignment_id: int) -> Assignment:
    return _course_item(viewer, Assignment, assignment_id)


def attempts_of(viewer: Viewer, quiz: Quiz) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(quiz=quiz, user=viewer.user).select_related("quiz"))


def attempt_for(viewer: Viewer, attempt_id: int) -> QuizAttempt:
    attempt = QuizAttempt.objects.select_related("quiz").filter(pk=attempt_id, user=viewer.user).first()
    if attempt is None:
        raise Http404
    course_for(viewer, attempt.quiz.course_id)
    return attempt


def runs_of(viewer: Viewer, exercise: Exercise) -> list[ExerciseRun]:
    return list(ExerciseRun.objects.filter(exercise=exercise, user=viewer.user)[:10])


def run_for(viewer: Viewer, run_id: int) -> ExerciseRun:
    run = ExerciseRun.objects.select_related("exercise").filter(pk=run_id, user=viewer.user).first()
    if run is None:
        raise Http404
    course_for(viewer, run.exercise.course_id)
    return run


def submissions_of(viewer: Viewer, assignment: Assignment) -> list[Submission]:
    return list(Submission.objects.filter(assignment=assignment, user=viewer.user))


# --- cohorts ---------------------------------------------------------------------------------------


def cohorts_visible_to(viewer: Viewer) -> QuerySet[Cohort]:
    require(rules.can_see_cohorts(viewer))
    if viewer.program is None:
        return Cohort.objects.none()
    cohorts = Cohort.objects.filter(program=viewer.program).select_related("college")
    if not rules.is_staff(viewer):
        cohorts = cohorts.filter(pk__in=CohortMember.objects.filter(user=viewer.user).values("cohort_id"))
    return cohorts.order_by("college__name_en", "intake")


def cohorts_matching(cohorts: QuerySet[Cohort], search: str) -> QuerySet[Cohort]:
    return cohorts.filter(
        Q(title_en__icontains=search)
        | Q(title_ja__icontains=search)
        | Q(title_mn__icontains=search)
        | Q(intake__icontains=search)
        | Q(college__name_en__icontains=search)
        | Q(college__name_ja__icontains=search)
        | Q(college__name_mn__icontains=search)
    )


def cohort_for(viewer: Viewer, cohort_id: int) -> Cohort:
    try:
        return cohorts_visible_to(viewer).get(pk=cohort_id)
    except Cohort.DoesNotExist:
        raise Http404 from None


def gradebook_cohort_for(viewer: Viewer, cohort_id: int) -> Cohort:
    cohort = cohort_for(viewer, cohort_id)
    require(rules.is_staff(viewer) or teaches(viewer, cohort))
    return cohort


def teaches(viewer: Viewer, cohort: Cohort) -> bool:
    return CohortMember.objects.filter(cohort=cohort, user=viewer.user, role=CohortRole.TEACHER).exists()


def cohort_for_managing(viewer: Viewer, cohort_id: int) -> Cohort:
    """A cohort the viewer may edit: outside their scope 404, without the right 403."""
    cohort = cohort_for(viewer, cohort_id)
    require(rules.can_manage_cohorts(viewer))
    return cohort


def cohort_for_scheduling(viewer: Viewer, cohort_id: int) -> Cohort:
    cohort = cohort_for(viewer, cohort_id)
    require(can_schedule_in(viewer, cohort))
    return cohort


def can_schedule_in(viewer: Viewer, cohort: Cohort) -> bool:
    return rules.can_schedule_classes(
        viewer, teaches_cohort=rules.is_teacher(viewer) and teaches(viewer, cohort)
    )


def session_for_scheduling(viewer: Viewer, session_id: int) -> ClassSession:
    session = ClassSession.objects.select_related("cohort").filter(pk=session_id).first()
    if session is None:
        raise Http404
    cohort_for_scheduling(viewer, session.cohort_id)
    return session


def cohort_member_for_managing(viewer: Viewer, member_id: int) -> CohortMember:
    member = CohortMember.objects.select_related("user", "cohort").filter(pk=member_id).first()
    if member is None:
        raise Http404
    cohort_for_managing(viewer, member.cohort_id)
    return member


def colleges_for_cohorts(viewer: Viewer) -> QuerySet[Organization]:
    """The partner colleges of the viewer's program: a cohort belongs to one of them."""
    return Organization.objects.filter(
        kind=OrganizationKind.PARTNER_COLLEGE, participations__program=viewer.program
    ).order_by("name_en")


def member_candidates(
    cohort: Cohort, role: str, search: str = "", *, by_email: bool = False
) -> QuerySet[User]:
    """The people who may join the cohort in `role`, not yet in it in that role.

    Learners of a student-track cohort are the students of its college; learners of a teacher-track
    cohort are the partner teachers of any college. Teachers are the partner teachers of the college
    and the instructors of Nagaoka."""
    memberships = Membership.objects.filter(program_id=cohort.program_id, is_active=True)
    if role == CohortRole.LEARNER:
        if cohort.track == Track.TEACHER:
            memberships = memberships.filter(role=Role.PARTNER_TEACHER)
        else:
            memberships = memberships.filter(role=Role.STUDENT, organization_id=cohort.college_id)
    else:
        memberships = memberships.filter(
            Q(role=Role.PARTNER_TEACHER, organization_id=cohort.college_id) | Q(role=Role.INSTRUCTOR)
        )
    people = User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).exclude(
        pk__in=CohortMember.objects.filter(cohort=cohort, role=role).values("user_id")
    )
    if search:
        match = Q(name_latin__icontains=search) | Q(name_local__icontains=search)
        if by_email:  # contact details are the program office's to see (core.permissions)
            match |= Q(email__icontains=search)
        people = people.filter(match)
    return people.order_by("name_latin", "pk")


def submissions_to_grade(viewer: Viewer) -> QuerySet[Submission]:
    """The latest submissions of learners in the cohorts the viewer grades."""
    require(rules.can_grade(viewer))
    subs = Submission.objects.filter(assignment__course__program=viewer.program)
    if not rules.can_write_courses(viewer):
        taught = CohortMember.objects.filter(user=viewer.user, role=CohortRole.TEACHER).values("cohort_id")
        learners = CohortMember.objects.filter(cohort_id__in=taught, role=CohortRole.LEARNER).values(
            "user_id"
        )
        subs = subs.filter(user_id__in=learners, assignment__course__cohorts__in=taught).distinct()
    return subs.select_related("assignment", "user").order_by("graded_at", "-submitted_at")


def submission_for_grading(viewer: Viewer, submission_id: int) -> Submission:
    try:
        return submissions_to_grade(viewer).get(pk=submission_id)
    except Submission.DoesNotExist:
        raise Http404 from None


def submission_file_for(viewer: Viewer, submission_id: int) -> Submission:
    """The learner's own submission, or one the viewer grades."""
    own = Submission.objects.filter(pk=submission_id, user=viewer.user).first()
    if own is not None:
        return own
    if not rules.can_grade(viewer):
        raise Http404
    return submission_for_grading(viewer, submission_id)


# --- progress --------------------------------------------------------------------------------------


@dataclass
class CourseProgress:
    course: Course
    lessons_done: int = 0
    lessons_total: int = 0
    quizzes_passed: int = 0
    quizzes_total: int = 0
    exercises_passed: int = 0
    exercises_total: int = 0
    assignments_passed: int = 0
    assignments_total: int = 0

    @property
    def done(self) -> int:
        return self.lessons_done + self.quizzes_passed + self.exercises_passed + self.assignments_passed

    @property
    def total(self) -> int:
        return self.lessons_total + self.quizzes_total + self.exercises_total + self.assignments_total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        c = self.course
        checks = [
            (c.requires_lessons, self.lessons_done, self.lessons_total),
            (c.requires_quizzes, self.quizzes_passed, self.quizzes_total),
            (c.requires_exercises, self.exercises_passed, self.exercises_total),
            (c.requires_assignments, self.assignments_passed, self.assignments_total),
        ]
        return self.total > 0 and all(done >= total for required, done, total in checks if required)


def required_lessons(courses: list[Course]) -> QuerySet[Lesson]:
    """The lessons a learner must read: published, and not teacher-only material in the student track."""
    return Lesson.objects.filter(module__course__in=courses, status=Status.PUBLISHED).exclude(
        ~Q(kind=LessonKind.LESSON), module__course__track=Track.STUDENT
    )


def progress_of(user: User, courses: list[Course]) -> list[CourseProgress]:
    """Progress of one person in each course, in a fixed number of queries."""
    by_course = {c.pk: CourseProgress(course=c) for c in courses}
    if not courses:
        return []
    lessons = list(required_lessons(courses).values_list("pk", "module__course_id"))
    done = set(
        LessonCompletion.objects.filter(user=user, lesson_id__in=[pk for pk, _c in lessons]).values_list(
            "lesson_id", flat=True
        )
    )
    for pk, course_id in lessons:
        by_course[course_id].lessons_total += 1
        by_course[course_id].lessons_done += pk in done
    scores = _best_scores([user.pk], courses)
    for kind, item_id, course_id, pass_percent in _items(courses):
        progress = by_course[course_id]
        best = scores.get((kind, item_id, user.pk))
        ok = best is not None and best >= pass_percent
        plural = {"quiz": "quizzes", "exercise": "exercises", "assignment": "assignments"}[kind]
        setattr(progress, f"{plural}_total", getattr(progress, f"{plural}_total") + 1)
        if ok:
            setattr(progress, f"{plural}_passed", getattr(progress, f"{plural}_passed") + 1)
    return list(by_course.values())


def _items(courses: list[Course]) -> list[tuple[str, int, int, int]]:
    """(kind, id, course id, pass mark) of every graded item of the courses: three queries."""
    items: list[tuple[str, int, int, int]] = []
    items += [
        ("quiz", pk, c, p)
        for pk, c, p in Quiz.objects.filter(course__in=courses).values_list("pk", "course_id", "pass_percent")
    ]
    items += [
        ("exercise", pk, c, 100)
        for pk, c in Exercise.objects.filter(course__in=courses).values_list("pk", "course_id")
    ]
    items += [
        ("assignment", pk, c, p)
        for pk, c, p in Assignment.objects.filter(course__in=courses).values_list(
            "pk", "course_id", "pass_percent"
        )
    ]
    return items


def _best_scores(
    user_ids: list[int] | QuerySet[Any], courses: list[Course]
) -> dict[tuple[str, int, int], int]:
    """{(kind, item id, user id): best score %}: three aggregate queries whatever the number of people."""
    scores: dict[tuple[str, int, int], int] = {}
    for kind, rows in (
        (
            "quiz",
            QuizAttempt.objects.filter(
                quiz__course__in=courses, user_id__in=user_ids, score_percent__isnull=False
            )
            .values_list("quiz_id", "user_id")
            .annotate(best=Max("score_percent")),
        ),
        (
            "exercise",
            ExerciseRun.objects.filter(
                exercise__course__in=courses, user_id__in=user_ids, score_percent__isnull=False
            )
            .values_list("exercise_id", "user_id")
            .annotate(best=Max("score_percent")),
        ),
        (
            "assignment",
            Submission.objects.filter(
                assignment__course__in=courses, user_id__in=user_ids, score_percent__isnull=False
            )
            .values_list("assignment_id", "user_id")
            .annotate(best=Max("score_percent")),
        ),
    ):
        for item_id, user_id, best in rows:
            scores[(kind, item_id, user_id)] = best
    return scores


def my_progress(viewer: Viewer) -> list[CourseProgress]:
    require(rules.can_study(viewer))
    courses = list(courses_visible_to(viewer))
    return progress_of(viewer.user, courses)


def progress_in(viewer: Viewer, course: Course) -> CourseProgress:
    return progress_of(viewer.user, [course])[0]


@dataclass
class Gradebook:
    cohort: Cohort
    columns: list[tuple[str, int, str, int]] = field(default_factory=list)  # (kind, id, title, pass mark)
    rows: list[tuple[User, list[int | None]]] = field(default_factory=list)


def gradebook(cohort: Cohort) -> Gradebook:
    """Learners x graded items of the cohort's courses, best score in each cell: a fixed number of
    queries whatever the number of learners or items."""
    courses = list(cohort.courses.filter(status=Status.PUBLISHED).order_by("title_en"))
    learners = list(
        User.objects.filter(
            cohort_memberships__cohort=cohort, cohort_memberships__role=CohortRole.LEARNER
        ).order_by("name_latin", "pk")
    )
    titles: dict[tuple[str, int], str] = {}
    for model, kind in ((Quiz, "quiz"), (Exercise, "exercise"), (Assignment, "assignment")):
        for item in model.objects.filter(course__in=courses).only("pk", "title_en", "title_ja", "title_mn"):  # type: ignore[attr-defined]
            titles[(kind, item.pk)] = localized(item, "title")
    items = _items(courses)
    book = Gradebook(cohort=cohort, columns=[(k, pk, titles[(k, pk)], p) for k, pk, _c, p in items])
    learner_ids = CohortMember.objects.filter(cohort=cohort, role=CohortRole.LEARNER).values("user_id")
    scores = _best_scores(learner_ids, courses) if courses else {}
    for learner in learners:
        book.rows.append((learner, [scores.get((k, pk, learner.pk)) for k, pk, _t, _p in book.columns]))
    return book


# --- skills ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillLevel:
    key: str
    name: str
    group: str
    level: int  # 0-100: the mean score of the evidence
    evidence: int  # how many completed lessons and passed or attempted items are tagged with it


def skill_profile(user: User) -> list[SkillLevel]:
    """The skills a person showed: completed lessons count 100, graded work its best score.
    For the rounds app: companies see it on nominated applicants (the caller checks that right)."""
    evidence: dict[int, list[int]] = defaultdict(list)
    lesson_ids = LessonCompletion.objects.filter(user=user).values("lesson_id")
    for skill_id in Lesson.skills.through.objects.filter(lesson_id__in=lesson_ids).values_list(
        "skill_id", flat=True
    ):
        evidence[skill_id].append(100)
    for model, through, fk, related in (
        (QuizAttempt, Quiz.skills.through, "quiz_id", "quiz_id"),
        (ExerciseRun, Exercise.skills.through, "exercise_id", "exercise_id"),
        (Submission, Assignment.skills.through, "assignment_id", "assignment_id"),
    ):
        best = dict(
            model.objects.filter(user=user, score_percent__isnull=False)  # type: ignore[attr-defined]
            .values_list(related)
            .annotate(best=Max("score_percent"))
        )
        if not best:
            continue
        for item_id, skill_id in through.objects.filter(**{f"{fk}__in": list(best)}).values_list(
            fk, "skill_id"
        ):
            evidence[skill_id].append(best[item_id])
    skills = Skill.objects.in_bulk(list(evidence))
    profile = [
        SkillLevel(
            key=skills[pk].key,
            name=skills[pk].name,
            group=skills[pk].group,
            level=round(sum(scores) / len(scores)),
            evidence=len(scores),
        )
        for pk, scores in evidence.items()
        if pk in skills
    ]
    return sorted(profile, key=lambda s: (-s.level, s.key))


def skills_for_editing(viewer: Viewer) -> QuerySet[Skill]:
    require(rules.can_edit_skills(viewer))
    return Skill.objects.all()


# --- certificates and schedule ---------------------------------------------------------------------


def my_certificates(viewer: Viewer) -> dict[int, Certificate]:
    return {c.course_id: c for c in Certificate.objects.filter(user=viewer.user)}


def certificate_for(viewer: Viewer, certificate_id: int) -> Certificate:
    cert = Certificate.objects.select_related("course").filter(pk=certificate_id, user=viewer.user).first()
    if cert is None:
        raise Http404
    return cert


def certificate_by_code(code: str) -> Certificate | None:
    """Public: anyone may verify a code; only name, course and date are shown."""
    code = code.strip().upper()
    if not code:
        return None
    return Certificate.objects.filter(code=code).first()


def sessions_for(viewer: Viewer) -> QuerySet[ClassSession]:
    """The classes of the viewer's cohorts: the schedule page and the calendar feed show exactly these."""
    cohorts = cohorts_visible_to(viewer)
    return (
        ClassSession.objects.filter(cohort__in=cohorts)
        .select_related("cohort", "course")
        .order_by("starts_at")
    )


def calendar_feed_of(viewer: Viewer) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=viewer.user).first()


def viewer_for_feed(token: str) -> Viewer:
    """The person whose feed this token opens, as they see their schedule; a wrong token: 404."""
    if not token or len(token) > 128:
        raise Http404
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.hash_token(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return build_viewer(feed.user, feed.program_id)


# --- deleting course items -------------------------------------------------------------------------


@dataclass
class DeletionImpact:
    """What deleting an item loses (`lost`), and why it may not be deleted at all (`blocked`)."""

    lost: list[str] = field(default_factory=list)
    blocked: str = ""


def deletion_impact(
    item: Module | Lesson | Quiz | Exercise | Assignment | Question | RubricCriterion,
) -> DeletionImpact:
    """Deleting graded work's item is refused rather than archived: an attempt, a run or a submission
    keeps its item, so learners' grades (and the gradebook, progress and certificates built on them)
    never change behind their backs. Lessons and modules may go: only reading marks are lost."""
    impact = DeletionImpact()
    if isinstance(item, Module):
        lessons = item.lessons.count()
        reads = LessonCompletion.objects.filter(lesson__module=item).count()
        impact.lost.append(
            ngettext(
                "%(n)s lesson of this module, with its files.",
                "%(n)s lessons of this module, with their files.",
                lessons,
            )
            % {"n": lessons}
        )
        if reads:
            impact.lost.append(_reads_lost(reads))
    elif isinstance(item, Lesson):
        reads = item.completions.count()
        if reads:
            impact.lost.append(_reads_lost(reads))
    elif isinstance(item, Quiz):
        attempts = item.attempts.count()
        if attempts:
            impact.blocked = ngettext(
                "Learners have made %(n)s attempt at this quiz: deleting it would lose their grades.",
                "Learners have made %(n)s attempts at this quiz: deleting it would lose their grades.",
                attempts,
            ) % {"n": attempts}
        questions = item.questions.count()
        impact.lost.append(
            ngettext("%(n)s question of the bank.", "%(n)s questions of the bank.", questions)
            % {"n": questions}
        )
    elif isinstance(item, Exercise):
        runs = item.runs.count()
        if runs:
            impact.blocked = ngettext(
                "Learners have submitted code %(n)s time for this exercise: deleting it would lose their grades.",
                "Learners have submitted code %(n)s times for this exercise: deleting it would lose their grades.",
                runs,
            ) % {"n": runs}
    elif isinstance(item, Assignment):
        submissions = item.submissions.count()
        if submissions:
            impact.blocked = ngettext(
                "Learners have handed in %(n)s submission for this assignment: deleting it would lose their work and grades.",
                "Learners have handed in %(n)s submissions for this assignment: deleting it would lose their work and grades.",
                submissions,
            ) % {"n": submissions}
        criteria = item.criteria.count()
        if criteria:
            impact.lost.append(
                ngettext("%(n)s criterion of the rubric.", "%(n)s criteria of the rubric.", criteria)
                % {"n": criteria}
            )
    elif isinstance(item, Question):
        drawn = sum(
            item.pk in ids
            for ids in QuizAttempt.objects.filter(quiz_id=item.quiz_id).values_list("question_ids", flat=True)
        )
        if drawn:
            impact.blocked = ngettext(
                "This question was part of %(n)s attempt: deleting it would change how those attempts were graded.",
                "This question was part of %(n)s attempts: deleting it would change how those attempts were graded.",
                drawn,
            ) % {"n": drawn}
    elif isinstance(item, RubricCriterion):
        graded = Submission.objects.filter(assignment_id=item.assignment_id, graded_at__isnull=False).count()
        if graded:
            impact.blocked = ngettext(
                "%(n)s submission was graded with this rubric: deleting the criterion would change its grade.",
                "%(n)s submissions were graded with this rubric: deleting the criterion would change their grades.",
                graded,
            ) % {"n": graded}
    return impact


def _reads_lost(reads: int) -> str:
    return ngettext(
        "%(n)s record of a learner having read a lesson.",
        "%(n)s records of learners having read lessons.",
        reads,
    ) % {"n": reads}


def module_for_writing(viewer: Viewer, module_id: int) -> Module:
    module = Module.objects.filter(pk=module_id).first()
    if module is None:
        raise Http404
    course_for(viewer, module.course_id)
    require(rules.can_write_courses(viewer))
    return module


def question_for(viewer: Viewer, question_id: int) -> Question:
    question = Question.objects.select_related("quiz").filter(pk=question_id).first()
    if question is None:
        raise Http404
    quiz_for(viewer, question.quiz_id)
    return question


def criterion_for(viewer: Viewer, criterion_id: int) -> RubricCriterion:
    criterion = RubricCriterion.objects.select_related("assignment").filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404
    assignment_for(viewer, criterion.assignment_id)
    return criterion
