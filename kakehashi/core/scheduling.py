"""Periodic jobs: each app lists its own in `kakehashi/<app>/schedule.py` as `JOBS = [Periodic(...)]`.

`manage.py run_scheduler` (started by `make run` beside the task worker) wakes up every minute and enqueues
each job that is due as a django.tasks task; the worker runs it. When a job was last enqueued is kept in the
database (`ScheduledJob`), so a restarted scheduler neither forgets nor repeats a job, and two schedulers
running at once enqueue a due job once: the claim is one conditional UPDATE, and only the process whose
UPDATE changed the row enqueues. The jobs themselves are idempotent (running one twice changes nothing),
so a job run twice by hand is harmless too.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import default_task_backend  # type: ignore[attr-defined]
from django.utils import timezone
from django.utils.functional import Promise

from kakehashi.core.models import ScheduledJob
from kakehashi.core.registry import app_modules


@dataclass(frozen=True)
class Periodic:
    name: str  # stable key in the database: never rename a job that has run
    every: timedelta
    task: Any  # a django.tasks Task, enqueued without arguments
    label: str | Promise  # what the job does, for the jobs page


def registered_jobs() -> list[Periodic]:
    from kakehashi.core import schedule as core_schedule  # the platform's own jobs (task reaper, pruning)

    return [*core_schedule.JOBS, *(job for _app, module in app_modules("schedule") for job in module.JOBS)]


def next_due(job: Periodic, last_enqueued_at: datetime | None, now: datetime) -> datetime:
    return now if last_enqueued_at is None else last_enqueued_at + job.every


def _claim(job: Periodic, now: datetime, *, force: bool) -> bool:
    """Mark `job` as enqueued at `now` if it is due (or forced); True if this process won the claim."""
    record, _created = ScheduledJob.objects.get_or_create(name=job.name)
    if not force and next_due(job, record.last_enqueued_at, now) > now:
        return False
    # Compare-and-set on the value we read: of two schedulers reading the same row, one UPDATE matches.
    claimed = ScheduledJob.objects.filter(pk=record.pk, last_enqueued_at=record.last_enqueued_at).update(
        last_enqueued_at=now
    )
    return claimed == 1


def _enqueue(job: Periodic) -> None:
    result = job.task.enqueue()
    ScheduledJob.objects.filter(name=job.name).update(last_result_id=str(result.id))


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due at `now`; return their names."""
    now = now or timezone.now()
    enqueued = []
    for job in registered_jobs():
        with transaction.atomic():
            if _claim(job, now, force=False):
                transaction.on_commit(partial(_enqueue, job))
                enqueued.append(job.name)
    return enqueued


def run_now(name: str) -> Periodic:
    """Enqueue one job at once, whenever it last ran (the platform administrator's "Run now")."""
    job = next(job for job in registered_jobs() if job.name == name)
    with transaction.atomic():
        _claim(job, timezone.now(), force=True)
        transaction.on_commit(lambda: _enqueue(job))
    return job


@dataclass(frozen=True)
class JobStatus:
    job: Periodic
    last_enqueued_at: datetime | None
    next_due_at: datetime
    is_due: bool  # the scheduler enqueues it at its next check (within a minute while it runs)
    last_status: str  # a TaskResultStatus value, or "" when unknown


def _status_of(result_id: str) -> str:
    if not result_id or not default_task_backend.supports_get_result:
        return ""
    try:
        return str(default_task_backend.get_result(result_id).status)
    except Exception:  # a result the backend no longer has (or cannot find) is simply unknown
        return ""


def job_statuses(now: datetime | None = None) -> list[JobStatus]:
    now = now or timezone.now()
    records = {record.name: record for record in ScheduledJob.objects.all()}
    statuses = []
    for job in registered_jobs():
        record = records.get(job.name)
        last = record.last_enqueued_at if record else None
        due_at = next_due(job, last, now)
        statuses.append(
            JobStatus(
                job=job,
                last_enqueued_at=last,
                next_due_at=due_at,
                is_due=due_at <= now,
                last_status=_status_of(record.last_result_id if record else ""),
            )
        )
    return statuses
