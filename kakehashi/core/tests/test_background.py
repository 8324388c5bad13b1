"""Background work that survives faults (issue 14.4), in one process: the reaper, the recovery hooks,
messages sent once and the pruning of results. The real `kill -9` of a worker process is in
test_worker_kill.py."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from kakehashi.accounts import services as accounts_services
from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Invitation, Organization, User
from kakehashi.core import background, scheduling
from kakehashi.core.models import SentMessage, TaskWorker
from kakehashi.core.testing.redis_db import TEST_REDIS_URL, redis_for_tests_is_up
from kakehashi.internships.models import MatchingRun, Round, RunStatus
from kakehashi.learning.models import ExerciseRun
from kakehashi.learning.models import RunStatus as ExerciseStatus
from kakehashi.learning.tests.helpers import course
from kakehashi.notifications.models import Delivery, Status
from kakehashi.notifications.services import deliver, notify

pytestmark = pytest.mark.django_db

GRADE = "kakehashi.learning.tasks.grade_exercise_run"
PUBLISH = "kakehashi.internships.tasks.publish_run"
EXECUTE = "kakehashi.internships.tasks.execute_run"


def running(
    task_path: str, *args: Any, minutes_ago: int = 30, workers: tuple[str, ...] = ("w1",)
) -> DBTaskResult:
    """A task result as a worker leaves it when it is killed in the middle of the task."""
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        task_path=task_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=list(workers),
    )


def queued_run() -> ExerciseRun:
    student = User.objects.get(email=demo_email("student"))
    return ExerciseRun.objects.create(exercise=course().exercises.get(), user=student, code="print(1)\n")


def test_a_lost_grading_goes_back_to_the_queue_and_its_run_stays_queued() -> None:
    run = queued_run()
    result = running(GRADE, run.pk)
    reaped = background.reap_lost_tasks()
    result.refresh_from_db()
    run.refresh_from_db()
    assert reaped.retried == [str(result.pk)]
    assert result.status == TaskResultStatus.READY
    assert result.started_at is None
    assert run.status == ExerciseStatus.QUEUED


def test_when_the_attempts_run_out_the_run_says_to_submit_again_and_leaves_the_queue() -> None:
    run = queued_run()
    result = running(GRADE, run.pk, workers=("w1", "w2", "w3"))
    reaped = background.reap_lost_tasks()
    result.refresh_from_db()
    run.refresh_from_db()
    assert reaped.failed == [str(result.pk)]
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == background.WORKER_LOST_CLASS
    assert run.status == ExerciseStatus.LOST
    assert "Submit your code again" in run.get_status_display()


def test_a_task_on_a_live_worker_or_started_recently_is_left_alone() -> None:
    run = queued_run()
    TaskWorker.objects.create(worker_id="alive", seen_at=timezone.now())
    on_live_worker = running(GRADE, run.pk, workers=("alive",))
    recent = running(GRADE, run.pk, minutes_ago=1, workers=("gone",))
    assert background.reap_lost_tasks().retried == []
    on_live_worker.refresh_from_db()
    recent.refresh_from_db()
    assert on_live_worker.status == recent.status == TaskResultStatus.RUNNING


def test_a_worker_whose_heartbeat_stopped_is_gone() -> None:
    run = queued_run()
    TaskWorker.objects.create(worker_id="silent", seen_at=timezone.now() - timedelta(minutes=5))
    result = running(GRADE, run.pk, workers=("silent",))
    assert background.reap_lost_tasks().retried == [str(result.pk)]


def test_a_lost_publication_is_marked_failed_so_it_can_be_started_again() -> None:
    run = MatchingRun.objects.create(
        round=Round.objects.first(), status=RunStatus.DONE, publication_status=RunStatus.RUNNING
    )
    result = running(PUBLISH, run.pk)
    assert background.reap_lost_tasks().failed == [str(result.pk)]
    run.refresh_from_db()
    assert run.publication_status == RunStatus.FAILED
    assert "Publish the run again" in run.publication_error
    assert not run.is_publishing


def test_a_matching_run_stuck_at_running_is_failed_when_its_attempts_run_out() -> None:
    run = MatchingRun.objects.create(round=Round.objects.first(), status=RunStatus.RUNNING, progress=10)
    running(EXECUTE, run.pk, workers=("w1", "w2", "w3"))
    background.reap_lost_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Start a new run" in run.error


def test_a_task_without_a_hook_is_failed() -> None:
    result = running("kakehashi.privacy.tasks.apply_retention")
    assert background.reap_lost_tasks().failed == [str(result.pk)]


@override_settings(TASK_STALE_SECONDS=60 * 60)
def test_the_stale_time_is_a_setting() -> None:
    run = queued_run()
    running(GRADE, run.pk, minutes_ago=30)
    assert background.reap_lost_tasks().retried == []


# --- messages sent once ------------------------------------------------------------------------------


def test_a_retried_invitation_task_sends_one_email_with_one_working_link() -> None:
    viewer_user = User.objects.get(email=demo_email("teacher"))
    from kakehashi.core.permissions import build_viewer

    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        invitation = accounts_services.invitation_create(
            viewer=build_viewer(viewer_user),
            organization=Organization.objects.get(key="must-kosen"),
            email="retry@example.mn",
            role="student",
        )
    with background.task_attempt("task-result-1"):
        token = accounts_services.invitation_send(invitation_id=invitation.pk)
        again = accounts_services.invitation_send(invitation_id=invitation.pk)  # the retry
    assert token is not None
    assert again is None
    assert len(mail.outbox) == 1
    assert accounts_services.invitation_by_token(token) == Invitation.objects.get(pk=invitation.pk)
    # Asking for the invitation again (a new task) does send a new email.
    with background.task_attempt("task-result-2"):
        assert accounts_services.invitation_send(invitation_id=invitation.pk) is not None
    assert len(mail.outbox) == 2


def test_a_retried_notification_task_sends_each_email_once() -> None:
    people = User.objects.filter(email__in=[demo_email("student"), demo_email("teacher")])
    fanout = notify(people, "internships.result_published", {"round": "2026-03"}, url="/")
    with background.task_attempt("notify-1"):
        assert deliver(message_ids=fanout.message_ids) == 2
        # The worker died after sending, before writing the log down: the retry finds its markers.
        Delivery.objects.filter(channel="email").update(status=Status.QUEUED)
        assert deliver(message_ids=fanout.message_ids) == 0
    assert len(mail.outbox) == 2
    assert set(Delivery.objects.filter(channel="email").values_list("status", flat=True)) == {Status.SENT}


def test_a_failed_send_can_be_retried() -> None:
    def broken() -> None:
        raise OSError("SMTP down")

    with background.task_attempt("t"), pytest.raises(OSError, match="SMTP down"):
        background.send_once("k", broken)
    with background.task_attempt("t"):
        assert background.send_once("k", lambda: "sent") == "sent"
        assert background.send_once("k", lambda: "sent") is None


def test_a_task_run_by_a_backend_records_what_it_sent() -> None:
    """The signal handlers put the task result's id around the body (the immediate backend in tests)."""
    from kakehashi.accounts.tasks import send_invitation_email
    from kakehashi.core.permissions import build_viewer

    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        invitation = accounts_services.invitation_create(
            viewer=build_viewer(User.objects.get(email=demo_email("teacher"))),
            organization=Organization.objects.get(key="must-kosen"),
            email="signal@example.mn",
            role="student",
        )
    result = send_invitation_email.enqueue(invitation.pk)
    assert SentMessage.objects.filter(key__startswith=f"{result.id}:invitation:{invitation.pk}:").exists()


