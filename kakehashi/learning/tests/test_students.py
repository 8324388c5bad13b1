"""A teacher's view of her students: her college's learners only, completion, grades and who is behind,
sorted and paged in the database in a constant number of queries, exported as CSV and Excel."""

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.learning import selectors
from kakehashi.learning.models import Submission
from kakehashi.learning.tests.factories import big_cohort

pytestmark = pytest.mark.django_db

STUDENTS_QUERIES = (
    30  # measured 27: session, viewer, menu, cohort, cohorts, courses, sort keys (7), page (1), rows (9)
)


def mixed_cohort(demo_user: Callable[[str], User], learners: int = 6, key: str = "mixed") -> Any:
    """A cohort taught by the MUST teacher whose learners come from MUST and Mongol KOSEN, in turn, with
    every assignment past its deadline."""
    cohort = big_cohort(
        learners=learners,
        items=6,
        key=key,
        college_key="must-kosen",
        students_of=["must-kosen", "mongol-kosen"],
        teachers=[demo_user("teacher")],
        due=timezone.now() - timedelta(days=1),
    )
    # Every third learner failed the assignments: behind.
    failed = User.objects.filter(cohort_memberships__cohort=cohort).order_by("name_latin")[::3]
    Submission.objects.filter(user__in=failed).update(score_percent=10)
    return cohort


def test_a_partner_teacher_sees_only_her_colleges_students(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    cohort = mixed_cohort(demo_user)
    page = client_as("teacher").get(f"/learning/cohorts/{cohort.pk}/students/").content.decode()
    assert "Learner 0000" in page
    assert "Learner 0002" in page
    assert "Learner 0004" in page
    assert "Learner 0001" not in page
    assert "Learner 0003" not in page
    gradebook = client_as("teacher").get(f"/learning/cohorts/{cohort.pk}/gradebook/").content.decode()
    assert "Learner 0000" in gradebook
    assert "Learner 0001" not in gradebook
    export = client_as("teacher").get(f"/learning/cohorts/{cohort.pk}/students.csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Learner 0000" in text
    assert "Learner 0001" not in text
    everyone = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/students/").content.decode()
    assert "Learner 0001" in everyone


def test_the_gradebook_rows_are_the_share_each_viewer_follows(demo_user: Callable[[str], User]) -> None:
    cohort = mixed_cohort(demo_user, key="counts")
    counts = {}
    for key in ("instructor", "teacher"):
        viewer = build_viewer(demo_user(key))
        members = selectors.learner_members_by_name(viewer, cohort)
        learners = selectors.learners_visible_to(viewer, cohort)
        assert sorted(member.user_id for member in members) == sorted(learners.values_list("pk", flat=True))
        counts[key] = members.count()
    assert 0 < counts["teacher"] < counts["instructor"]


def test_the_students_link_opens_the_first_cohort_she_teaches(client_as: Callable[..., Any]) -> None:
    response = client_as("teacher").get("/learning/students/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Students of" in page
    assert "Nomin-Erdene Baatar" in page
    assert client_as("student").get("/learning/students/").status_code == 403


def test_behind_and_completion_agree_between_the_sort_keys_and_the_rows(
    demo_user: Callable[[str], User],
) -> None:
    cohort = mixed_cohort(demo_user, learners=12, key="sorts")
    viewer = build_viewer(demo_user("instructor"))
    courses = selectors.cohort_courses(cohort)
    keys = selectors.progress_keys(viewer, cohort, courses)
    for sort in ("done", "overdue", "-name"):
        ordered = selectors.sorted_keys(keys, sort)
        rows = selectors.learner_rows(selectors.learners_of(ordered), courses)
        assert [k.pk for k in ordered] == [r.learner.pk for r in rows]
        assert [k.done for k in ordered] == [r.done for r in rows]
        assert [k.overdue for k in ordered] == [r.overdue for r in rows]
        if sort == "done":
            assert [r.done for r in rows] == sorted(r.done for r in rows)
        elif sort == "overdue":
            assert [r.overdue for r in rows] == sorted((r.overdue for r in rows), reverse=True)
        else:
            assert [r.learner.name_latin for r in rows] == sorted(
                (r.learner.name_latin for r in rows), reverse=True
            )
    behind = selectors.behind_count(viewer, cohort)
    assert behind > 0
    assert behind == sum(1 for k in keys if k.overdue)


def test_the_students_page_sorts_and_flags_who_is_behind(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    cohort = mixed_cohort(demo_user, learners=8, key="flags")
    page = (
        client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/students/?sort=overdue").content.decode()
    )
    assert 'aria-sort="descending"' in page
    assert "Behind:" in page
    assert "behind schedule" in page
    assert (
        client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/students/?sort=nonsense").status_code
        == 200
    )


def queries_of(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_students_page_queries_stay_the_same_when_learners_double(
    client_as: Callable[..., Any], demo_user: Callable[[str], User], django_assert_max_num_queries: Any
) -> None:
    small = mixed_cohort(demo_user, learners=110, key="q-small")
    big = mixed_cohort(demo_user, learners=220, key="q-big")
    client = client_as("teacher")
    client.get("/")  # the menu and the unread count are cached once per person: not what is measured
    for sort in ("name", "done", "overdue"):
        small_count = queries_of(client, f"/learning/cohorts/{small.pk}/students/?sort={sort}")
        with django_assert_max_num_queries(STUDENTS_QUERIES):
            response = client.get(f"/learning/cohorts/{big.pk}/students/?sort={sort}&page=2")
        assert response.content.decode().count('<th scope="row">') == 50
        assert queries_of(client, f"/learning/cohorts/{big.pk}/students/?sort={sort}") == small_count


def test_the_students_export_to_excel(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    cohort = mixed_cohort(demo_user, learners=4, key="xlsx")
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/students.xlsx?sort=done")
    assert response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Learner", "Email", "Completion (%)", "Grade (%)", "Overdue")
    assert len(rows) == 5
    assert len(rows[0]) == 5 + 2 * 4
    assert client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/students.pdf").status_code == 404
