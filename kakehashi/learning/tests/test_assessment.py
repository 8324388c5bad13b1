"""Quizzes, programming exercises and assignments, through the services as learners use them."""

import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.learning import sandbox, services
from kakehashi.learning.models import (
    ExerciseRun,
    LatePolicy,
    Question,
    QuestionKind,
    Quiz,
    RunStatus,
)
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db


def test_grading_rules_of_each_question_kind() -> None:
    single = Question(kind=QuestionKind.SINGLE, answer=[1])
    multiple = Question(kind=QuestionKind.MULTIPLE, answer=[0, 2])
    number = Question(kind=QuestionKind.NUMBER, answer=[1.65], tolerance=0.01)
    text = Question(kind=QuestionKind.TEXT, answer=["Internet", "the internet"])
    assert services.grade_answer(single, ["1"])
    assert not services.grade_answer(single, ["0"])
    assert services.grade_answer(multiple, ["2", "0"])
    assert not services.grade_answer(multiple, ["0"])
    assert services.grade_answer(number, ["1,655"])
    assert not services.grade_answer(number, ["1.7"])
    assert not services.grade_answer(number, ["nan"])
    assert not services.grade_answer(number, ["abc"])
    assert services.grade_answer(text, ["  THE   internet "])
    assert not services.grade_answer(text, ["intranet"])


def test_a_quiz_draws_from_its_bank_grades_and_limits_attempts(demo_user: Callable[[str], User]) -> None:
    viewer = build_viewer(demo_user("student"))
    quiz = Quiz.objects.filter(course=course("ml-basics")).first()
    assert quiz is not None
    quiz.max_attempts = 2
    quiz.save()
    attempt = services.quiz_start(viewer=viewer, quiz=quiz, rng=random.Random(4))
    assert len(attempt.question_ids) == quiz.draw == 3
    assert set(attempt.question_ids) <= set(quiz.questions.values_list("pk", flat=True))
    assert services.quiz_start(viewer=viewer, quiz=quiz) == attempt  # an open attempt is resumed
    answers = {
        str(q.pk): [str(i) for i in q.answer] if q.kind in ("single", "multiple") else [str(q.answer[0])]
        for q in Question.objects.filter(pk__in=attempt.question_ids)
    }
    services.quiz_submit(viewer=viewer, attempt=attempt, answers=answers)
    assert attempt.score_percent == 100
    assert attempt.passed
    second = services.quiz_start(viewer=viewer, quiz=quiz)
    services.quiz_submit(viewer=viewer, attempt=second, answers={})
    assert second.score_percent == 0
    assert not second.passed
    with pytest.raises(ValidationError, match="all the attempts"):
        services.quiz_start(viewer=viewer, quiz=quiz)


