"""A teacher's view of her students: per cohort, each learner's completion and grades in each course, and
who is behind (an assignment past its deadline and not passed).

The learners a viewer may follow are scoped here: the program office and Nagaoka's staff see every learner
of a cohort; a partner teacher sees only the learners of her own college (a teacher-track cohort mixes
teachers of the three colleges). Work per request is proportional to the page: the learners are sorted and
paged on their sort keys (two numbers per learner, counted by GROUP BY in the database), and the
per-course figures are computed for the page's learners only, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from kakehashi.accounts import names
from kakehashi.accounts.models import Membership, User
from kakehashi.core import cached_figures
from kakehashi.core.multilingual.query import translated_order
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
from kakehashi.learning.selectors.progress import _best_scores, _items, gradebook_columns, required_lessons


@dataclass(frozen=True)
class ProgressKey:
    """A learner as the students page sorts and counts them: lessons read and items passed in all the
    cohort's courses (`done`), and assignments past their deadline and not passed (`overdue`)."""

    pk: int
    name: str
    done: int
    overdue: int


# ?sort= values: the name, completion (lowest first), lateness (most overdue first); "-" reverses.
# (sort key, reversed)
SORTS: dict[str, tuple[Callable[[ProgressKey], tuple[Any, ...]], bool]] = {
    "name": (lambda k: (k.name.casefold(), k.pk), False),
    "-name": (lambda k: (k.name.casefold(), k.pk), True),
    "done": (lambda k: (k.done, k.name.casefold(), k.pk), False),
    "-done": (lambda k: (-k.done, k.name.casefold(), k.pk), False),
    "overdue": (lambda k: (-k.overdue, k.done, k.name.casefold(), k.pk), False),
    "-overdue": (lambda k: (k.overdue, -k.done, k.name.casefold(), k.pk), False),
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
    return User.objects.filter(pk__in=_learner_members(viewer, cohort).values("user_id"))


def learner_members_by_name(viewer: Viewer, cohort: Cohort) -> QuerySet[CohortMember]:
    """The learners of `learners_visible_to` as their cohort rows (`.user` read with them), in the page
    language's name order: a page is read from the cohort's own name index (CohortMember's sort keys), 25
    rows whatever the cohort's size, and counted on the cohort's rows."""
    return (
        _learner_members(viewer, cohort)
        .select_related("user")
        .order_by(names.sort_key_field(get_language()), "id")
    )


def _learner_members(viewer: Viewer, cohort: Cohort) -> QuerySet[CohortMember]:
    members = CohortMember.objects.filter(cohort=cohort, role=CohortRole.LEARNER)
    colleges = rules.learner_college_ids(viewer)
    if colleges is not None:
        members = members.filter(
            user_id__in=Membership.objects.filter(
                program_id=cohort.program_id, organization_id__in=colleges, is_active=True
            ).values("user_id")
        )
    return members


def progress_keys(
    viewer: Viewer, cohort: Cohort, courses: list[Course], *, with_done: bool = True
) -> list[ProgressKey]:
    """Every learner the viewer follows, with the numbers the page sorts and counts by: up to seven
    queries, each a GROUP BY in the database answering one small row per learner (a cohort of 5,000: 5,000
    rows of integers), however many attempts, runs and submissions there are.

    `with_done=False` leaves `done` at 0 and skips the four counts over every score of the cohort: the
    page sorted by name needs only who is behind."""
    learners = learners_visible_to(viewer, cohort)
    # `name` is what the page sorts by: the page language's sort key (kakehashi.accounts.names).
    people = list(learners.order_by().values_list("pk", names.sort_key_field(get_language())))
    if not people or not courses:
        return [ProgressKey(pk=pk, name=name, done=0, overdue=0) for pk, name in people]
    ids = learners.order_by().values("pk")
    done: Counter[int] = Counter()
    counts: list[tuple[QuerySet[Any], str]] = [
        (LessonCompletion.objects.filter(user_id__in=ids, lesson__in=required_lessons(courses)), "lesson_id"),
        (
            QuizAttempt.objects.filter(
                user_id__in=ids, quiz__course__in=courses, score_percent__gte=F("quiz__pass_percent")
            ),
            "quiz_id",
        ),
        (
            ExerciseRun.objects.filter(user_id__in=ids, exercise__course__in=courses, score_percent__gte=100),
            "exercise_id",
        ),
        (
            Submission.objects.filter(
                user_id__in=ids,
                assignment__course__in=courses,
                score_percent__gte=F("assignment__pass_percent"),
            ),
            "assignment_id",
        ),
    ]
    for rows, column in counts if with_done else []:
        done.update(dict(_per_learner(rows, column)))
    past_due = list(
        Assignment.objects.filter(course__in=courses, due_at__lt=timezone.now()).values_list("pk", flat=True)
    )
    passed_in_time: dict[int, int] = {}
    if past_due:
        passed_in_time = dict(
            _per_learner(
                Submission.objects.filter(
                    user_id__in=ids,
                    assignment_id__in=past_due,
                    score_percent__gte=F("assignment__pass_percent"),
                ),
                "assignment_id",
            )
        )
    return [
        ProgressKey(pk=pk, name=name, done=done[pk], overdue=len(past_due) - passed_in_time.get(pk, 0))
        for pk, name in people
    ]


def _per_learner(rows: QuerySet[Any], column: str) -> list[tuple[int, int]]:
    """(user id, number of distinct `column`) per learner: a GROUP BY."""
    return list(
        rows.order_by().values("user_id").annotate(n=Count(column, distinct=True)).values_list("user_id", "n")
    )


def needs_done(sort: str) -> bool:
    return sort not in ("name", "-name")


def sorted_keys(keys: list[ProgressKey], sort: str) -> list[ProgressKey]:
    key, reverse = SORTS.get(sort, SORTS[DEFAULT_SORT])
    return sorted(keys, key=key, reverse=reverse)


def learners_of(keys: list[ProgressKey]) -> list[User]:
    """The users of these keys, in their order: one query (a page's or an export batch's)."""
    users = User.objects.in_bulk([k.pk for k in keys])
    return [users[k.pk] for k in keys if k.pk in users]


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
    return list(cohort.courses.filter(status=Status.PUBLISHED).order_by(translated_order("title"), "pk"))


def cohort_gradebook_columns(cohort: Cohort) -> list[tuple[str, int, str, int]]:
    """The gradebook's columns (kind, id, title, pass mark) of the cohort's published courses, in the
    page's language: four queries, kept in the cache until a cohort, a course, a graded item or a cohort's
    list of courses changes (LearningConfig.ready connects the receivers)."""

    def columns() -> list[tuple[str, int, str, int]]:
        courses = cohort_courses(cohort)
        return gradebook_columns(courses) if courses else []

    return cached_figures.figure("gradebook", (cohort.pk, get_language()), columns)


def gradebook_changed(**_kwargs: object) -> None:
    """Forget the gradebooks' cached columns (a signal receiver)."""
    cached_figures.changed("gradebook")


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
    scores = _best_scores(ids, items)
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
    """How many of the learners the viewer follows have an assignment past its deadline and not passed
    (for a partner teacher's home page: seven queries)."""
    if courses is None:
        courses = cohort_courses(cohort)
    return sum(1 for key in progress_keys(viewer, cohort, courses, with_done=False) if key.overdue)


__all__ = [
    "DEFAULT_SORT",
    "SORTS",
    "CourseCell",
    "LearnerRow",
    "ProgressKey",
    "behind_count",
    "cohort_courses",
    "cohorts_followed_by",
    "learner_rows",
    "learners_cohort_for",
    "learners_of",
    "learners_visible_to",
    "needs_done",
    "progress_keys",
    "sorted_keys",
]
