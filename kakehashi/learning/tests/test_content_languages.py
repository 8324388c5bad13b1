"""The curriculum in several languages: every demo text in each configured language, pages and exports in the
reader's, search in every language, sort in the reader's, one input per language for authors, and what is
not translated yet shown to them."""

import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook

from kakehashi.core.multilingual.query import missing_language
from kakehashi.core.multilingual.text import content_languages
from kakehashi.core.permissions import build_viewer
from kakehashi.learning import selectors
from kakehashi.learning.models import (
    Assignment,
    ClassSession,
    Cohort,
    Course,
    Exercise,
    Lesson,
    Module,
    Question,
    Quiz,
    RubricCriterion,
    Skill,
    Status,
)
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db

TEXTS = [
    (Course, "title"),
    (Course, "summary"),
    (Module, "title"),
    (Lesson, "title"),
    (Lesson, "body"),
    (Exercise, "title"),
    (Exercise, "prompt"),
    (Quiz, "title"),
    (Question, "text"),
    (Assignment, "title"),
    (Assignment, "brief"),
    (RubricCriterion, "title"),
    (Cohort, "title"),
    (ClassSession, "title"),
    (Skill, "name"),
]


@pytest.mark.parametrize(("model", "field"), TEXTS, ids=[f"{m.__name__}.{f}" for m, f in TEXTS])
def test_every_demo_text_is_written_in_every_language(model: Any, field: str) -> None:
    assert model.objects.exists()
    for code in content_languages():
        missing = model.objects.filter(missing_language(field, code))
        assert not missing.exists(), (code, [str(getattr(row, field)) for row in missing[:5]])


def test_every_demo_choice_feedback_and_rubric_level_is_written_in_every_language() -> None:
    languages = set(content_languages())
    for question in Question.objects.all():
        assert all(set(choice) == languages for choice in question.choices), question.choices
        assert not question.feedback or set(question.feedback) == languages
    for criterion in RubricCriterion.objects.all():
        assert all(set(level["label"]) == languages for level in criterion.levels), criterion.levels


def test_skills_are_named_as_people_write_them() -> None:
    assert Skill.objects.get(key="iot_sensors").name == {
        "ja": "IoTセンサ",
        "en": "IoT sensors",
        "mn": "IoT мэдрэгч",
    }


def test_the_skill_list_names_groups_and_skills_and_shows_no_key(client_as: Callable[..., Any]) -> None:
    page = client_as("manager", "mn").get("/learning/skills/?page=1").content.decode()
    assert "IoT мэдрэгч" in page
    assert "AIR технологийн хичээл" in page or "AIR technology subject" in page  # the group's label
    for key in ("iot_sensors", "air_subject", "ai_data_science_expert", "business_architect"):
        assert key not in re.sub(r'href="[^"]*"', "", page), key


def test_pages_show_the_readers_language(client_as: Callable[..., Any]) -> None:
    target = course()
    for language, text in (
        ("mn", "IoT-д зориулсан Python"),
        ("ja", "IoTのためのPython"),
        ("en", "Python for IoT"),
    ):
        page = client_as("student", language).get(target.get_absolute_url()).content.decode()
        assert f"<h1>{text}</h1>" in page
        assert target.title["en" if language != "en" else "mn"] not in page


def test_a_mongolian_coordinator_finds_a_course_by_its_mongolian_title(client_as: Callable[..., Any]) -> None:
    page = client_as("manager", "mn").get("/learning/?q=Машин").content.decode()
    assert "Машин сургалтын үндэс" in page
    assert "IoT-д зориулсан Python" not in page
    japanese = client_as("manager", "ja").get("/learning/?q=画像").content.decode()
    assert "画像認識" in japanese
    assert "機械学習の基礎" not in japanese


def test_the_catalogue_is_sorted_as_the_reader_reads_it(demo_user: Callable[[str], Any]) -> None:
    viewer = build_viewer(demo_user("manager"))
    for language in content_languages():
        with translation.override(language):
            titles = [
                c.title.in_language(language)
                for c in selectors.catalogue(viewer).filter(track="student", status=Status.PUBLISHED)
            ]
        assert titles == sorted(titles), language


