"""Prometheus metrics, served at /metrics (kakehashi.core.views.metrics) to a scraper holding METRICS_TOKEN.

Two kinds, each measured where it is true:
- Counted in the process (prometheus-client): requests and their latency by view, failed sign-ins. These
  happen in whichever web process served them, so each process counts its own. Under gunicorn set
  PROMETHEUS_MULTIPROC_DIR (an empty directory, emptied at each start) before the workers start: each
  process then writes its counts to a file there, and /metrics adds them up across processes, whichever
  worker answers the scrape. Without it (runserver, tests) the counts are those of the one process.
  Only counters and histograms are kept in processes, so a worker that exits or is replaced needs no
  clean-up (its counts stay in the sum, as they should); the directory is emptied when the server starts.
- Read from the database at each scrape: tasks by state, queue depth, the oldest queued task, stuck tasks,
  open missed-check-in alerts. They are the state of the shared database, the same whichever process
  answers, so counting them in a process would be wrong (a restart would zero them).
"""

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REQUESTS = Counter(
    "kakehashi_http_requests",
    "HTTP requests served, by view, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "kakehashi_http_request_duration_seconds",
    "Time to answer an HTTP request, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
FAILED_LOGINS = Counter("kakehashi_failed_logins", "Failed sign-in attempts.")

# A task RUNNING longer than this is reported as stuck (its worker probably died).
DEFAULT_STUCK_SECONDS = 15 * 60


def observe_request(view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)


def record_failed_login(**kwargs: Any) -> None:
    """Receiver of django.contrib.auth's user_login_failed (sent for allauth's sign-in form too)."""
    FAILED_LOGINS.inc()


class DatabaseCollector(Collector):
    """Gauges read from the database at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.conf import settings
        from django.db.models import Count, Min
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from kakehashi.operations.models import Alert, AlertKind

        now = timezone.now()
        by_state = GaugeMetricFamily(
            "kakehashi_tasks",
            "Background tasks in the database, by state and queue.",
            labels=["state", "queue"],
        )
        for row in DBTaskResult.objects.values("status", "queue_name").annotate(n=Count("id")).order_by():
            by_state.add_metric([row["status"], row["queue_name"]], row["n"])
        yield by_state

        # Tasks scheduled for later are not waiting yet: they are in kakehashi_tasks only.
        ready = DBTaskResult.objects.ready()
        depth = GaugeMetricFamily(
            "kakehashi_task_queue_depth", "Tasks ready to run and waiting for a worker.", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "kakehashi_task_oldest_queued_seconds",
            "Age of the oldest task waiting for a worker (0 when none waits).",
            labels=["queue"],
        )
        for queue in ready.values("queue_name").annotate(n=Count("id"), first=Min("enqueued_at")).order_by():
            depth.add_metric([queue["queue_name"]], queue["n"])
            oldest.add_metric([queue["queue_name"]], (now - queue["first"]).total_seconds())
        yield depth
        yield oldest

        stuck_after = getattr(settings, "TASK_STUCK_SECONDS", DEFAULT_STUCK_SECONDS)
        stuck = DBTaskResult.objects.running().filter(started_at__lt=now - timedelta(seconds=stuck_after))
        yield GaugeMetricFamily(
            "kakehashi_tasks_stuck",
            f"Tasks RUNNING for more than {stuck_after} seconds (their worker probably died).",
            value=stuck.count(),
        )

        missed = Alert.objects.filter(kind=AlertKind.MISSED_CHECKIN, acknowledged_at__isnull=True)
        yield GaugeMetricFamily(
            "kakehashi_missed_checkins_open",
            "Missed check-in alerts nobody has acknowledged yet.",
            value=missed.count(),
        )


def process_registry(multiproc_dir: str | None) -> CollectorRegistry:
    """The counts kept in processes: summed over every process's files in multiprocess mode, else this
    process's own."""
    registry = CollectorRegistry()
    if multiproc_dir:
        multiprocess.MultiProcessCollector(registry, path=multiproc_dir)
    else:
        for collector in (REQUESTS, LATENCY, FAILED_LOGINS):
            registry.register(collector)
    return registry


def render() -> bytes:
    """The Prometheus text exposition of every metric."""
    registry = process_registry(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
    registry.register(DatabaseCollector())
    return generate_latest(registry)
