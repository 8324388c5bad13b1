"""Progress and the gradebook: completion rules, a fixed number of queries, the Excel export."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.learning import selectors
from kakehashi.learning.models import Lesson, LessonCompletion, LessonKind
from kakehashi.learning.tests.factories import big_cohort
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db

GRADEBOOK_QUERIES = 25  # measured 19: session, viewer, menu, cohort and the gradebook (8)


def page_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_gradebook_queries_do_not_grow_with_the_cohort(client_as: Callable[..., Any]) -> None:
    small = big_cohort(learners=5, items=4, key="small")
    big = big_cohort(learners=500, items=40, key="large")
    client = client_as("instructor")
    small_count = page_queries(client, f"/learning/cohorts/{small.pk}/gradebook/")
    big_count = page_queries(client, f"/learning/cohorts/{big.pk}/gradebook/")
    assert small_count == big_count <= GRADEBOOK_QUERIES
    book = selectors.gradebook(big)
    assert len(book.rows) == 500
    assert len(book.columns) == 40
    assert all(score is not None for _learner, scores in book.rows for score in scores)


def test_the_gradebook_exports_to_excel(client_as: Callable[..., Any]) -> None:
    cohort = big_cohort(learners=3, items=6, key="xl")
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/gradebook.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Learner", "Email")
    assert len(rows[0]) == 8
    assert len(rows) == 4


def test_completion_follows_the_courses_rules(demo_user: Callable[[str], User]) -> None:
    student = demo_user("student")
    target = course()
    progress = selectors.progress_of(student, [target])[0]
    assert (
        progress.lessons_total,
        progress.quizzes_total,
        progress.exercises_total,
        progress.assignments_total,
    ) == (2, 1, 1, 1)
    assert not progress.is_complete
    for lesson in Lesson.objects.filter(module__course=target, kind=LessonKind.LESSON):
        LessonCompletion.objects.create(lesson=lesson, user=student)
    target.requires_quizzes = target.requires_exercises = target.requires_assignments = False
    target.save()
    assert selectors.progress_of(student, [target])[0].is_complete


def test_the_dashboard_shows_progress_per_course(client_as: Callable[..., Any]) -> None:
    page = client_as("student2").get("/learning/my/").content.decode()
    assert "Python for IoT" in page
    assert "<progress" in page


def test_a_teacher_sees_only_the_gradebook_of_their_cohort(demo_user: Callable[[str], User]) -> None:
    from django.http import Http404

    teacher = build_viewer(demo_user("teacher"))
    mongol = selectors.cohorts_visible_to(build_viewer(demo_user("instructor"))).get(key="mongol-kosen-2025")
    with pytest.raises(Http404):
        selectors.gradebook_cohort_for(teacher, mongol.pk)
