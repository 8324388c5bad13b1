"""Profile one page at 100k as its role, in the bench's production settings (a development aid).

    .venv/bin/python bench/profile_page.py manager operations:board [kwargs-json]
    QUERY="page=150" .venv/bin/python bench/profile_page.py instructor learning:gradebook '{"cohort_id": 6}'

Prints the queries with their time (EXPLAIN=0.002: the plan of each query of 2 ms or more), then the top of
a cProfile of 10 requests (SORT=tottime, TOP=60). SECTIONS="module:name,..." instead times those functions
(looked up where the caller finds them, e.g. kakehashi.operations.views.cases:render) over 30 requests
without the profiler, whose overhead doubles the ORM's and the templates' share."""

from __future__ import annotations

import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def inside(role: str, url: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from serve import proxy_headers

    from kakehashi.accounts.demo import demo_email
    from kakehashi.accounts.models import User

    client = Client(headers=proxy_headers(""))
    client.cookies["kakehashi_language"] = "en"
    client.force_login(User.objects.get(email=demo_email(role)))
    response = client.get(url)
    print(url, response.status_code, len(response.content) // 1024, "kB")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(url)
        print(f"one request: {(time.perf_counter() - started) * 1000:.0f} ms")
    for q in captured.captured_queries:
        print(f"  {q['time']}  {q['sql'][:300]}")
        if os.environ.get("EXPLAIN") and float(q["time"]) >= float(os.environ["EXPLAIN"]):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + q["sql"])
                print("\n".join("      " + row[0] for row in cursor.fetchall()))
    if os.environ.get("SECTIONS"):
        time_sections(client, url, os.environ["SECTIONS"].split(","))
        return
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(10):
        client.get(url)
    profile.disable()
    pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
        int(os.environ.get("TOP", "45"))
    )


def time_sections(client: object, url: str, targets: list[str], requests: int = 30) -> None:
    """The median time of each request, and the time spent in each target function per request."""
    import importlib
    import statistics

    spent: dict[str, float] = dict.fromkeys(targets, 0.0)
    for target in targets:
        module_name, name = target.split(":")
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def timed(
            *args: object, _original: object = original, _target: str = target, **kwargs: object
        ) -> object:
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)  # type: ignore[operator]
            finally:
                spent[_target] += time.perf_counter() - started

        setattr(module, name, timed)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    print(
        f"request: median {statistics.median(times) * 1000:.1f} ms, mean {statistics.mean(times) * 1000:.1f} ms"
    )
    for target, seconds in spent.items():
        print(f"  {target}: {seconds / requests * 1000:.1f} ms a request")


def profiling_env() -> dict[str, str]:
    """The bench's production settings on the 100k database, its files in a folder kept between runs
    (also used by profile_pass.py)."""
    import pages_at_scale as bench

    url, _demo = bench.database_urls()
    folder = Path(tempfile.gettempdir()) / "kakehashi-profile-page"
    folder.mkdir(exist_ok=True)
    shutil.rmtree(folder / "metrics", ignore_errors=True)
    env = bench.fixed_env(folder, url)
    if not (folder / "static").exists():
        bench.run_step(env, env["PYTHON"], "manage.py", "collectstatic", "--noinput", "-v0")
    return env


if __name__ == "__main__":
    if sys.argv[1] == "--inside":
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        inside(sys.argv[2], sys.argv[3])
    else:
        env = profiling_env()
        if True:
            role, name = sys.argv[1], sys.argv[2]
            kwargs = sys.argv[3] if len(sys.argv) > 3 else "{}"
            code = (
                "import os,sys,django;os.environ.setdefault('DJANGO_SETTINGS_MODULE','kakehashi.settings');"
                f"sys.path.insert(0,{str(ROOT)!r});django.setup();from django.urls import reverse;"
                f"print(reverse({name!r}, kwargs={kwargs}))"
            )
            path = (
                subprocess.run(
                    [env["PYTHON"], "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            if os.environ.get("QUERY"):
                path = f"{path}?{os.environ['QUERY']}"
            subprocess.run([env["PYTHON"], __file__, "--inside", role, path], cwd=ROOT, env=env, check=False)
