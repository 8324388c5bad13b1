from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from kakehashi.core import scheduling
from kakehashi.core.models import ScheduledJob

pytestmark = pytest.mark.django_db


def test_every_app_job_is_registered_with_a_task_and_a_label():
    names = {job.name for job in scheduling.registered_jobs()}
    assert {"operations.check_missed_checkins", "privacy.apply_retention"} <= names
    for job in scheduling.registered_jobs():
        assert callable(job.task.enqueue)
        assert str(job.label)
        assert job.every >= timedelta(minutes=1)


def test_a_job_runs_when_due_and_not_again_before_its_interval(django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = scheduling.run_due(now)
    assert "privacy.apply_retention" in first
    # One enqueue per due job, once the claim is committed (counted before they run: a job run at once by
    # the tests' task backend may itself leave callbacks, e.g. the notifications it sends).
    assert len(callbacks) == len(first)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    record = ScheduledJob.objects.get(name="privacy.apply_retention")
    assert record.last_enqueued_at == now
    assert record.last_result_id  # the task result of the enqueued run is kept

    with django_capture_on_commit_callbacks(execute=True):
        assert "privacy.apply_retention" not in scheduling.run_due(now + timedelta(hours=23))
    with django_capture_on_commit_callbacks(execute=True):
        assert "privacy.apply_retention" in scheduling.run_due(now + timedelta(days=1))


def test_two_schedulers_reading_the_same_row_enqueue_a_due_job_once():
    now = timezone.now()
    job = next(job for job in scheduling.registered_jobs() if job.name == "privacy.apply_retention")
    ScheduledJob.objects.create(name=job.name, last_enqueued_at=now - timedelta(days=2))
    stale_copy = ScheduledJob.objects.get(name=job.name)
    assert scheduling._claim(job, now, force=False) is True
    # A second process had read the row before the first claimed it: its compare-and-set matches nothing.
    with mock.patch.object(ScheduledJob.objects, "get_or_create", return_value=(stale_copy, False)):
        assert scheduling._claim(job, now, force=False) is False


def test_the_retention_job_enqueued_by_the_scheduler_really_runs(django_capture_on_commit_callbacks):
    with (
        mock.patch("kakehashi.privacy.retention.apply", return_value={"done": 0}) as apply,
        django_capture_on_commit_callbacks(execute=True),
    ):
        scheduling.run_due(timezone.now())
    apply.assert_called_once()  # ImmediateBackend in tests: enqueued means run


def test_command_once_prints_what_it_enqueued():
    from io import StringIO

    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    text = out.getvalue()
    assert "privacy.apply_retention" in text
    assert ScheduledJob.objects.filter(
        name="privacy.apply_retention", last_enqueued_at__isnull=False
    ).exists()


def test_jobs_page_lists_each_job_and_run_now_enqueues_it(client_as, django_capture_on_commit_callbacks):
    client = client_as("admin")
    page = client.get("/jobs/").content.decode()
    for job in scheduling.registered_jobs():
        assert job.name in page
    never_before = page.count("Never")
    assert never_before == len(scheduling.registered_jobs())
    assert page.count("Due now") == len(scheduling.registered_jobs())  # never run: due at once

    with (
        mock.patch("kakehashi.privacy.retention.apply", return_value={}) as apply,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/jobs/privacy.apply_retention/run/", follow=True)
    assert response.status_code == 200
    assert "will run in a moment" in response.content.decode()
    apply.assert_called_once()
    assert ScheduledJob.objects.get(name="privacy.apply_retention").last_enqueued_at is not None
    after = client.get("/jobs/").content.decode()
    assert after.count("Never") == never_before - 1
    assert after.count("Due now") == len(scheduling.registered_jobs()) - 1  # retention runs again tomorrow


def test_run_now_of_an_unknown_job_is_404(client_as):
    assert client_as("admin").post("/jobs/nothing.such/run/").status_code == 404
