"""Background work that survives faults: worker heartbeats, the reaper of lost tasks, messages sent once,
and the pruning of old task results.

A `db_worker` killed in the middle of a task (`kill -9`, an out-of-memory kill, a machine that died)
leaves its task RUNNING for ever in the database backend: nothing else will ever claim it. So:

- every worker writes a heartbeat (`TaskWorker.seen_at`) from a thread while it runs
  (kakehashi/core/management/commands/db_worker.py wraps django-tasks-db's command);
- the reaper (`reap_lost_tasks`, a periodic job on the scheduler) finds tasks RUNNING for longer than
  TASK_STALE_SECONDS (or the task's own `stale_seconds`) whose worker has not been seen for
  TASK_WORKER_LOST_SECONDS. A task declared idempotent (`retry=True`) goes back to the queue, where another
  worker runs it, up to TASK_MAX_ATTEMPTS attempts; any other task is marked failed, and its `give_up`
  hook puts back the application state it was changing (an exercise run, a publication, a report...).
  Hooks are declared next to their task with `@on_worker_lost(task, ...)`;
- tasks that email someone go through `send_once(key, ...)`, keyed by the task attempt and the message: a
  retried task finds its marker and sends nothing twice;
- finished results older than TASK_RESULT_RETENTION_DAYS are deleted (`prune_task_results`, daily).
"""

from __future__ import annotations

import contextvars
import functools
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kakehashi.core.models import SentMessage, TaskWorker

logger = logging.getLogger(__name__)

WORKER_LOST_CLASS = "kakehashi.core.background.WorkerLost"


class WorkerLost(Exception):
    """The worker running the task stopped without finishing it (recorded on the failed result)."""


# --- recovery hooks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    retry: bool  # idempotent: run it again on another worker (the hook runs when the attempts run out)
    give_up: Callable[..., None] | None  # called with the task's arguments when it is marked failed
    stale_seconds: int | None  # overrides TASK_STALE_SECONDS for a task that legitimately runs long


_RECOVERIES: dict[str, Recovery] = {}
_NO_RECOVERY = Recovery(retry=False, give_up=None, stale_seconds=None)


def on_worker_lost(
    task: Any, *, retry: bool, stale_seconds: int | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare, next to a task, what the reaper does when the task's worker died:

        @on_worker_lost(grade_exercise_run, retry=True)
        def _grading_lost(run_id: int) -> None:
            ...  # put the run back in a state the learner understands

    The decorated function receives the task's arguments; it runs inside the reaper's transaction."""

    def register(give_up: Callable[..., None]) -> Callable[..., None]:
        _RECOVERIES[task.module_path] = Recovery(retry=retry, give_up=give_up, stale_seconds=stale_seconds)
        return give_up

    return register


def recovery_for(task_path: str) -> Recovery:
    _load_task_modules()
    return _RECOVERIES.get(task_path, _NO_RECOVERY)


@functools.cache
def _load_task_modules() -> None:
    """The hooks are declared in each app's tasks.py: import them all, once (some may not be yet)."""
    from kakehashi.core.registry import app_modules

    app_modules("tasks")
    import kakehashi.core.tasks  # noqa: F401


# --- heartbeats ------------------------------------------------------------------------------------


def heartbeat(worker_id: str, now: datetime | None = None) -> None:
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now or timezone.now(), "hostname": socket.gethostname(), "pid": os.getpid()},
    )


class Heartbeat:
    """A daemon thread writing the worker's heartbeat; it dies with the process, which is the point."""

    def __init__(self, worker_id: str, interval: float | None = None) -> None:
        self.worker_id = worker_id
        self.interval = interval or settings.TASK_WORKER_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="task-heartbeat", daemon=True)

    def start(self) -> None:
        heartbeat(self.worker_id)  # before the first task is claimed
        connection.close()  # the worker's own connection is opened fresh by its loop
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                heartbeat(self.worker_id)
            except Exception:  # a database blip must not end the heartbeat: the next beat tries again
                logger.exception("Task worker %s could not write its heartbeat", self.worker_id)
            finally:
                connection.close()

    def stop(self) -> None:
        """A worker that stops cleanly has finished its task: it is no longer expected to beat."""
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        TaskWorker.objects.filter(worker_id=self.worker_id).delete()


