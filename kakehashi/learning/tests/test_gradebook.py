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
from kakehashi.learning.models import Lesson, LessonCompletion, LessonKind, Quiz, Status
from kakehashi.learning.tests.factories import big_cohort
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db

GRADEBOOK_QUERIES = 25  # measured 18: session, viewer, menu, cohort, courses, a page of learners, the scores


def page_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_gradebook_pages_its_learners_in_a_constant_number_of_queries(
    client_as: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    """Twice the learners, the same queries; a page shows 25 learners, the scores read for them only."""
    small = big_cohort(learners=120, items=12, key="small")
    big = big_cohort(learners=240, items=12, key="large")
    client = client_as("instructor")
    client.get("/")  # the menu and the unread count are cached once per person: not what is measured
    client.get(f"/learning/cohorts/{small.pk}/gradebook/")  # and so are each cohort's columns
    small_count = page_queries(client, f"/learning/cohorts/{small.pk}/gradebook/")
    with django_assert_max_num_queries(GRADEBOOK_QUERIES):
        response = client.get(f"/learning/cohorts/{big.pk}/gradebook/?page=2")
    big_count = page_queries(client, f"/learning/cohorts/{big.pk}/gradebook/")
    assert small_count == big_count <= GRADEBOOK_QUERIES
    page = response.content.decode()
    assert page.count('<th scope="row">') == 25
    assert "Learner 0025" in page
    assert "Learner 0024" not in page
    assert "Page 2 of 10" in page
    learners = list(User.objects.filter(cohort_memberships__cohort=big).order_by("name_latin")[:3])
    book = selectors.gradebook(big, learners, selectors.cohort_gradebook_columns(big))
    assert len(book.rows) == 3
    assert len(book.columns) == 12
    assert all(score is not None for _learner, scores in book.rows for score in scores)


def test_the_gradebook_columns_are_kept_until_a_graded_item_or_course_changes(
    client_as: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    cohort = big_cohort(learners=3, items=6, key="kept")
    url = f"/learning/cohorts/{cohort.pk}/gradebook/"
    client = client_as("instructor")
    client.get("/")  # the menu and the unread count are cached once per person: not what is measured
    first = page_queries(client, url)
    assert page_queries(client, url) == first - 4  # the courses and the three kinds of items not read again
    with django_assert_num_queries(0):
        assert len(selectors.cohort_gradebook_columns(cohort)) == 6
    course = selectors.cohort_courses(cohort)[0]
    Quiz.objects.create(course=course, title={"en": "Quiz added later"})
    assert "Quiz added later" in client.get(url).content.decode()
    Quiz.objects.filter(title__en="Quiz added later").delete()
    assert "Quiz added later" not in client.get(url).content.decode()
    cohort.courses.remove(course)
    left = selectors.cohort_gradebook_columns(cohort)
    assert 0 < len(left) < 6
    for other in selectors.cohort_courses(cohort):
        other.status = Status.DRAFT
        other.save()
    assert selectors.cohort_gradebook_columns(cohort) == []
    assert "This cohort has no learner yet." not in client.get(url).content.decode()


def test_the_gradebook_exports_to_excel(client_as: Callable[..., Any]) -> None:
    cohort = big_cohort(learners=3, items=6, key="xl")
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/gradebook.xlsx")
    assert response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Learner", "Email")
    assert len(rows[0]) == 8
    assert len(rows) == 4


def test_the_gradebook_export_is_in_the_requesters_language(client_as: Callable[..., Any]) -> None:
    cohort = big_cohort(learners=2, items=2, key="mn")
    response = client_as("instructor", "mn").get(f"/learning/cohorts/{cohort.pk}/gradebook.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Дүнгийн хүснэгт"]  # "Gradebook", not the cohort's (English) title
    assert book.active["A1"].value == "Суралцагч"  # "Learner"


def test_the_gradebook_streams_its_csv_in_batches(client_as: Callable[..., Any], monkeypatch: Any) -> None:
    from kakehashi.learning import documents

    monkeypatch.setattr(documents, "EXPORT_BATCH", 2)
    cohort = big_cohort(learners=5, items=3, key="csv")
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/gradebook.csv")
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Learner,Email,")
    assert [line.split(",")[0] for line in lines[1:]] == [f"Learner {n:04d}" for n in range(5)]


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


def test_the_gradebooks_next_links_give_the_pages_by_number(client_as: Callable[..., Any]) -> None:
    """Next reads the page after the last learner shown (core.pagination, from_row): the same learners, in
    the same order, as the pages by number, without counting past the pages before."""
    cohort = big_cohort(learners=80, items=2, key="walked")
    client = client_as("instructor")
    url = f"/learning/cohorts/{cohort.pk}/gradebook/"
    by_number = [
        [learner.pk for learner, _scores in client.get(f"{url}?page={n}").context["book"].rows]
        for n in (1, 2, 3, 4)
    ]
    walked, address = [], url
    while address:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        walked.append([learner.pk for learner, _scores in response.context["book"].rows])
        if len(walked) > 1:
            learner_reads = [
                q["sql"]
                for q in queries
                if 'FROM "learning_cohortmember"' in q["sql"] and "LIMIT" in q["sql"]
            ]
            assert learner_reads
            assert not any("OFFSET" in sql for sql in learner_reads)
        page = response.context["page"]
        address = f"{url}?page={page.number + 1}&after={page.last_key}" if page.has_next() else ""
    assert walked == by_number


def test_a_renamed_learner_moves_to_their_new_place_in_the_gradebook(client_as: Callable[..., Any]) -> None:
    """The page is ordered by the members' copies of the sort keys (CohortMember): a name saved is copied to
    every cohort the person is in, and the gradebook shows them where the new name sorts."""
    from kakehashi.accounts.services import name_update

    cohort = big_cohort(learners=30, items=1, key="renamed")
    first = cohort.members.get(user__name_latin="Learner 0000").user
    client = client_as("instructor")
    url = f"/learning/cohorts/{cohort.pk}/gradebook/"
    assert client.get(url).context["book"].rows[0][0].pk == first.pk
    name_update(user=first, family_name_latin="Zorig", given_name_latin="Anu")
    page_1 = [learner.pk for learner, _s in client.get(url).context["book"].rows]
    page_2 = [learner.pk for learner, _s in client.get(f"{url}?page=2").context["book"].rows]
    assert first.pk not in page_1
    assert page_2[-1] == first.pk
    member = cohort.members.get(user=first)
    assert (member.sort_key_ja, member.sort_key_mn, member.sort_key_en) == (
        first.sort_key_ja,
        first.sort_key_mn,
        first.sort_key_en,
    )
