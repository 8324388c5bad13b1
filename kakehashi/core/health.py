"""Probes for a proxy, systemd or an orchestrator: `/health/` (the process answers) and `/ready/` (it can
serve: database, cache, storage, migrations, and the background work keeps up).

Both are answered by `ProbeMiddleware`, first in MIDDLEWARE, before the HTTPS redirect, the host check,
sessions and sign-in: a probe speaks plain HTTP to 127.0.0.1 with whatever Host it likes, and must not
create a session row per probe. The URL patterns exist for `reverse` and the URL x role matrix. nginx lets
only loopback and private networks reach `/ready/` (deploy/nginx/kakehashi.conf): each call writes a
file and queries the database.
"""

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

# A queued task waiting longer than this means no worker is taking tasks.
QUEUE_MAX_AGE = timedelta(seconds=int(getattr(settings, "READY_QUEUE_MAX_AGE_SECONDS", 300)))
# A periodic job overdue by more than this means the scheduler (which checks every minute) is not running.
SCHEDULER_MAX_LATE = timedelta(seconds=int(getattr(settings, "READY_SCHEDULER_MAX_LATE_SECONDS", 600)))

_migrations_applied = False  # once true it stays true for this process: migrations are not unapplied


def health(request: HttpRequest) -> HttpResponse:
    """The process answers. Nothing else is touched (no database), so a restart is the only remedy."""
    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _age(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> dict[str, Any]:
    key = f"ready-probe:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return {"ok": found == "ok", "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_storage() -> dict[str, Any]:
    name = default_storage.save(f"ready-probe/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            readable = handle.read() == b"ok"
    finally:
        default_storage.delete(name)
    return {"ok": readable}


def check_migrations() -> dict[str, Any]:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return {"ok": False, "pending": len(pending)}
        _migrations_applied = True
    return {"ok": True, "pending": 0}


def check_worker(now: datetime) -> dict[str, Any]:
    """The database queue: depth, the oldest ready task's wait, and the workers' heartbeats.

    It fails when a ready task waited over READY_QUEUE_MAX_AGE_SECONDS (no worker takes tasks, even one
    that beats), or at once when tasks are waiting and no worker has written its heartbeat
    (core.TaskWorker.seen_at) within TASK_WORKER_LOST_SECONDS: every worker is dead or stopped. With an
    empty queue, no heartbeat is not a failure by itself: a worker restarting deletes its row on a clean
    stop, and a deployment's first seconds have none yet. The scheduler enqueues the reaper every minute,
    so a worker that stays away is reported within about a minute anyway."""
    backend = str(settings.TASKS["default"]["BACKEND"])
    if not backend.startswith("django_tasks_db."):
        return {"ok": True, "backend": backend, "queue": "not the database"}
    from django.db.models import Count, Max, Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    from kakehashi.core.models import TaskWorker

    ready = DBTaskResult.objects.ready()
    depth = ready.count()
    date_max = get_date_max()
    waits = [
        now - (enqueued if run_after == date_max else max(enqueued, run_after))
        for enqueued, run_after in ready.order_by("enqueued_at").values_list("enqueued_at", "run_after")[:50]
    ]
    oldest = max(waits, default=timedelta(0))
    activity = DBTaskResult.objects.aggregate(started=Max("started_at"), finished=Max("finished_at"))
    last = max((moment for moment in activity.values() if moment), default=None)
    lost_after = timedelta(seconds=settings.TASK_WORKER_LOST_SECONDS)
    workers = TaskWorker.objects.aggregate(
        newest=Max("seen_at"), alive=Count("pk", filter=Q(seen_at__gte=now - lost_after))
    )
    # A beat written while this request ran is newer than `now`: it is zero seconds old.
    heartbeat_age = None if workers["newest"] is None else max(0.0, _age(workers["newest"], now) or 0.0)
    result: dict[str, Any] = {
        "ok": oldest <= QUEUE_MAX_AGE,
        "queue_depth": depth,
        "oldest_queued_age_seconds": round(oldest.total_seconds(), 1),
        "heartbeat_age_seconds": heartbeat_age,
        "workers_alive": workers["alive"],
        "last_activity_age_seconds": _age(last, now),
        "running": DBTaskResult.objects.running().count(),
    }
    if depth and not workers["alive"]:
        result["ok"] = False
        result["error"] = (
            f"{depth} tasks wait and no task worker was seen in the last "
            f"{settings.TASK_WORKER_LOST_SECONDS} seconds"
        )
    elif not result["ok"]:
        result["error"] = f"a task has waited over {int(QUEUE_MAX_AGE.total_seconds())} seconds"
    return result


def check_scheduler(now: datetime) -> dict[str, Any]:
    """The scheduler writes when it enqueues a job (core.ScheduledJob): a job long overdue means it stopped."""
    from kakehashi.core import scheduling

    statuses = scheduling.job_statuses(now)
    enqueued = [status.last_enqueued_at for status in statuses if status.last_enqueued_at]
    if not enqueued:
        return {"ok": False, "error": "the scheduler has never enqueued a job"}
    late = max((now - status.next_due_at for status in statuses), default=timedelta(0))
    return {
        "ok": late <= SCHEDULER_MAX_LATE,
        "last_enqueued_age_seconds": _age(max(enqueued), now),
        "most_overdue_seconds": max(0.0, round(late.total_seconds(), 1)),
    }


def ready(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    checks: dict[str, Callable[[], dict[str, Any]]] = {
        "database": check_database,
        "cache": check_cache,
        "storage": check_storage,
        "migrations": check_migrations,
        "worker": lambda: check_worker(now),
        "scheduler": lambda: check_scheduler(now),
    }
    results: dict[str, dict[str, Any]] = {}
    for name, check in checks.items():
        started = time.monotonic()
        try:
            results[name] = check()
        except Exception as error:  # a probe reports what fails; it must not itself answer 500
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    failing = [name for name, result in results.items() if not result["ok"]]
    response = JsonResponse(
        {"status": "failing" if failing else "ok", "failing": failing, "checks": results},
        status=503 if failing else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


PROBES = {"/health/": health, "/ready/": ready}


class ProbeMiddleware:
    """Answers the probes before any other middleware (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in {"GET", "HEAD"}:
            return probe(request)
        return self.get_response(request)
