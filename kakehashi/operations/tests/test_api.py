"""The intern's phone through the API: my case, check-in, daily reports."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kakehashi.operations.models import CheckIn, InternCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def running_case(make_case, demo_user):
    InternCase.objects.filter(intern=demo_user("student")).delete()
    return make_case(arrival_on=timezone.localdate() - timedelta(days=2))


def post(client, url: str, payload: dict):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_my_case_check_in_and_a_daily_report(client_as, running_case) -> None:
    student = client_as("student")
    case = student.get("/api/v1/operations/my-case").json()
    assert case["id"] == running_case.pk
    assert case["checked_in_today"] is False
    assert len(case["tasks"]) == running_case.tasks.count()
    answer = post(student, "/api/v1/operations/check-in", {})
    assert answer.status_code == 201, answer.content  # the day's check-in is created
    assert post(student, "/api/v1/operations/check-in", {}).status_code == 200  # then updated
    assert CheckIn.objects.filter(case=running_case, day=timezone.localdate()).exists()
    assert student.get("/api/v1/operations/my-case").json()["checked_in_today"] is True
    written = post(
        student,
        "/api/v1/operations/daily-reports",
        {"day": str(timezone.localdate()), "language": "ja", "body": "今日は溶接を見学しました。"},
    )
    assert written.status_code == 201, written.content
    assert [r["body"] for r in student.get("/api/v1/operations/daily-reports").json()["items"]] == [
        "今日は溶接を見学しました。"
    ]
    mentor = client_as("mentor")
    assert mentor.get(f"/api/v1/operations/daily-reports?case={running_case.pk}").json()["count"] == 1
    assert (
        client_as("student2").get(f"/api/v1/operations/daily-reports?case={running_case.pk}").status_code
        == 404
    )


def test_bad_input_answers_422_with_the_values_to_correct(client_as, running_case) -> None:
    student = client_as("student")
    maybe = post(student, "/api/v1/operations/check-in", {"status": "maybe"})
    assert maybe.status_code == 422
    assert [error["loc"] for error in maybe.json()["errors"]] == [["body", "payload", "status"]]
    future = str(timezone.localdate() + timedelta(days=1))
    refused = post(
        student, "/api/v1/operations/daily-reports", {"day": future, "language": "mn", "body": "x"}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "loc": ["body", "day"],
            "msg": "A daily report cannot be written for a day still to come.",
            "type": "invalid",
        }
    ]


def test_people_without_a_case_get_404_and_the_funder_403(client_as) -> None:
    assert client_as("mentor").get("/api/v1/operations/my-case").status_code == 404
    assert client_as("funder").get("/api/v1/operations/my-case").status_code == 403
    assert post(client_as("mentor"), "/api/v1/operations/check-in", {}).status_code == 404