# --- pruning and the schedule -------------------------------------------------------------------------


def test_finished_results_older_than_the_retention_are_pruned() -> None:
    now = timezone.now()

    def finished(days_ago: int, status: str = TaskResultStatus.SUCCESSFUL) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            task_path=GRADE,
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            run_after=get_date_max(),
            finished_at=now - timedelta(days=days_ago),
        )

    old, old_failed, recent = finished(15), finished(30, TaskResultStatus.FAILED), finished(13)
    still_running = running(GRADE, 1, minutes_ago=60 * 24 * 30)
    SentMessage.objects.create(key="old")
    SentMessage.objects.filter(key="old").update(sent_at=now - timedelta(days=20))
    counts = background.prune_task_results(now)
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert {recent.pk, still_running.pk} <= remaining
    assert not {old.pk, old_failed.pk} & remaining
    assert counts["results"] == 2
    assert counts["sent_markers"] == 1
    with override_settings(TASK_RESULT_RETENTION_DAYS=7):
        background.prune_task_results(now)
    assert not DBTaskResult.objects.filter(pk=recent.pk).exists()


def test_the_scheduler_runs_the_reaper_every_minute_and_prunes_daily() -> None:
    jobs = {job.name: job for job in scheduling.registered_jobs()}
    assert jobs["core.reap_lost_tasks"].every == timedelta(minutes=1)
    assert jobs["core.prune_task_results"].every == timedelta(days=1)
    assert jobs["core.reap_lost_tasks"].task.enqueue().return_value == {"retried": [], "failed": []}


def test_a_task_run_inside_another_does_not_make_the_outer_one_forget_its_id() -> None:
    from kakehashi.core.background import on_task_finished, on_task_started

    class Result:
        def __init__(self, id: str) -> None:
            self.id = id

    with background.task_attempt("outer"):
        on_task_started(None, Result("inner"))
        on_task_finished(None, Result("inner"))
        assert background.send_once("m", lambda: "sent") == "sent"
    assert SentMessage.objects.filter(key="outer:m").exists()


# --- RQ: the same hooks after RQ's own abandoned-job clean-up -----------------------------------------

RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": TEST_REDIS_URL}},
}


def _abandoned_rq_job(task_path: str, *args: Any, attempts: int) -> str:
    """A job as RQ's StartedJobRegistry.cleanup() leaves one whose worker died."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.registry import FailedJobRegistry

    queue = django_rq.get_queue("default", job_class=Job)
    queue.connection.flushdb()
    job = queue.create_job(
        task_path,
        args=list(args),
        meta={
            "backend_name": "default",
            "_django_tasks_rq_exceptions": ["rq.exceptions.AbandonedJobError"],
            "kakehashi_attempts": attempts,
        },
    )
    job.save()
    FailedJobRegistry(queue=queue).add(job, exc_string="Moved to FailedJobRegistry, due to AbandonedJobError")
    return str(job.id)


@pytest.mark.skipif(not redis_for_tests_is_up(), reason="no Redis on 127.0.0.1:6379")
@override_settings(**RQ_SETTINGS, TASK_MAX_ATTEMPTS=3)
def test_on_rq_an_abandoned_grading_is_queued_again_then_given_up() -> None:
    import django_rq

    run = queued_run()
    job_id = _abandoned_rq_job(GRADE, run.pk, attempts=1)
    assert background.reap_lost_rq_jobs().retried == [job_id]
    assert job_id in django_rq.get_queue("default").job_ids
    job_id = _abandoned_rq_job(GRADE, run.pk, attempts=3)
    assert background.reap_lost_rq_jobs().failed == [job_id]
    run.refresh_from_db()
    assert run.status == ExerciseStatus.LOST
    assert background.reap_lost_rq_jobs().failed == []  # handled once
    django_rq.get_queue("default").connection.flushdb()
