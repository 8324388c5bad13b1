"""Benchmark of the cohort gradebook: 500 learners x 40 graded items (20,000 scores).

    .venv/bin/python bench/learning.py
    .venv/bin/python bench/learning.py --learners 1000 --items 60

Builds a throw-away SQLite database (migrations, the accounts and learning demos), adds a cohort with
LEARNERS learners and ITEMS graded items (quizzes, exercises, assignments) with a score in every cell,
then renders the gradebook page as the demo instructor and prints its render time (median of 5) and
query count (a page of 50 learners), the students page, the selector alone, and the streamed CSV and
Excel exports. Then it makes those learners students of the
college and times the page that finds people to add to a new cohort (with and without a search).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--items", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        run(args.learners, args.items)


def run(learners: int, items: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", run_syncdb=True, verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import User
    from kakehashi.learning import demo as learning_demo
    from kakehashi.learning import selectors
    from kakehashi.learning.tests.factories import big_cohort

    accounts_demo.load()
    learning_demo.load()
    started = time.perf_counter()
    cohort = big_cohort(learners=learners, items=items, key="bench")
    print(
        f"{learners} learners x {items} items = {learners * items:,} scores created in {time.perf_counter() - started:.1f} s"
    )
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    client.force_login(User.objects.get(email=accounts_demo.demo_email("instructor")))
    url = f"/learning/cohorts/{cohort.pk}/gradebook/"
    client.get(url)  # warm the caches
    timings, queries, size = [], 0, 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        queries, size = len(context), len(response.content)
    print(
        f"gradebook page: {statistics.median(timings) * 1000:.0f} ms (median of 5), {queries} queries, {size // 1024} KiB"
    )
    students_url = f"/learning/cohorts/{cohort.pk}/students/?sort=overdue"
    client.get(students_url)
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(students_url)
            timings.append(time.perf_counter() - start)
        queries, size = len(context), len(response.content)
    print(
        f"students page (sorted by lateness): {statistics.median(timings) * 1000:.0f} ms (median of 5), {queries} queries, {size // 1024} KiB"
    )
    start = time.perf_counter()
    page = list(User.objects.filter(cohort_memberships__cohort=cohort).order_by("name_latin", "pk")[:50])
    selectors.gradebook(cohort, page, selectors.cohort_courses(cohort))
    print(f"gradebook selector alone (a page of 50): {(time.perf_counter() - start) * 1000:.0f} ms")
    for fmt in ("csv", "xlsx"):
        start = time.perf_counter()
        response = client.get(f"/learning/cohorts/{cohort.pk}/gradebook.{fmt}")
        data = b"".join(response.streaming_content)
        print(
            f"{fmt} export (streamed): {(time.perf_counter() - start) * 1000:.0f} ms, {len(data) // 1024} KiB"
        )
    bench_member_search(client, cohort)


def bench_member_search(client: Any, cohort: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kakehashi.accounts.models import Membership, User
    from kakehashi.accounts.roles import Role
    from kakehashi.learning.models import Cohort, CohortMember

    learner_ids = CohortMember.objects.filter(cohort=cohort).values("user_id")
    Membership.objects.bulk_create(
        [
            Membership(user=user, organization=cohort.college, program=cohort.program, role=Role.STUDENT)
            for user in User.objects.filter(pk__in=learner_ids)
        ]
    )
    fresh = Cohort.objects.create(
        program=cohort.program, key="bench-new", college=cohort.college, intake="2100", title_en="new"
    )
    for label, query in (("all candidates", ""), ("search 'Learner 04'", "?q=Learner+04")):
        url = f"/learning/cohorts/{fresh.pk}/members/{query}"
        client.get(url)
        timings, queries = [], 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as context:
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 200
            queries = len(context)
        print(
            f"add-members page, {label}: {statistics.median(timings) * 1000:.0f} ms (median of 5), {queries} queries"
        )


if __name__ == "__main__":
    main()
