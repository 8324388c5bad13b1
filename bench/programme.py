"""Benchmark of building the completion report over three years of generated data.

    .venv/bin/python bench/programme.py              # the demo's pace x 10 (about 10,000 expenses)
    .venv/bin/python bench/programme.py --scale 50   # about 50,000 expenses

Builds a throw-away SQLite database (migrations, the accounts and programme demos), generates expenses for
the whole program period (2024-05 to 2027-04) at SCALE times the demo's pace, approves them, records the
indicator figures at every quarter end, then builds the completion report (gather the figures, the Excel
workbook, the PDF) as the report task does, and prints each step's time and query count.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ["MEDIA_ROOT"] = f"{folder}/media"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        run(args.scale)


def run(scale: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", run_syncdb=True, verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Program
    from kakehashi.programme import demo, reports, services
    from kakehashi.programme.models import Expense, Report, ReportKind
    from kakehashi.programme.periods import quarters_between

    accounts_demo.load()
    demo.load()
    program = Program.objects.get(key="jica-dx-2024")
    started = time.perf_counter()
    Expense.objects.all().delete()
    for seed in range(scale):
        Expense.objects.bulk_create(
            demo.generated_expenses(program, program.ends_on, seed=seed), batch_size=2000
        )
    for _start, end in quarters_between(program.starts_on, program.ends_on):
        services.snapshot_program(program, end)
    print(
        f"{Expense.objects.count()} expenses over three years generated in {time.perf_counter() - started:.1f} s"
    )
    report, _created = Report.objects.get_or_create(
        program=program,
        kind=ReportKind.COMPLETION,
        period_end=program.ends_on,
        defaults={"period_start": program.starts_on, "summary": "事業完了報告"},
    )
    steps = [
        ("gather the figures", lambda: reports.gather(report)),
    ]
    content = None
    for label, step in steps:
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            content = step()
            elapsed = time.perf_counter() - start
        print(f"{label:28} {elapsed * 1000:8.1f} ms  {len(context):3d} queries")
    assert content is not None
    start = time.perf_counter()
    xlsx = reports.render_xlsx(content)
    print(f"{'Excel workbook':28} {(time.perf_counter() - start) * 1000:8.1f} ms  {len(xlsx) // 1024} KiB")
    start = time.perf_counter()
    pdf = reports.render_pdf(content)
    print(f"{'PDF (WeasyPrint)':28} {(time.perf_counter() - start) * 1000:8.1f} ms  {len(pdf) // 1024} KiB")
    start = time.perf_counter()
    reports.build(report)
    print(f"{'whole build (task)':28} {(time.perf_counter() - start) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
