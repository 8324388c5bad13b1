"""Benchmark of a whole matching run at scale on PostgreSQL: 10,000 and 100,000 applicants (issue 18 #0, #4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kk_runrows_bench \\
        .venv/bin/python bench/matching_at_scale.py                     # 10,000 and 100,000 applicants
    .venv/bin/python bench/matching_at_scale.py --sizes 10000           # one size
    .venv/bin/python bench/matching_at_scale.py --rebuild               # build the rounds again

The database is created if missing, migrated and given the accounts and internships demos. For each size
N it builds (once, seeded) a round in the matching phase with N confirmed nominees of the three colleges
(10 choices each) and N/10 approved places (capacity 1 to 3), each company ranking everyone who ranked its
place in tie groups of two: bulk inserts (COPY for the choices and ranks) that keep the invariants the
services keep. Then each step runs in its own process, timed from the parent, with the child's peak
memory (wait4's ru_maxrss), with DEBUG off as in production:

- run: the office's request (`run_create`: checks, the run queued), then the task's body
  (`run_execute`: the input read from the database and frozen, solved, explained and stored as rows);
- check: the check task's body (`run_check_execute`);
- publish: the request (`run_publish`), then the task's body (placements and notifications, the emails
  queued in batches, not sent);
- pages (largest size only): the median of 20 single requests of the round results page (office,
  company, student), "my ranking" (student) and the run page (its first page, and page 1,000 typed as a
  number, with the one request that reads the run's page starts again), with their query counts.

Targets (issue 18): the run to a stored, checked result under 30 s and 1 GiB at 100,000 applicants,
published under 30 s, pages under 100 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kk_runrows_bench"
SEED = 7


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # The production task backend's shape: tasks are queued, not run inline; the bench runs their bodies.
    from django.test.utils import setup_test_environment

    setup_test_environment()


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# --- steps, each in its own process ----------------------------------------------------------------


def step_setup() -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Program

    if not Program.objects.filter(key="jica-dx-2024").exists():
        from kakehashi.internships import demo as internships_demo

        accounts_demo.load()
        internships_demo.load()
    return {}


def _copy(table: str, columns: list[str], rows: Any) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def step_build(size: int, rebuild: bool) -> dict[str, Any]:
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from kakehashi.accounts.models import Membership, Organization, Program, User
    from kakehashi.internships.models import (
        Application,
        Choice,
        CompanyRank,
        Nomination,
        Phase,
        Place,
        PlaceStatus,
        Round,
    )

    key = f"bench-{size}"
    existing = Round.objects.filter(key=key).first()
    if existing is not None and not rebuild:
        return {"built": False}
    started = time.perf_counter()
    with transaction.atomic():
        if existing is not None:
            User.objects.filter(email__endswith=f"@bench{size}.example").delete()
            existing.delete()
        program = Program.objects.get(key="jica-dx-2024")
        rng = random.Random(SEED + size)
        round_ = Round.objects.create(
            program=program,
            key=key,
            name={"en": f"Bench round {size}"},
            internship_starts_on=date(2030, 3, 1),
            internship_ends_on=date(2030, 3, 14),
            phase=Phase.MATCHING,
        )
        companies = list(Organization.objects.filter(kind="host_company").order_by("pk"))
        colleges = list(
            Organization.objects.filter(
                key__in=["must-kosen", "mongol-kosen", "shine-mongol-kosen"]
            ).order_by("key")
        )
        places = Place.objects.bulk_create(
            (
                Place(
                    round=round_,
                    company=companies[i % len(companies)],
                    title={"en": f"Bench place {i:05d}"},
                    field="IoT",
                    capacity=rng.randint(1, 3),
                    starts_on=round_.internship_starts_on,
                    ends_on=round_.internship_ends_on,
                    location="Nagaoka",
                    status=PlaceStatus.APPROVED,
                )
                for i in range(size // 10)
            ),
            batch_size=2000,
        )
        users = User.objects.bulk_create(
            (
                User(
                    email=f"s{i:06d}@bench{size}.example",
                    name_latin=f"Bench Student {i:06d}",
                    password="!",  # noqa: S106 - unusable
                    preferred_language=("mn", "ja", "en")[i % 3],
                )
                for i in range(size)
            ),
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            (
                Membership(user=u, organization=colleges[i % 3], program=program, role="student")
                for i, u in enumerate(users)
            ),
            batch_size=5000,
        )
        now = timezone.now()
        applications = Application.objects.bulk_create(
            (
                Application(
                    round=round_,
                    student=u,
                    college=colleges[i % 3],
                    name_latin=u.name_latin,
                    submitted_at=now,
                    consent_at=now,
                    consent_version="2025-01",
                    nomination=Nomination.NOMINATED,
                    confirmed_at=now,
                )
                for i, u in enumerate(users)
            ),
            batch_size=5000,
        )
        app_ids = [a.pk for a in applications]
        place_ids = [p.pk for p in places]
        del users, applications, places
        ranked_by: dict[int, list[int]] = {pk: [] for pk in place_ids}
        choice_rows = []
        for app_id in app_ids:
            for position, place_id in enumerate(rng.sample(place_ids, 10), start=1):
                choice_rows.append((app_id, place_id, position))
                ranked_by[place_id].append(app_id)
        _copy(Choice._meta.db_table, ["application_id", "place_id", "position"], choice_rows)
        del choice_rows

        def ranks() -> Any:
            for place_id, ranked in ranked_by.items():
                rng.shuffle(ranked)
                for i, app_id in enumerate(ranked):
                    yield (place_id, app_id, i // 2 + 1)

        _copy(CompanyRank._meta.db_table, ["place_id", "application_id", "rank"], ranks())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"built": True, "seconds": time.perf_counter() - started}


def _viewer() -> Any:
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Program, User
    from kakehashi.core.permissions import build_viewer

    manager = User.objects.get(email=accounts_demo.demo_email("manager"))
    return build_viewer(manager, Program.objects.get(key="jica-dx-2024").pk)


class _Recorder:
    """Stands for a task: records what is queued, runs nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def enqueue(self, *args: Any) -> None:
        self.calls.append(args)