def is_alive(worker_id: str, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.TASK_WORKER_LOST_SECONDS)
    return TaskWorker.objects.filter(worker_id=worker_id, seen_at__gte=since).exists()


# --- the reaper ------------------------------------------------------------------------------------


@dataclass
class Reaped:
    retried: list[str]
    failed: list[str]


def reap_lost_tasks(now: datetime | None = None) -> Reaped:
    """Retry or fail every task whose worker died while running it; put back what it was changing."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    reaped = Reaped(retried=[], failed=[])
    oldest_start = now - timedelta(seconds=min(settings.TASK_STALE_SECONDS, _shortest_override()))
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lte=oldest_start
    ).values_list("pk", "task_path", "started_at", "worker_ids")
    for pk, task_path, started_at, worker_ids in candidates:
        recovery = recovery_for(task_path)
        stale = recovery.stale_seconds or settings.TASK_STALE_SECONDS
        if started_at is None or started_at > now - timedelta(seconds=stale):
            continue
        if worker_ids and is_alive(worker_ids[-1], now):
            continue  # a long task on a live worker: not ours to touch
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at)
                .first()
            )
            if result is None:  # finished meanwhile, or another reaper has it
                continue
            if recovery.retry and len(result.worker_ids) < settings.TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                reaped.retried.append(str(pk))
                logger.warning("Task %s (%s) lost its worker: queued again", pk, task_path)
                continue
            result.status = TaskResultStatus.FAILED
            result.finished_at = now
            result.exception_class_path = WORKER_LOST_CLASS
            result.traceback = (
                f"WorkerLost: worker {worker_ids[-1] if worker_ids else '?'} stopped while running this "
                f"task (attempt {len(result.worker_ids)}); the reaper marked it failed at {now.isoformat()}."
            )
            result.return_value = None
            result.save(
                update_fields=["status", "finished_at", "exception_class_path", "traceback", "return_value"]
            )
            if recovery.give_up is not None:
                args = result.args_kwargs.get("args", [])
                kwargs = result.args_kwargs.get("kwargs", {})
                recovery.give_up(*args, **kwargs)
            reaped.failed.append(str(pk))
            logger.error("Task %s (%s) lost its worker: marked failed", pk, task_path)
    return reaped


def uses_rq() -> bool:
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    return backend.startswith("django_tasks_rq.")


def reap_lost_rq_jobs(timestamp: float | None = None) -> Reaped:
    """The same for RQ on Redis. RQ itself notices a job whose worker died: the job's entry in the queue's
    StartedJobRegistry is kept alive by the worker's heartbeats and expires about a minute after the last
    one; `cleanup()` then moves it to the FailedJobRegistry, as an AbandonedJobError. Here idempotent tasks
    are queued again from there (up to TASK_MAX_ATTEMPTS attempts) and the others get their hook.
    `timestamp` (seconds) is the clock RQ compares the expiry with: now, unless a test moves it on."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    reaped = Reaped(retried=[], failed=[])
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name, job_class=Job)
        StartedJobRegistry(queue=queue).cleanup(timestamp=timestamp)
        failed = FailedJobRegistry(queue=queue)
        for job_id in failed.get_job_ids():
            job = Job.fetch(job_id, connection=queue.connection)
            exceptions = job.meta.get("_django_tasks_rq_exceptions", [])
            if (
                job.meta.get("kakehashi_reaped")
                or not exceptions
                or not exceptions[-1].endswith("AbandonedJobError")
            ):
                continue  # a task that raised is the task's own business; one already handled stays
            recovery = recovery_for(job.func_name or "")
            attempts = int(job.meta.get("kakehashi_attempts", 1))
            if recovery.retry and attempts < settings.TASK_MAX_ATTEMPTS:
                job.meta["kakehashi_attempts"] = attempts + 1
                job.save_meta()
                failed.requeue(job)
                reaped.retried.append(job_id)
                logger.warning("Task %s (%s) lost its RQ worker: queued again", job_id, job.func_name)
                continue
            job.meta["kakehashi_reaped"] = True
            job.save_meta()
            if recovery.give_up is not None:
                with transaction.atomic():
                    recovery.give_up(*job.args, **job.kwargs)
            reaped.failed.append(job_id)
            logger.error("Task %s (%s) lost its RQ worker: marked failed", job_id, job.func_name)
    return reaped


