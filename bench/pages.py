"""Queries and time of every page of the platform, as every role that may open it, on the demo program.

    .venv/bin/python bench/pages.py            # the 25 heaviest pages by queries, then by time
    .venv/bin/python bench/pages.py --all      # every page

Builds a throw-away SQLite database with every app's demo (as `make run` shows it), then requests each GET
row of the URL x role matrix (`kakehashi/<app>/tests/matrix.py`) as each role the matrix says gets 200,
and prints per page the most queries and the slowest time over those roles. Lists' query counts are pinned
independently of their size by each app's tests; this shows where the whole platform stands at once.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every page, not only the 25 heaviest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        run(show_all=args.all)


def run(*, show_all: bool) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from kakehashi.core.registry import app_modules
    from kakehashi.core.testing.matrix import ANON, MatrixContext

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", quiet_logins=True, stdout=quiet)
    print(f"demo loaded in {time.perf_counter() - started:.1f} s")

    measured: list[tuple[str, int, float, str, str]] = []  # label, queries, ms, role, url
    requests = 0
    for _app, module in app_modules("tests.matrix"):
        for row in module.ROWS:
            if row.method != "get":
                continue
            # As in the matrix test, each row starts from the demo as loaded (the objects a row makes are
            # rolled back after it) and each role's visit is rolled back before the next role's.
            with transaction.atomic():
                context = MatrixContext()
                url = reverse(row.url_name, kwargs=row.kwargs(context))
                most_queries, slowest_ms, heaviest_role = -1, 0.0, ""
                for role, status in row.expected.items():
                    if status != 200:
                        continue
                    client = Client()
                    client.cookies["kakehashi_language"] = "en"
                    with transaction.atomic():
                        if role != ANON:
                            client.force_login(context.user(role))
                        client.get(url, row.data(context))  # warm caches (templates, translations) first
                        gc.collect()  # so a full collection owed to earlier pages does not land in this one
                        with CaptureQueriesContext(connection) as queries:
                            begin = time.perf_counter()
                            response = client.get(url, row.data(context))
                            elapsed = (time.perf_counter() - begin) * 1000
                        transaction.set_rollback(True)
                    requests += 1
                    if response.status_code != 200:
                        print(
                            f"  ! {row.label} as {role}: answered {response.status_code}, the matrix says 200"
                        )
                        continue
                    if len(queries) > most_queries:
                        most_queries, heaviest_role = len(queries), role
                    slowest_ms = max(slowest_ms, elapsed)
                if most_queries >= 0:
                    measured.append((row.label, most_queries, slowest_ms, heaviest_role, url))
                transaction.set_rollback(True)

    print(f"{len(measured)} pages, {requests} requests (each role that may open a page)\n")
    by_queries = sorted(measured, key=lambda m: (-m[1], -m[2]))
    by_time = sorted(measured, key=lambda m: -m[2])
    limit = None if show_all else 25
    print(f"{'page (most queries over its roles, by whom)':<58} {'queries':>7} {'ms':>8}  role")
    for label, count, ms, role, _url in by_queries[:limit]:
        print(f"{label[:58]:<58} {count:>7} {ms:>8.1f}  {role}")
    print(f"\n{'page (slowest over its roles)':<58} {'queries':>7} {'ms':>8}  role")
    for label, count, ms, role, _url in by_time[:limit]:
        print(f"{label[:58]:<58} {count:>7} {ms:>8.1f}  {role}")
    counts = sorted(m[1] for m in measured)
    times = sorted(m[2] for m in measured)
    print(
        f"\nqueries per page: median {counts[len(counts) // 2]}, max {counts[-1]}; "
        f"time per page: median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
