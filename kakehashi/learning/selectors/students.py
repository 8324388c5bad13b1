"""A teacher's view of her students: per cohort, each learner's completion and grades in each course, and
who is behind (an assignment past its deadline and not passed).

The learners a viewer may follow are scoped here: the program office and Nagaoka's staff see every learner
of a cohort; a partner teacher sees only the learners of her own college (a teacher-track cohort mixes
teachers of the three colleges). Work per request is proportional to the page: the learners are sorted and
paged in the database (completion and lateness are annotations), and the per-course figures are computed
for the page's learners only, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from kakehashi.accounts.models import Membership, User
from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import (
    Assignment,
    Cohort,
    CohortMember,
    CohortRole,
    Course,
    ExerciseRun,
    LessonCompletion,
    QuizAttempt,
    Status,
    Submission,
)
from kakehashi.learning.selectors.cohorts import cohort_for, cohorts_visible_to, teaches
from kakehashi.learning.selectors.progress import _best_scores, _items, required_lessons

# ?sort= values: the name, completion (lowest first), lateness (most overdue first); "-" reverses.
SORTS = {
    "name": ("name_latin", "pk"),
    "-name": ("-name_latin", "-pk"),
    "done": ("done", "name_latin", "pk"),
    "-done": ("-done", "name_latin", "pk"),
    "overdue": ("-overdue", "done", "name_latin", "pk"),
    "-overdue": ("overdue", "-done", "name_latin", "pk"),
}
DEFAULT_SORT = "name"


def learners_cohort_for(viewer: Viewer, cohort_id: int) -> Cohort:
    """A cohort whose learners the viewer follows: outside their scope 404, without the right 403."""
    cohort = cohort_for(viewer, cohort_id)
    require(rules.can_follow_learners(viewer, teaches_cohort=teaches(viewer, cohort)))
    return cohort


def cohorts_followed_by(viewer: Viewer) -> QuerySet[Cohort]:
    """The cohorts whose learners the viewer follows: every cohort for staff, the ones she teaches for a
    partner teacher (not the teacher-track cohort she learns in)."""
    cohorts = cohorts_visible_to(viewer)
    if rules.is_staff(viewer):
        return cohorts
    return cohorts.filter(
        pk__in=CohortMember.objects.filter(user=viewer.user, role=CohortRole.TEACHER).values("cohort_id")
    )


def learners_visible_to(viewer: Viewer, cohort: Cohort) -> QuerySet[User]:
    """The cohort's learners the viewer may follow: all of them for staff, those of her own college for a
    partner teacher."""
    learners = User.objects.filter(
        pk__in=CohortMember.objects.filter(cohort=cohort, role=CohortRole.LEARNER).values("user_id")
    )
    colleges = rules.learner_college_ids(viewer)
    if colleges is not None:
        learners = learners.filter(
            pk__in=Membership.objects.filter(
                program_id=cohort.program_id, organization_id__in=colleges, is_active=True
            ).values("user_id")
        )
    return learners


def _count(queryset: QuerySet[Any], column: str = "pk") -> Coalesce:
    """COUNT(DISTINCT column) of a correlated subquery (no GROUP BY: one row), 0 when nothing matches."""
    count = Func(F(column), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return Coalesce(
        Subquery(queryset.order_by().annotate(n=count).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def _with_progress(learners: QuerySet[User], courses: list[Course]) -> QuerySet[User]:
    """Each learner annotated with `done` (lessons read and items passed, all courses together) and
    `overdue` (assignments past their deadline and not passed): the sort keys of the page."""
    person = OuterRef("pk")
    lessons = LessonCompletion.objects.filter(user_id=person, lesson__in=required_lessons(courses))
    quizzes = QuizAttempt.objects.filter(
        user_id=person, quiz__course__in=courses, score_percent__gte=F("quiz__pass_percent")
    )
    exercises = ExerciseRun.objects.filter(
        user_id=person, exercise__course__in=courses, score_percent__gte=100
    )
    assignments = Submission.objects.filter(
        user_id=person, assignment__course__in=courses, score_percent__gte=F("assignment__pass_percent")
    )
    passed = Submission.objects.filter(
        assignment_id=OuterRef("pk"),
        user_id=OuterRef(OuterRef("pk")),
        score_percent__gte=OuterRef("pass_percent"),
    )
    overdue = Assignment.objects.filter(course__in=courses, due_at__lt=timezone.now()).filter(~Exists(passed))
    return learners.annotate(
        done=_count(lessons)
        + _count(quizzes, "quiz_id")
        + _count(exercises, "exercise_id")
        + _count(assignments, "assignment_id"),
        overdue=_count(overdue),
    )


@dataclass
class CourseCell:
    """One learner in one course: items done of the total, mean best score, assignments overdue."""

    done: int = 0
    total: int = 0
    scores: list[int] = field(default_factory=list)
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def grade(self) -> int | None:
        return round(sum(self.scores) / len(self.scores)) if self.scores else None


@dataclass
class LearnerRow:
    learner: User
    cells: list[CourseCell]

    @property
    def done(self) -> int:
        return sum(c.done for c in self.cells)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.cells)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.cells)

    @property
    def grade(self) -> int | None:
        scores = [s for c in self.cells for s in c.scores]
        return round(sum(scores) / len(scores)) if scores else None


def cohort_courses(cohort: Cohort) -> list[Course]:
    return list(cohort.courses.filter(status=Status.PUBLISHED).order_by("title_en"))


def learners_in_order(viewer: Viewer, cohort: Cohort, courses: list[Course], sort: str) -> QuerySet[User]:
    """The learners the viewer follows, sorted in the database (by name, completion or lateness)."""
    learners = learners_visible_to(viewer, cohort)
    if sort not in ("name", "-name"):
        learners = _with_progress(learners, courses)
    return learners.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def learner_rows(learners: list[User], courses: list[Course]) -> list[LearnerRow]:
    """Per-course completion, grade and lateness of these learners (a page of them): eight queries, whatever
    the number of learners, courses or items."""
    if not learners or not courses:
        return [LearnerRow(learner=u, cells=[CourseCell() for _c in courses]) for u in learners]
    ids = [u.pk for u in learners]
    column = {c.pk: i for i, c in enumerate(courses)}
    cells = {u.pk: [CourseCell() for _c in courses] for u in learners}
    lessons = list(required_lessons(courses).values_list("pk", "module__course_id"))
    read = set(
        LessonCompletion.objects.filter(
            user_id__in=ids, lesson_id__in=[pk for pk, _c in lessons]
        ).values_list("user_id", "lesson_id")
    )
    for pk, course_id in lessons:
        for user_id in ids:
            cell = cells[user_id][column[course_id]]
            cell.total += 1
            cell.done += (user_id, pk) in read
    items = _items(courses)
    scores = _best_scores(ids, courses)
    past_due = set(
        Assignment.objects.filter(course__in=courses, due_at__lt=timezone.now()).values_list("pk", flat=True)
    )
    for kind, item_id, course_id, pass_percent in items:
        for user_id in ids:
            cell = cells[user_id][column[course_id]]
            cell.total += 1
            best = scores.get((kind, item_id, user_id))
            if best is not None:
                cell.scores.append(best)
            passed = best is not None and best >= pass_percent
            cell.done += passed
            if kind == "assignment" and not passed and item_id in past_due:
                cell.overdue += 1
    return [LearnerRow(learner=u, cells=cells[u.pk]) for u in learners]


def behind_count(viewer: Viewer, cohort: Cohort, courses: list[Course] | None = None) -> int:
    """How many of the learners the viewer follows have an assignment past its deadline and not passed:
    one query (also for a partner teacher's home page)."""
    if courses is None:
        courses = cohort_courses(cohort)
    if not courses:
        return 0
    learners = _with_progress(learners_visible_to(viewer, cohort), courses)
    return learners.filter(overdue__gt=0).count()  # type: ignore[misc]  # an annotation


__all__ = [
    "DEFAULT_SORT",
    "SORTS",
    "CourseCell",
    "LearnerRow",
    "behind_count",
    "cohort_courses",
    "cohorts_followed_by",
    "learner_rows",
    "learners_cohort_for",
    "learners_in_order",
    "learners_visible_to",
]