def _shortest_override() -> int:
    _load_task_modules()
    overrides = [r.stale_seconds for r in _RECOVERIES.values() if r.stale_seconds]
    return min(overrides, default=settings.TASK_STALE_SECONDS)


# --- messages sent once ----------------------------------------------------------------------------

# The task results being run in this thread, innermost last (the immediate backend runs a task enqueued
# by another inside it).
_running: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("running_tasks", default=())


def _current_task_id() -> str:
    running = _running.get()
    return running[-1] if running else ""


@contextmanager
def task_attempt(task_id: str) -> Iterator[None]:
    """Run the body as (a retry of) the task result `task_id`: what it sent is recognised by key."""
    token = _running.set((*_running.get(), task_id))
    try:
        yield
    finally:
        _running.reset(token)


def on_task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    _running.set((*_running.get(), str(task_result.id)))


def on_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    running = _running.get()
    if running and running[-1] == str(task_result.id):
        _running.set(running[:-1])


def already_sent(key: str) -> bool:
    """Whether this task result already sent (or began to send) the message `key`."""
    task_id = _current_task_id()
    return bool(task_id) and SentMessage.objects.filter(key=f"{task_id}:{key}"[:255]).exists()


def send_once[T](key: str, send: Callable[[], T]) -> T | None:
    """Send unless this task result already sent (or began to send) the message `key`; None if it had.

    The marker is committed before sending: a worker killed between the marker and the send loses that
    one message rather than sending it twice (a person sees "sent", and can ask for it again). A send
    that raises removes its marker, so the retry sends it. Outside a task (a direct call) it just sends."""
    task_id = _current_task_id()
    if not task_id:
        return send()
    marker = f"{task_id}:{key}"[:255]
    try:
        with transaction.atomic():
            SentMessage.objects.create(key=marker)
    except IntegrityError:
        logger.info("Not sending %s again: this task already sent it", marker)
        return None
    try:
        return send()
    except BaseException:
        SentMessage.objects.filter(key=marker).delete()
        raise


def not_yet_sent(keys: list[str]) -> set[str]:
    """Mark a batch of messages as sent by this task; return the keys this attempt should send."""
    task_id = _current_task_id()
    if not task_id:
        return set(keys)
    # In batches, not a query per message: a publication tells thousands of people at once. One attempt
    # runs on one worker, so nothing else writes these markers meanwhile.
    marker_of = {key: f"{task_id}:{key}"[:255] for key in keys}
    markers = list(marker_of.values())
    already: set[str] = set()
    for start in range(0, len(markers), 1000):
        batch = markers[start : start + 1000]
        already.update(SentMessage.objects.filter(key__in=batch).values_list("key", flat=True))
    fresh = {key for key, marker in marker_of.items() if marker not in already}
    SentMessage.objects.bulk_create(
        [SentMessage(key=marker_of[key]) for key in fresh], batch_size=1000, ignore_conflicts=True
    )
    return fresh


def forget_sent(keys: set[str]) -> None:
    """A batch send failed: its markers go, so that a retry sends them."""
    task_id = _current_task_id()
    if task_id and keys:
        SentMessage.objects.filter(key__in=[f"{task_id}:{key}"[:255] for key in keys]).delete()


# --- pruning ---------------------------------------------------------------------------------------


def prune_task_results(now: datetime | None = None) -> dict[str, int]:
    """Delete finished task results older than TASK_RESULT_RETENTION_DAYS, the markers of messages sent
    by them, and workers not seen for as long (their rows only tell the reaper who is alive)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    before = now - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    results, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=before
    ).delete()
    markers, _ = SentMessage.objects.filter(sent_at__lt=before).delete()
    workers, _ = TaskWorker.objects.filter(seen_at__lt=before).delete()
    return {"results": results, "sent_markers": markers, "workers": workers}
