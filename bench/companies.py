"""Benchmark of the company pipeline board with many companies.

    .venv/bin/python bench/companies.py            # 5,000 companies
    .venv/bin/python bench/companies.py --count 20000

Builds a throw-away SQLite database (migrations, the accounts and companies demos), adds COUNT companies
spread over the stages with one activity each, then renders the board, the list and the dashboard as the
demo city officer, and prints each page's render time (median of 5) and query count.
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

PAGES = ("/companies/pipeline/", "/companies/pipeline/list/", "/companies/dashboard/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        run(args.count)


def run(count: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", run_syncdb=True, verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Program, User
    from kakehashi.companies import demo as companies_demo
    from kakehashi.companies.models import OutreachActivity, OutreachCompany, Stage

    accounts_demo.load()
    companies_demo.load()
    program = Program.objects.get(key="jica-dx-2024")
    stages = [value for value, _label in Stage.choices]
    started = time.perf_counter()
    companies = OutreachCompany.objects.bulk_create(
        (
            OutreachCompany(program=program, name_en=f"Bench Company {i:05d}", stage=stages[i % 3])
            for i in range(count)
        ),
        batch_size=1000,
    )
    OutreachActivity.objects.bulk_create(
        (
            OutreachActivity(
                company=company,
                kind="call",
                happened_on="2026-01-01",
                summary="x",
                next_step="y",
                due_on="2026-01-05",
            )
            for company in companies
        ),
        batch_size=1000,
    )
    print(f"{count} companies and activities created in {time.perf_counter() - started:.1f} s")
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    client.force_login(User.objects.get(email=accounts_demo.demo_email("city")))
    for url in PAGES:
        client.get(url)  # warm the caches
        timings = []
        queries = 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as context:
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(context)
        print(f"{url:32} {statistics.median(timings) * 1000:8.1f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()
