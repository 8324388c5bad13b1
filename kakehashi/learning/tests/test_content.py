"""Courses and lessons: languages, Markdown, tracks, scoping, audit, the catalogue for other roles."""

from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.learning import selectors, services
from kakehashi.learning.content import render_markdown
from kakehashi.learning.models import Lesson, LessonKind, Status
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db


def test_markdown_keeps_code_and_images_and_drops_scripts() -> None:
    html = render_markdown(
        "# T\n\n```python\nprint('hi')\n```\n\n![wiring](https://example.org/a.png)\n\n"
        "<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))"
    )
    assert "<pre><code class=\"language-python\">print('hi')" in html
    assert '<img alt="wiring" src="https://example.org/a.png">' in html
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_the_page_says_when_the_viewers_language_is_missing(client_as: Callable[..., Any]) -> None:
    lessons = list(
        Lesson.objects.filter(module__course=course(), kind=LessonKind.LESSON).order_by("position")
    )
    # The second lesson's text is not written in Mongolian yet.
    lessons[1].body = {code: text for code, text in lessons[1].body.items() if code != "mn"}
    lessons[1].save(update_fields=["body"])
    notice = 'class="notice"'
    first = client_as("student", "mn").get(f"/learning/lessons/{lessons[0].pk}/").content.decode()
    assert notice not in first
    assert lessons[0].body["mn"].splitlines()[0].removeprefix("## ") in first
    page = client_as("student", "mn").get(f"/learning/lessons/{lessons[1].pk}/").content.decode()
    assert notice in page  # the sentence itself is translated into Mongolian by the locale pass
    # The text shown in its stand-in language is marked with that language, for screen readers.
    assert '<article class="lesson-body" lang="en">' in page


def test_students_never_see_teacher_material(demo_user: Callable[[str], User]) -> None:
    student = build_viewer(demo_user("student"))
    teacher = build_viewer(demo_user("teacher"))
    kinds = {lesson.kind for lesson in selectors.lessons_of(student, course())}
    assert kinds == {LessonKind.LESSON}
    assert LessonKind.ANSWER_KEY in {lesson.kind for lesson in selectors.lessons_of(teacher, course())}
    assert "teaching-air" not in {c.key for c in selectors.courses_visible_to(student)}
    assert "teaching-air" in {c.key for c in selectors.courses_visible_to(teacher)}


def test_students_see_only_published_courses_of_their_cohorts(demo_user: Callable[[str], User]) -> None:
    draft = course("networks-5g")
    draft.status = Status.DRAFT
    draft.save()
    keys = {c.key for c in selectors.courses_visible_to(build_viewer(demo_user("student")))}
    assert "networks-5g" not in keys
    assert "python-iot" in keys
    assert "networks-5g" in {c.key for c in selectors.courses_visible_to(build_viewer(demo_user("author")))}


def test_a_teacher_sees_only_their_cohorts(demo_user: Callable[[str], User]) -> None:
    keys = {c.key for c in selectors.cohorts_visible_to(build_viewer(demo_user("teacher")))}
    assert keys == {"must-kosen-2025", "partner-teachers-2025"}
    assert len(selectors.cohorts_visible_to(build_viewer(demo_user("instructor")))) == 4


def test_company_and_funder_get_the_catalogue_titles_only(client_as: Callable[..., Any]) -> None:
    for key in ("company", "funder"):
        page = client_as(key).get("/learning/").content.decode()
        assert "Python for IoT" in page
        assert f'href="/learning/courses/{course().pk}/"' not in page
        assert client_as(key).get(f"/learning/courses/{course().pk}/").status_code == 403


def test_editing_a_published_lesson_is_audited(demo_user: Callable[[str], User]) -> None:
    author = build_viewer(demo_user("author"))
    lesson = Lesson.objects.filter(module__course=course(), status=Status.PUBLISHED).first()
    assert lesson is not None
    lesson.body = {**lesson.body, "en": lesson.body["en"] + "\n\nA corrected example."}
    services.lesson_save(viewer=author, lesson=lesson)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Lesson), object_pk=str(lesson.pk)
    ).latest("timestamp")
    assert "body" in entry.changes_dict