def step_run(size: int) -> dict[str, Any]:
    from kakehashi.internships import services, tasks
    from kakehashi.internships.models import MatchingRun, Phase, Placement, Round, RunAssignment, RunPlace
    from kakehashi.notifications.models import Delivery, Notification

    round_ = Round.objects.get(key=f"bench-{size}")
    # A fresh run each time: earlier runs of the round, their placements and notifications are removed
    # (not their time) and the round is back in the matching phase.
    Placement.objects.filter(round=round_).delete()
    # 100,000 notices and their deliveries: deleted by the database (the ORM's delete would collect
    # their ids into one statement, past PostgreSQL's 65,535 parameters).
    about = f"round:{round_.pk}"
    for model in (Delivery, Notification):
        model.objects.filter(about=about)._raw_delete(model.objects.db)
    for model in (RunAssignment, RunPlace):
        model.objects.filter(run__round=round_)._raw_delete(model.objects.db)
    MatchingRun.objects.filter(round=round_).delete()
    Round.objects.filter(pk=round_.pk).update(phase=Phase.MATCHING)
    round_.refresh_from_db()
    recorder = _Recorder()
    real, tasks.execute_run = tasks.execute_run, recorder  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        run = services.run_create(
            viewer=_viewer(), round_=round_, algorithm="da", proposing="students", seed=1
        )
        request = time.perf_counter() - started
    finally:
        tasks.execute_run = real
    started = time.perf_counter()
    done = services.run_execute(run_id=run.pk)
    task = time.perf_counter() - started
    return {
        "run_id": run.pk,
        "request_ms": request * 1000,
        "task_s": task,
        "status": done.status,
        "error": done.error,
        "matched": done.summary.get("matched"),
        "students": done.summary.get("students"),
        "solver_ms": done.duration_ms,
    }


def step_check(size: int, run_id: int) -> dict[str, Any]:
    from kakehashi.internships import services

    started = time.perf_counter()
    run = services.run_check_execute(run_id=run_id)
    return {"task_s": time.perf_counter() - started, "check": run.check_status, "stable": run.stable}