def test_the_gradebook_export_names_its_columns_in_the_requesters_language(
    client_as: Callable[..., Any],
) -> None:
    cohort = Cohort.objects.get(key="must-kosen-2025")
    response = client_as("instructor", "mn").get(f"/learning/cohorts/{cohort.pk}/gradebook.xlsx")
    header = next(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert "IoT-д зориулсан Python: ойлголтоо шалгах" in header
    assert "Python for IoT: check your understanding" not in header


def test_the_api_gives_the_title_in_the_callers_language_and_in_every_language(
    client_as: Callable[..., Any],
) -> None:
    items = json.loads(client_as("student2", "mn").get("/api/v1/learning/courses").content)["items"]
    python = next(c for c in items if c["key"] == "python-iot")
    assert python["title"] == "IoT-д зориулсан Python"
    assert python["titles"] == {
        "ja": "IoTのためのPython",
        "mn": "IoT-д зориулсан Python",
        "en": "Python for IoT",
    }


def test_authors_see_what_is_not_translated_yet_and_learners_do_not(client_as: Callable[..., Any]) -> None:
    target = course()
    Lesson.objects.create(
        module=target.modules.order_by("position")[0],
        position=50,
        title={"en": "Soldering safety"},
        status=Status.PUBLISHED,
    )
    authoring = client_as("instructor").get(target.get_absolute_url()).content.decode()
    assert "Soldering safety" in authoring
    assert 'no <span lang="mn">Монгол</span> yet' in authoring
    assert 'no <span lang="ja">日本語</span> yet' in authoring
    learning = client_as("student").get(target.get_absolute_url()).content.decode()
    assert "Soldering safety" in learning
    assert "missing-languages" not in learning


def test_a_title_shown_in_another_language_is_marked_with_it(client_as: Callable[..., Any]) -> None:
    target = course()
    Lesson.objects.create(
        module=target.modules.order_by("position")[0],
        position=51,
        title={"en": "Soldering safety"},
        status=Status.PUBLISHED,
    )
    page = client_as("student", "mn").get(target.get_absolute_url()).content.decode()
    assert '<span lang="en">Soldering safety</span>' in page


def test_the_question_form_has_an_input_per_language_for_each_choice(client_as: Callable[..., Any]) -> None:
    question = Question.objects.filter(quiz__course=course(), kind="multiple").first()
    assert question is not None
    client = client_as("instructor")
    page = client.get(f"/learning/questions/{question.pk}/edit/").content.decode()
    for code in content_languages():
        assert f'name="choice_1_{code}"' in page
        assert f'lang="{code}"' in page
    assert 'value="加速度センサ"' in page
    data = {
        "kind": "multiple",
        "text_en": "Which are sensors?",
        "choice_1_en": "Thermistor",
        "choice_3_en": "Relay",
        "answer_text": "1",
        "tolerance": 0,
        "points": 1,
    }
    gap = client.post(f"/learning/questions/{question.pk}/edit/", data).content.decode()
    assert "Fill the rows from the first one" in gap
    data |= {"choice_2_en": "Accelerometer", "choice_2_mn": "Хурдатгал мэдрэгч", "answer_text": "1, 2"}
    assert client.post(f"/learning/questions/{question.pk}/edit/", data).status_code == 302
    question.refresh_from_db()
    assert question.choices == [
        {"en": "Thermistor"},
        {"en": "Accelerometer", "mn": "Хурдатгал мэдрэгч"},
        {"en": "Relay"},
    ]
    assert question.text == {"en": "Which are sensors?"}


def test_quiz_choices_and_rubric_levels_show_in_the_readers_language(client_as: Callable[..., Any]) -> None:
    assignment = Assignment.objects.filter(course=course()).first()
    assert assignment is not None
    page = client_as("student", "mn").get(assignment.get_absolute_url()).content.decode()
    assert "Маш сайн (4)" in page
    assert "Асуудлын ойлголт" in page


def test_the_lesson_form_has_a_tall_textarea_per_language_for_the_text(client_as: Callable[..., Any]) -> None:
    page = client_as("author").get(f"/learning/courses/{course().pk}/lessons/new/").content.decode()
    for code in content_languages():
        assert f'name="title_{code}"' in page
        assert re.search(rf'<textarea name="body_{code}"[^>]*rows="10"', page), code
