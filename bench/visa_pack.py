"""Benchmark of the status-of-residence pack: generating it for many interns.

    .venv/bin/python bench/visa_pack.py               # 100 interns
    .venv/bin/python bench/visa_pack.py --count 10

Uses DATABASE_URL when it is set (PostgreSQL), else a throw-away SQLite database; runs the migrations and
the accounts demo, opens COUNT cases through the real service (one in three paid: designated activities,
the others short-term stay), then builds each case's pack through the service the background task calls
(six PDFs and the contents sheet, zipped, stored, the checklist ticked). Prints the time per pack (median,
95th percentile, largest), the total, the queries of one pack, the size of a ZIP, the peak memory of the
process (getrusage) and the peak of Python allocations while one pack is built (tracemalloc).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument(
        "--no-trace",
        action="store_true",
        help="skip tracemalloc (it inflates the peak RSS of the first pack)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        from django.conf import settings

        settings.MEDIA_ROOT = str(Path(folder, "media"))
        run(args.count, trace=not args.no_trace)


def _rss_mb() -> float:
    """The peak resident memory of the process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _current_mb() -> float:
    """The resident memory of the process now (Linux)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return float("nan")
    return pages * resource.getpagesize() / 2**20


def run(count: int, *, trace: bool = True) -> None:
    import logging
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    setup_test_environment()
    call_command("migrate", run_syncdb=True, verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Organization, Program, User
    from kakehashi.core.pdf import html_to_pdf
    from kakehashi.operations.models import PackStatus, ResidencePack
    from kakehashi.operations.services import case_open, residence_pack_build

    accounts_demo.load()
    program = Program.objects.get(key="jica-dx-2024")
    hosts = list(Organization.objects.filter(kind="host_company"))
    colleges = list(Organization.objects.filter(kind="partner_college"))
    users = User.objects.bulk_create(
        User(
            email=f"bench-visa-{i}@example.mn",
            name_latin=f"Bench Intern {i}",
            name_local=f"Батсүх Өлзий {i}",
        )
        for i in range(count)
    )
    start = date(2027, 3, 1)
    cases = [
        case_open(
            intern=user,
            host=hosts[i % len(hosts)],
            program=program,
            arrival_on=start,
            departure_on=start + timedelta(days=13 if i % 3 else 59),
            paid=i % 3 == 0,
            college=colleges[i % len(colleges)],
        )
        for i, user in enumerate(users)
    ]
    html_to_pdf("<p>warm-up</p>")  # WeasyPrint's first load is paid once per process, not per pack
    rss_before = _rss_mb()

    times = []
    queries = 0
    traced_peak = 0
    zip_size = 0
    started = time.perf_counter()
    for i, case in enumerate(cases):
        pack = ResidencePack.objects.create(case=case, route=case.route)
        if i == 0 and trace:
            tracemalloc.start()
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            residence_pack_build(pack)
        times.append(time.perf_counter() - t)
        if i == 0:
            if trace:
                traced_peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            queries = len(captured)
            zip_size = pack.file.size
        assert pack.status == PackStatus.READY
        if (i + 1) % 10 == 0:
            print(f"  {i + 1} packs: RSS {_current_mb():.0f} MiB, peak {_rss_mb():.0f} MiB", flush=True)
    total = time.perf_counter() - started
    ticked = sum(case.residence_documents.filter(done=True).count() for case in cases[:10])

    times.sort()
    print(f"packs built: {count} ({sum(1 for c in cases if c.paid)} designated activities)")
    print(
        f"total: {total:.1f} s; per pack: median {statistics.median(times):.2f} s, "
        f"p95 {times[int(len(times) * 0.95) - 1 if len(times) > 1 else 0]:.2f} s, max {times[-1]:.2f} s"
    )
    print(f"queries of one pack: {queries}; ZIP of one pack: {zip_size / 1024:.0f} KiB")
    print(f"peak RSS: {rss_before:.0f} MiB after warm-up, {_rss_mb():.0f} MiB at the end")
    print(f"peak Python allocations while one pack is built (tracemalloc): {traced_peak / 2**20:.1f} MiB")
    print(f"checklist items ticked in the first 10 cases: {ticked}")
    print(f"database: {connection.vendor}")


if __name__ == "__main__":
    main()
