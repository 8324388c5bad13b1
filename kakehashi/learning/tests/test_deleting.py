"""Deleting course items: a confirmation page says what is lost; graded work blocks the deletion.
Editing rubric criteria."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.learning import services
from kakehashi.learning.models import (
    Assignment,
    Exercise,
    ExerciseRun,
    Lesson,
    LessonCompletion,
    Module,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    RubricCriterion,
    Submission,
)
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db


def fresh_quiz(questions: int = 2) -> Quiz:
    quiz = Quiz.objects.create(course=course(), title={"en": "Spare quiz"})
    for n in range(questions):
        Question.objects.create(quiz=quiz, kind=QuestionKind.TEXT, text={"en": f"Q{n}"}, answer=["a"])
    return quiz


def test_a_quiz_without_attempts_is_deleted_after_confirmation(client_as: Callable[..., Any]) -> None:
    quiz = fresh_quiz()
    client = client_as("author")
    page = client.get(f"/learning/items/quiz/{quiz.pk}/delete/").content.decode()
    assert "Spare quiz" in page
    assert "2 questions of the bank." in page
    assert Quiz.objects.filter(pk=quiz.pk).exists()
    response = client.post(f"/learning/items/quiz/{quiz.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == course().get_absolute_url()
    assert not Quiz.objects.filter(pk=quiz.pk).exists()
    assert not Question.objects.filter(quiz_id=quiz.pk).exists()


def test_a_quiz_with_attempts_cannot_be_deleted(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    quiz = fresh_quiz()
    QuizAttempt.objects.create(quiz=quiz, user=demo_user("student"), question_ids=[], score_percent=80)
    client = client_as("instructor")
    page = client.get(f"/learning/items/quiz/{quiz.pk}/delete/").content.decode()
    assert "Learners have made 1 attempt at this quiz: deleting it would lose their grades." in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]  # the header has its own Sign out button
    assert '<button type="submit">' not in main
    response = client.post(f"/learning/items/quiz/{quiz.pk}/delete/", follow=True)
    assert "deleting it would lose their grades" in response.content.decode()
    assert Quiz.objects.filter(pk=quiz.pk).exists()


def test_a_question_drawn_in_an_attempt_is_kept(demo_user: Callable[[str], User]) -> None:
    quiz = fresh_quiz()
    drawn, spare = list(quiz.questions.all())
    QuizAttempt.objects.create(quiz=quiz, user=demo_user("student"), question_ids=[drawn.pk])
    viewer = build_viewer(demo_user("author"))
    with pytest.raises(ValidationError, match="part of 1 attempt"):
        services.item_delete(viewer=viewer, item=drawn)
    services.item_delete(viewer=viewer, item=spare)
    assert list(quiz.questions.all()) == [drawn]


def test_exercises_with_runs_and_assignments_with_submissions_are_kept(
    demo_user: Callable[[str], User],
) -> None:
    viewer = build_viewer(demo_user("author"))
    exercise = Exercise.objects.create(course=course(), title={"en": "Spare"}, tests="")
    ExerciseRun.objects.create(exercise=exercise, user=demo_user("student"), code="x")
    with pytest.raises(ValidationError, match="submitted code 1 time"):
        services.item_delete(viewer=viewer, item=exercise)
    assignment = Assignment.objects.create(course=course(), title={"en": "Spare"})
    Submission.objects.create(assignment=assignment, user=demo_user("student"), text="mine")
    with pytest.raises(ValidationError, match="1 submission for this assignment"):
        services.item_delete(viewer=viewer, item=assignment)
    assert Exercise.objects.filter(pk=exercise.pk).exists()
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    # Without learners' work they go.
    services.item_delete(
        viewer=viewer, item=Exercise.objects.create(course=course(), title={"en": "x"}, tests="")
    )
    assert not Exercise.objects.filter(title__en="x").exists()


def test_a_module_page_says_how_many_lessons_and_reading_marks_go(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    module = Module.objects.create(course=course(), position=9, title={"en": "Extra"})
    lesson = Lesson.objects.create(module=module, title={"en": "Extra lesson"}, status="published")
    Lesson.objects.create(module=module, title={"en": "Another"}, status="published")
    LessonCompletion.objects.create(lesson=lesson, user=demo_user("student"))
    client = client_as("instructor")
    page = client.get(f"/learning/items/module/{module.pk}/delete/").content.decode()
    assert "2 lessons of this module, with their files." in page
    assert "1 record of a learner having read a lesson." in page
    assert client.post(f"/learning/items/module/{module.pk}/delete/").status_code == 302
    assert not Lesson.objects.filter(pk=lesson.pk).exists()


def test_a_lesson_is_deleted_from_its_page(client_as: Callable[..., Any]) -> None:
    module = course().modules.first()
    lesson = Lesson.objects.create(module=module, title={"en": "Temporary"}, status="published")
    client = client_as("author")
    assert (
        f"/learning/items/lesson/{lesson.pk}/delete/"
        in client.get(lesson.get_absolute_url()).content.decode()
    )
    assert client.post(f"/learning/items/lesson/{lesson.pk}/delete/").status_code == 302
    assert not Lesson.objects.filter(pk=lesson.pk).exists()
    assert (
        client_as("student").get(f"/learning/items/lesson/{module.lessons.first().pk}/delete/").status_code
        == 403
    )  # type: ignore[union-attr]


def rubric() -> tuple[Assignment, RubricCriterion]:
    assignment = Assignment.objects.create(course=course(), title={"en": "Report"})
    criterion = RubricCriterion.objects.create(
        assignment=assignment,
        title={"en": "Clarity"},
        levels=[{"points": 4, "label": {"en": "Clear"}}, {"points": 0, "label": {"en": "Unclear"}}],
    )
    return assignment, criterion


def levels(*rows: tuple[int, str]) -> dict[str, object]:
    """The criterion form's inputs of these (points, English text) levels."""
    data: dict[str, object] = {}
    for number, (points, text) in enumerate(rows, start=1):
        data |= {f"level_{number}_points": points, f"level_{number}_en": text}
    return data