def step_publish(size: int, run_id: int) -> dict[str, Any]:
    from kakehashi.internships import services, tasks
    from kakehashi.internships.models import MatchingRun
    from kakehashi.notifications import tasks as sending
    from kakehashi.notifications.models import Notification

    recorder, emails = _Recorder(), _Recorder()
    real = tasks.publish_run, sending.deliver_messages
    tasks.publish_run, sending.deliver_messages = recorder, emails  # type: ignore[assignment]
    try:
        run = MatchingRun.objects.defer("instance", "result", "digest").select_related("round").get(pk=run_id)
        started = time.perf_counter()
        services.run_publish(viewer=_viewer(), run=run)
        request = time.perf_counter() - started
        started = time.perf_counter()
        done = services.run_publish_execute(run_id=run_id)
        task = time.perf_counter() - started
    finally:
        tasks.publish_run, sending.deliver_messages = real
    return {
        "request_ms": request * 1000,
        "task_s": task,
        "publication": done.publication_status,
        "error": done.publication_error,
        "placements": done.placements.count(),
        "notifications": Notification.objects.filter(
            about=f"round:{done.round_id}", event="internships.result_published"
        ).count(),
        "email_tasks": len(emails.calls),
    }


def step_pages(size: int, run_id: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Organization, User
    from kakehashi.internships.models import Application, Round, RunAssignment

    round_ = Round.objects.get(key=f"bench-{size}")
    manager = User.objects.get(email=accounts_demo.demo_email("manager"))
    # A matched student, and the admin of a company with matched students (the demo's company admin).
    row = RunAssignment.objects.filter(run_id=run_id, place__isnull=False).order_by("application_id").first()
    student = Application.objects.get(pk=row.application_id).student  # type: ignore[union-attr]
    company_admin = User.objects.get(email=accounts_demo.demo_email("company"))
    company = Organization.objects.filter(memberships__user=company_admin, kind="host_company").first()
    pages = [
        ("round results (office)", manager, f"/rounds/{round_.pk}/result/"),
        ("round results (company)", company_admin, f"/rounds/{round_.pk}/result/"),
        ("round results (student)", student, f"/rounds/{round_.pk}/result/"),
        ("my ranking (student)", student, f"/rounds/{round_.pk}/ranking/"),
        ("matching run page (office)", manager, f"/rounds/runs/{run_id}/"),
        ("matching run page, page 1000 (office)", manager, f"/rounds/runs/{run_id}/?page=1000"),
        # The floor on this machine now: a small page of the same site, through the same middleware.
        ("floor: list of rounds (office)", manager, "/rounds/"),
    ]
    out = {"company": str(company.name) if company else None}
    for label, user, url in pages:
        client = Client()
        client.cookies["kakehashi_language"] = "en"
        client.force_login(user)
        client.get(url)
        timings = []
        queries = 0
        for _ in range(20):
            with CaptureQueriesContext(connection) as context:
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(context)
        out[label] = {"median_ms": statistics.median(timings) * 1000, "queries": queries}
    # Page 1,000 by number is read from its first row, found in the run's page starts kept in the cache
    # until an application changes: the one request that reads them again, after such a change.
    from kakehashi.core import cached_figures
    from kakehashi.internships.selectors.applications import APPLICANTS

    client = Client()
    client.cookies["kakehashi_language"] = "en"
    client.force_login(manager)
    cached_figures.forget_now(APPLICANTS)
    with CaptureQueriesContext(connection) as context:
        start = time.perf_counter()
        response = client.get(f"/rounds/runs/{run_id}/?page=1000")
        once = time.perf_counter() - start
    assert response.status_code == 200
    out["the same, first request after an application changed"] = {
        "median_ms": once * 1000,
        "queries": len(context),
    }
    return out


# --- the parent: one process per step --------------------------------------------------------------


CPU: dict[
    str, float
] = {}  # CPU seconds of the last child, by step: a shared machine's load inflates wall time


def _child(args: list[str], url: str) -> tuple[dict[str, Any], float, float]:
    """Run a step in a fresh process: its JSON answer, wall time (s) and peak memory (MiB)."""
    # DEBUG off, as in production: with it on, Django logs every statement with its parameters, and
    # rendering the 100,000 notices' parameters as SQL text was a third of the publication's time.
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--step", *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = io.BytesIO()
    assert proc.stdout is not None
    out.write(proc.stdout.read())
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    CPU[args[0]] = usage.ru_utime + usage.ru_stime
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"step {args} failed:\n{err}")
    lines = out.getvalue().decode().strip().splitlines()
    return json.loads(lines[-1]), wall, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rebuild", action="store_true", help="build the bench rounds again")
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if args.step:
        os.environ["DATABASE_URL"] = url
        _django()
        name, *rest = args.step
        steps = {
            "setup": step_setup,
            "build": step_build,
            "run": step_run,
            "check": step_check,
            "publish": step_publish,
            "pages": step_pages,
        }
        values: list[Any] = [int(v) if v.isdigit() else v == "rebuild" for v in rest]
        print(json.dumps(steps[name](*values), default=str))
        return 0
    if not url.startswith("postgres"):
        raise SystemExit("This bench runs on PostgreSQL: set DATABASE_URL=postgres://...")
    _ensure_database(url)
    _, wall, peak = _child(["setup"], url)
    print(f"database ready (migrations, demos) in {wall:.1f} s; load average {os.getloadavg()[0]:.1f}")
    rows: list[tuple[str, int, str, float, float, str]] = []
    pages: dict[str, Any] = {}
    for size in args.sizes:
        built, wall, peak = _child(["build", str(size), "rebuild" if args.rebuild else "keep"], url)
        if built["built"]:
            print(f"{size:,} applicants built in {wall:.1f} s ({peak:.0f} MiB)", flush=True)
        run, wall, peak = _child(["run", str(size)], url)
        if run["status"] != "done":
            raise SystemExit(f"the run failed: {run['error']}")
        rows.append(("run: request (run_create)", size, "", run["request_ms"] / 1000, 0, ""))
        rows.append(
            (
                "run: task (input from the database, solve, explain, store rows)",
                size,
                "",
                run["task_s"],
                peak,
                f"process {wall:.1f} s, CPU {CPU['run']:.1f} s; {run['matched']:,} of {run['students']:,} matched",
            )
        )
        check, wall, peak = _child(["check", str(size), str(run["run_id"])], url)
        rows.append(
            (
                "check: task",
                size,
                "",
                check["task_s"],
                peak,
                f"CPU {CPU['check']:.1f} s; stable: {check['stable']}",
            )
        )
        total = run["request_ms"] / 1000 + run["task_s"] + check["task_s"]
        rows.append(("run to a stored, checked result", size, "< 30 s", total, 0, ""))
        publish, wall, peak = _child(["publish", str(size), str(run["run_id"])], url)
        rows.append(("publish: request (run_publish)", size, "", publish["request_ms"] / 1000, 0, ""))
        rows.append(
            (
                "publish: task (placements, notifications)",
                size,
                "< 30 s",
                publish["task_s"],
                peak,
                f"CPU {CPU['publish']:.1f} s; {publish['placements']:,} placements, {publish['notifications']:,} notifications, "
                f"{publish['email_tasks']} email tasks",
            )
        )
        if size == max(args.sizes):
            pages, _wall, _peak = _child(["pages", str(size), str(run["run_id"])], url)
        print(f"{size:,} applicants measured", flush=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'step':<66}{'applicants':>11}{'target':>9}{'seconds':>9}{'peak MiB':>10}  notes")
    for label, size, target, seconds, peak, note in rows:
        peak_text = f"{peak:10.0f}" if peak else f"{'':10}"
        print(f"{label:<66}{size:>11,}{target:>9}{seconds:>9.2f}{peak_text}  {note}")
    if pages:
        print()
        print(f"pages at {max(args.sizes):,} applicants (median of 20 single requests; target < 100 ms)")
        print(f"{'page':<56}{'median ms':>10}{'queries':>9}")
        for label, value in pages.items():
            if isinstance(value, dict):
                print(f"{label:<56}{value['median_ms']:>10.1f}{value['queries']:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
