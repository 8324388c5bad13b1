"""Benchmark of internship operations with many interns.

    .venv/bin/python bench/operations.py            # 1,000 cases
    .venv/bin/python bench/operations.py --count 5000

Builds a throw-away SQLite database (migrations, the accounts demo), opens COUNT cases through the real
service (checklist, documents, travel record), leaves one item in seven blocked, then prints: the time to
open the cases, the board, the case list, a case page and the alerts page (render time, median of 5, and
query count, as the program manager), and the time of one `check_missed_checkins` pass over every intern
in Japan.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        run(args.count)


def run(count: int) -> None:
    import logging
    from datetime import datetime, timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    setup_test_environment()
    call_command("migrate", run_syncdb=True, verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Organization, Program, User
    from kakehashi.operations.models import InternCase, SupportTask, TaskStatus
    from kakehashi.operations.services import case_open, check_missed_checkins

    accounts_demo.load()
    program = Program.objects.get(key="jica-dx-2024")
    hosts = list(Organization.objects.filter(kind="host_company"))
    colleges = list(Organization.objects.filter(kind="partner_college"))
    users = User.objects.bulk_create(
        User(email=f"bench-intern-{i}@example.mn", name_latin=f"Bench Intern {i}") for i in range(count)
    )
    today = timezone.localdate()
    started = time.perf_counter()
    for i, user in enumerate(users):
        # Half in Japan now, half arriving next month.
        arrival = today - timedelta(days=3) if i % 2 else today + timedelta(days=30)
        case_open(
            intern=user,
            host=hosts[i % len(hosts)],
            program=program,
            arrival_on=arrival,
            departure_on=arrival + timedelta(days=13),
            paid=i % 5 == 0,
            college=colleges[i % len(colleges)],
            round_ref=1,
        )
    opened = time.perf_counter() - started
    tasks = list(SupportTask.objects.values_list("pk", flat=True))
    SupportTask.objects.filter(pk__in=tasks[::7]).update(status=TaskStatus.BLOCKED, blocked_reason="Waiting")
    print(f"opened {count} cases in {opened:.1f} s ({1000 * opened / count:.1f} ms per case)")

    manager = Client()
    manager.force_login(User.objects.get(email=accounts_demo.demo_email("manager")))
    case = InternCase.objects.first()
    assert case is not None
    pages = (
        "/operations/board/?round=1",
        "/operations/",
        f"/operations/cases/{case.pk}/",
        "/operations/alerts/",
    )
    started = time.perf_counter()
    at = timezone.make_aware(datetime.combine(today, case.checkin_deadline)) + timedelta(minutes=5)
    raised, _escalated = check_missed_checkins(now=at)
    print(f"check_missed_checkins: {raised} alerts raised in {time.perf_counter() - started:.2f} s")
    for url in pages:
        manager.get(url)
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = manager.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{url:40} {1000 * statistics.median(times):7.1f} ms  {len(queries):3d} queries")


if __name__ == "__main__":
    main()