def test_an_exercise_is_graded_by_a_background_task(
    demo_user: Callable[[str], User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    viewer = build_viewer(demo_user("student"))
    exercise = course().exercises.get()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        good = services.exercise_submit(
            viewer=viewer,
            exercise=exercise,
            code="def average(values):\n    return sum(values) / len(values)\n",
        )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        bad = services.exercise_submit(viewer=viewer, exercise=exercise, code="import os\nos.system('id')\n")
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.score_percent) == (RunStatus.PASSED, 100)
    assert bad.status == RunStatus.BLOCKED
    assert "not allowed" in bad.message


def test_the_page_reports_a_blocked_run_to_the_learner(
    client_as: Callable[..., object], demo_user: Callable[[str], User]
) -> None:
    exercise = course().exercises.get()
    run = ExerciseRun.objects.create(
        exercise=exercise,
        user=demo_user("student"),
        code="x",
        status=RunStatus.BLOCKED,
        message="PermissionError: Sandbox: network is not allowed (socket.getaddrinfo).",
    )
    response = client_as("student").get(f"/learning/runs/{run.pk}/")  # type: ignore[attr-defined]
    assert "Stopped: it tried something the sandbox does not allow" in response.content.decode()
    assert "network is not allowed" in response.content.decode()


def test_without_isolation_the_learner_is_told_their_code_was_not_run(
    client_as: Callable[..., object],
    demo_user: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("KAKEHASHI_BWRAP", str(tmp_path / "no-bwrap-here"))
    sandbox.forget_probe()
    ran = tmp_path / "ran"
    tmp_path.chmod(0o777)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = services.exercise_submit(
            viewer=build_viewer(demo_user("student")),
            exercise=course().exercises.get(),
            code=f"open({str(ran)!r}, 'w').write('ran')\n",
        )
    sandbox.forget_probe()
    run.refresh_from_db()
    assert (run.status, run.score_percent, run.message) == (RunStatus.UNAVAILABLE, None, "")
    assert not ran.exists()
    page = client_as("student").get(f"/learning/runs/{run.pk}/").content.decode()  # type: ignore[attr-defined]
    assert "Not run: the code runner is not available" in page
    assert "your code was not run. Please try again later or tell your teacher." in page


def test_assignment_files_are_checked_and_resubmissions_are_versions(
    demo_user: Callable[[str], User],
) -> None:
    viewer = build_viewer(demo_user("student"))
    assignment = course().assignments.get()
    assignment.max_file_mb = 1
    assignment.save()
    with pytest.raises(ValidationError, match="not accepted"):
        services.assignment_submit(
            viewer=viewer, assignment=assignment, file=SimpleUploadedFile("x.exe", b"MZ")
        )
    with pytest.raises(ValidationError, match="too large"):
        services.assignment_submit(
            viewer=viewer, assignment=assignment, file=SimpleUploadedFile("r.pdf", b"0" * (1024 * 1024 + 1))
        )
    with pytest.raises(ValidationError, match="Write an answer"):
        services.assignment_submit(viewer=viewer, assignment=assignment, text="  ")
    first = services.assignment_submit(viewer=viewer, assignment=assignment, text="v1")
    second = services.assignment_submit(
        viewer=viewer, assignment=assignment, file=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    assert (first.version, second.version) == (1, 2)
    assert not second.is_late


def test_late_work_is_refused_or_penalised_and_graded_with_the_rubric(
    demo_user: Callable[[str], User],
) -> None:
    student = build_viewer(demo_user("student"))
    teacher = build_viewer(demo_user("teacher"))
    assignment = course().assignments.get()
    assignment.due_at = timezone.now() - timedelta(hours=1)
    assignment.late_policy = LatePolicy.REFUSE
    assignment.save()
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.assignment_submit(viewer=student, assignment=assignment, text="late")
    assignment.late_policy = LatePolicy.PENALTY
    assignment.late_penalty_percent = 10
    assignment.save()
    submission = services.assignment_submit(viewer=student, assignment=assignment, text="late but done")
    assert submission.is_late
    criteria = list(assignment.criteria.all())
    with pytest.raises(ValidationError, match="every criterion"):
        services.submission_grade(viewer=teacher, submission=submission, levels={}, comments={})
    # 4 + 3 + 4 of 12 points = 91.7%, less 10 points for lateness.
    levels = {criteria[0].pk: 0, criteria[1].pk: 1, criteria[2].pk: 0}
    services.submission_grade(
        viewer=teacher, submission=submission, levels=levels, comments={criteria[1].pk: "Explain the wiring."}
    )
    assert submission.score_percent == 82
    assert submission.passed
    assert submission.comments == {str(criteria[1].pk): "Explain the wiring."}


def test_a_student_cannot_grade(demo_user: Callable[[str], User]) -> None:
    from django.core.exceptions import PermissionDenied

    student = build_viewer(demo_user("student"))
    submission = services.assignment_submit(viewer=student, assignment=course().assignments.get(), text="x")
    with pytest.raises(PermissionDenied):
        services.submission_grade(viewer=student, submission=submission, levels={}, comments={})
