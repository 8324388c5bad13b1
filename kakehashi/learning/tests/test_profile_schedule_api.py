"""Skill profiles, the class schedule and its calendar feed, the API, the demo."""

import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from kakehashi.accounts.models import User
from kakehashi.learning import demo, selectors
from kakehashi.learning.models import (
    ClassSession,
    Course,
    ExerciseRun,
    Lesson,
    LessonCompletion,
    RunStatus,
    Skill,
)
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db


def test_the_skill_taxonomy_comes_from_the_reference_file() -> None:
    assert Skill.objects.filter(group="air_subject").count() == 10
    assert Skill.objects.filter(key="physical_computing", group="software_engineer").exists()


def test_a_skill_profile_grows_from_completed_and_graded_work(demo_user: Callable[[str], User]) -> None:
    student = demo_user("student")
    assert selectors.skill_profile(student) == []
    lesson = Lesson.objects.filter(module__course=course("ml-basics")).first()
    assert lesson is not None
    LessonCompletion.objects.create(lesson=lesson, user=student)
    exercise = course("ml-basics").exercises.get()
    ExerciseRun.objects.create(
        exercise=exercise, user=student, code="", status=RunStatus.FAILED, score_percent=40
    )
    ExerciseRun.objects.create(
        exercise=exercise, user=student, code="", status=RunStatus.FAILED, score_percent=60
    )
    profile = {s.key: s for s in selectors.skill_profile(student)}
    assert set(profile) == {"ai_machine_learning", "data_analysis"}
    # The lesson counts 100, the exercise its best score (60).
    assert profile["ai_machine_learning"].level == 80
    assert profile["ai_machine_learning"].evidence == 2


def test_the_schedule_shows_both_time_zones(client_as: Callable[..., Any]) -> None:
    page = client_as("student").get("/learning/schedule/").content.decode()
    # The online lecture (dated from the day the demo is loaded): 16:00 in Nagaoka is 15:00 in Ulaanbaatar.
    lecture = ClassSession.objects.filter(title__en="Online lecture from Nagaoka").first()
    assert lecture is not None
    day = lecture.starts_at.astimezone(ZoneInfo("Asia/Tokyo")).date()
    written = f"{day.day} {day:%b} {day.year}"
    assert f"{written}, 16:00 (Tokyo)" in page
    assert f"{written}, 15:00 (Ulaanbaatar)" in page


def test_the_calendar_feed_has_the_local_time_zones(client_as: Callable[..., Any]) -> None:
    response = client_as("student").get("/learning/schedule.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    lab = events["Sensor lab on site"].decoded("dtstart")
    assert (str(lab.tzinfo), lab.hour) == ("Asia/Ulaanbaatar", 10)
    lecture = events["Online lecture from Nagaoka"].decoded("dtstart")
    assert (str(lecture.tzinfo), lecture.hour) == ("Asia/Tokyo", 16)


def test_the_api_gives_courses_progress_and_skills(client_as: Callable[..., Any]) -> None:
    client = client_as("student2")
    courses = json.loads(client.get("/api/v1/learning/courses").content)["items"]
    assert {"python-iot", "ml-basics"} <= {c["key"] for c in courses}
    assert "teaching-air" not in {c["key"] for c in courses}
    progress = {p["course"]: p for p in json.loads(client.get("/api/v1/learning/progress").content)["items"]}
    assert progress["Python for IoT"]["done"] == 3  # two lessons and the quiz
    skills = json.loads(client.get("/api/v1/learning/skills").content)["items"]
    assert {s["key"] for s in skills} == {"python_programming", "iot_sensors"}
    assert client_as("company").get("/api/v1/learning/progress").status_code == 403


def test_the_demo_loads_twice_without_change() -> None:
    before = (Course.objects.count(), Lesson.objects.count(), Skill.objects.count())
    demo.load()
    assert (Course.objects.count(), Lesson.objects.count(), Skill.objects.count()) == before
    assert before[0] == 7