def test_an_author_writes_a_course_through_the_pages(client_as: Callable[..., Any]) -> None:
    client = client_as("author")
    response = client.post(
        "/learning/courses/new/",
        {"key": "cad-cam", "track": "student", "title_en": "CAD/CAM basics", "requires_lessons": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = course("cad-cam")
    assert created.status == Status.DRAFT
    client.post(f"/learning/courses/{created.pk}/modules/new/", {"position": 1, "title_en": "Drawings"})
    module = created.modules.get()
    response = client.post(
        f"/learning/courses/{created.pk}/lessons/new/",
        {
            "module": module.pk,
            "position": 1,
            "kind": "lesson",
            "status": "draft",
            "title_en": "Views",
            "body_en": "## Views\n\nFront, top, side.",
        },
    )
    assert response.status_code == 302
    client.post(f"/learning/courses/{created.pk}/publish/")
    created.refresh_from_db()
    assert created.status == Status.PUBLISHED
    assert set(Lesson.objects.filter(module=module).values_list("status", flat=True)) == {Status.PUBLISHED}


def test_the_catalogue_searches_and_answers_htmx_with_the_fragment(client_as: Callable[..., Any]) -> None:
    response = client_as("student").get("/learning/?q=robot", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "PLC and robot arm control" in page
    assert "Python for IoT" not in page


def test_an_author_adds_a_quiz_question_exercise_and_rubric(client_as: Callable[..., Any]) -> None:
    client = client_as("instructor")
    target = course()
    response = client.post(
        f"/learning/courses/{target.pk}/quiz/new/",
        {"title_en": "Wiring check", "pass_percent": 50, "max_attempts": 2, "draw": 0},
    )
    assert response.status_code == 302
    quiz = target.quizzes.get(title__en="Wiring check")
    response = client.post(
        f"/learning/quizzes/{quiz.pk}/questions/new/",
        {
            "kind": "multiple",
            "text_en": "Which pins are ground?",
            "choice_1_en": "GND",
            "choice_2_en": "3V3",
            "choice_2_mn": "3.3 В",
            "choice_3_en": "GND (pin 9)",
            "answer_text": "1, 3",
            "tolerance": 0,
            "points": 1,
        },
    )
    assert response.status_code == 302
    question = quiz.questions.get()
    assert (question.answer, question.choices) == (
        [0, 2],
        [{"en": "GND"}, {"en": "3V3", "mn": "3.3 В"}, {"en": "GND (pin 9)"}],
    )
    bad = client.post(
        f"/learning/quizzes/{quiz.pk}/questions/new/",
        {
            "kind": "single",
            "text_en": "?",
            "choice_1_en": "a",
            "choice_2_en": "b",
            "answer_text": "5",
            "tolerance": 0,
            "points": 1,
        },
    )
    assert "does not fit" in bad.content.decode()
    response = client.post(
        f"/learning/courses/{target.pk}/exercise/new/",
        {"title_en": "Double it", "tests": "def test_d():\n    assert solution.d(2) == 4\n"},
    )
    assert response.status_code == 302
    assignment = target.assignments.get()
    response = client.post(
        f"/learning/assignments/{assignment.pk}/criteria/new/",
        {
            "position": 4,
            "title_en": "Safety",
            "level_1_points": 5,
            "level_1_ja": "優",
            "level_1_en": "Safe",
            "level_1_mn": "Аюулгүй",
            "level_2_points": 0,
            "level_2_ja": "不可",
            "level_2_en": "Unsafe",
        },
    )
    assert response.status_code == 302
    assert assignment.criteria.get(title__en="Safety").levels == [
        {"points": 5, "label": {"ja": "優", "en": "Safe", "mn": "Аюулгүй"}},
        {"points": 0, "label": {"ja": "不可", "en": "Unsafe"}},
    ]
    assert client_as("student").get(f"/learning/courses/{target.pk}/quiz/new/").status_code == 403


def test_lesson_images_show_inline_and_other_files_download(client_as: Callable[..., Any]) -> None:
    from django.core.files.base import ContentFile

    lesson = Lesson.objects.filter(module__course=course(), kind=LessonKind.LESSON).first()
    assert lesson is not None
    lesson.attachment.save("wiring.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    response = client_as("student").get(f"/learning/lessons/{lesson.pk}/file/")
    assert response["Content-Disposition"].startswith("inline")
    lesson.attachment.save("wiring.svg", ContentFile(b"<svg/>"), save=True)
    response = client_as("student").get(f"/learning/lessons/{lesson.pk}/file/")
    assert response["Content-Disposition"].startswith("attachment")
