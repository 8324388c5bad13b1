"""/health/ and /ready/ (kakehashi.core.health): what a proxy, systemd or an orchestrator probes."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from kakehashi.core.models import ScheduledJob
from kakehashi.core.scheduling import registered_jobs

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Production's transport rules: a plain-HTTP request to an unknown host is redirected or refused.
STRICT = {"SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["kakehashi.example"]}


@pytest.fixture
def scheduler_ran(db: None) -> None:
    for job in registered_jobs():
        ScheduledJob.objects.update_or_create(name=job.name, defaults={"last_enqueued_at": timezone.now()})


def ready(client: Client | None = None) -> tuple[int, dict]:
    response = (client or Client()).get("/ready/")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_health_answers_ok_without_the_database() -> None:
    # No db fixture: pytest-django raises on any database access.
    with override_settings(**STRICT):
        response = Client().get("/health/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.usefixtures("scheduler_ran")
def test_ready_answers_plain_http_from_loopback_with_every_check() -> None:
    with override_settings(**STRICT):
        status, body = ready(Client(HTTP_HOST="127.0.0.1:8000"))
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "migrations", "worker", "scheduler"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.usefixtures("scheduler_ran")
def test_ready_names_the_failing_check() -> None:
    with mock.patch("kakehashi.core.health.default_storage.save", side_effect=OSError("read-only")):
        status, body = ready()
    assert status == 503
    assert body["failing"] == ["storage"]
    assert "read-only" in body["checks"]["storage"]["error"]


def test_ready_fails_when_the_scheduler_never_ran(db: None) -> None:
    ScheduledJob.objects.all().delete()
    status, body = ready()
    assert status == 503
    assert body["failing"] == ["scheduler"]


@pytest.mark.usefixtures("scheduler_ran")
def test_ready_fails_when_a_periodic_job_is_long_overdue() -> None:
    job = registered_jobs()[0]
    ScheduledJob.objects.filter(name=job.name).update(
        last_enqueued_at=timezone.now() - job.every - timedelta(hours=1)
    )
    status, body = ready()
    assert status == 503
    assert body["failing"] == ["scheduler"]
    assert body["checks"]["scheduler"]["most_overdue_seconds"] >= 3600


@pytest.mark.usefixtures("scheduler_ran")
@override_settings(TASKS=DB_TASKS)
def test_ready_reports_the_queue_and_fails_when_no_worker_takes_tasks() -> None:
    from django_tasks_db.models import DBTaskResult, get_date_max

    def queued(minutes_ago: int) -> None:
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="kakehashi.privacy.tasks.apply_retention",
            queue_name="default",
            backend_name="default",
            run_after=get_date_max(),
        )
        DBTaskResult.objects.filter(pk=task.pk).update(
            enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
        )

    queued(1)
    status, body = ready()
    assert status == 200, body
    assert body["checks"]["worker"]["queue_depth"] == 1
    assert 55 <= body["checks"]["worker"]["oldest_queued_age_seconds"] < 120

    queued(30)
    status, body = ready()
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["queue_depth"] == 2


def test_the_probes_are_not_in_the_menu(client_as) -> None:
    page = client_as("admin").get("/").content.decode()
    assert "/health/" not in page
    assert "/ready/" not in page