def test_a_criterion_is_edited(client_as: Callable[..., Any]) -> None:
    assignment, criterion = rubric()
    client = client_as("instructor")
    page = client.get(f"/learning/criteria/{criterion.pk}/edit/").content.decode()
    assert 'name="level_1_points" value="4"' in page
    assert 'name="level_1_en" value="Clear"' in page
    response = client.post(
        f"/learning/criteria/{criterion.pk}/edit/",
        {
            "position": 1,
            "title_en": "Clarity of writing",
            **levels((5, "Very clear"), (2, "Fair"), (0, "Unclear")),
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.title == {"en": "Clarity of writing"}
    assert [level["points"] for level in criterion.levels] == [5, 2, 0]
    assert (
        f"/learning/criteria/{criterion.pk}/edit/"
        in client.get(assignment.get_absolute_url()).content.decode()
    )


def test_a_graded_rubric_keeps_its_points_and_criteria(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    assignment, criterion = rubric()
    Submission.objects.create(
        assignment=assignment,
        user=demo_user("student"),
        rubric={str(criterion.pk): 0},
        score_percent=100,
        graded_at=timezone.now(),
    )
    client = client_as("instructor")
    url = f"/learning/criteria/{criterion.pk}/edit/"
    page = client.post(url, {"position": 1, "title_en": "Clarity", **levels((5, "Clear"), (0, "Unclear"))})
    assert "not their number or points" in page.content.decode()
    response = client.post(
        url, {"position": 1, "title_en": "Clarity", **levels((4, "Crystal clear"), (0, "Unclear"))}
    )
    assert response.status_code == 302  # the wording may change
    criterion.refresh_from_db()
    assert criterion.levels[0] == {"points": 4, "label": {"en": "Crystal clear"}}
    page = client.get(f"/learning/items/criterion/{criterion.pk}/delete/").content.decode()
    assert "1 submission was graded with this rubric" in page
    client.post(f"/learning/items/criterion/{criterion.pk}/delete/")
    assert RubricCriterion.objects.filter(pk=criterion.pk).exists()
