"""/health/ and /ready/ (kakehashi.core.health): what a proxy, systemd or an orchestrator probes."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from kakehashi.core.background import heartbeat
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


def queued(minutes_ago: int) -> None:
    from django_tasks_db.models import DBTaskResult, get_date_max

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


def worker_seen(seconds_ago: int, worker_id: str = "worker-1") -> None:
    heartbeat(worker_id, now=timezone.now() - timedelta(seconds=seconds_ago))


@pytest.mark.usefixtures("scheduler_ran")
@override_settings(TASKS=DB_TASKS)
def test_ready_reports_the_queue_and_fails_when_no_worker_takes_tasks() -> None:
    worker_seen(5)
    queued(1)
    status, body = ready()
    assert status == 200, body
    assert body["checks"]["worker"]["queue_depth"] == 1
    assert 55 <= body["checks"]["worker"]["oldest_queued_age_seconds"] < 120

    # A worker beats but takes nothing (stuck on one long task, or listening to another queue).
    queued(30)
    status, body = ready()
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["queue_depth"] == 2


@pytest.mark.usefixtures("scheduler_ran")
@override_settings(TASKS=DB_TASKS, TASK_WORKER_LOST_SECONDS=60)
def test_ready_reports_the_newest_worker_heartbeat() -> None:
    worker_seen(40, "worker-old")
    worker_seen(7, "worker-new")
    worker_seen(600, "worker-gone")
    status, body = ready()
    assert status == 200, body
    worker = body["checks"]["worker"]
    assert 7 <= worker["heartbeat_age_seconds"] < 30
    assert worker["workers_alive"] == 2


@pytest.mark.usefixtures("scheduler_ran")
@override_settings(TASKS=DB_TASKS, TASK_WORKER_LOST_SECONDS=60)
def test_ready_fails_at_once_when_tasks_wait_and_no_worker_beats() -> None:
    # Every worker was killed: the heartbeat is older than TASK_WORKER_LOST_SECONDS. A task enqueued a
    # moment ago is enough to say so; there is no need to wait for the queue's five minutes.
    worker_seen(120)
    queued(0)
    status, body = ready()
    assert status == 503
    assert body["failing"] == ["worker"]
    worker = body["checks"]["worker"]
    assert worker["heartbeat_age_seconds"] >= 120
    assert worker["workers_alive"] == 0
    assert "no task worker" in worker["error"]


@pytest.mark.usefixtures("scheduler_ran")
@override_settings(TASKS=DB_TASKS, TASK_WORKER_LOST_SECONDS=60)
def test_ready_fails_when_tasks_wait_and_no_worker_ever_beat() -> None:
    queued(0)
    status, body = ready()
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["heartbeat_age_seconds"] is None


@pytest.mark.usefixtures("scheduler_ran")
@override_settings(TASKS=DB_TASKS, TASK_WORKER_LOST_SECONDS=60)
def test_ready_stays_green_without_a_worker_while_nothing_waits() -> None:
    # A worker restarting (its row is deleted on a clean stop) or a deployment's first seconds: nothing is
    # late yet. The scheduler enqueues a job every minute, so a worker that stays away is seen soon.
    worker_seen(600)
    status, body = ready()
    assert status == 200, body
    assert body["checks"]["worker"]["workers_alive"] == 0


def test_the_probes_are_not_in_the_menu(client_as) -> None:
    page = client_as("admin").get("/").content.decode()
    assert "/health/" not in page
    assert "/ready/" not in page
