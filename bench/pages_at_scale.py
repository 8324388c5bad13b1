"""The platform's list and dashboard pages at 100,000 students, against a bare Django list in the same run.

    .venv/bin/python bench/pages_at_scale.py                 # build both databases, measure, print the table
    .venv/bin/python bench/pages_at_scale.py --reuse         # reuse the databases a previous run built
    .venv/bin/python bench/pages_at_scale.py --seconds 5     # shorter load per page (default 15 s)

DATABASE_URL names the 100k database (default postgres://postgres@127.0.0.1:5432/kk_scale_bench); the
demo-size database is the same name with `_demo`. Both are (re)built unless --reuse:
- demo: `migrate` and `load_demo`, as `make run` shows it;
- 100k: the demo, then, seeded (random.Random(2026)) and in bulk inserts that keep the invariants (each
  student a user with a student membership of one of the three colleges; each application submitted,
  consented, nominated and confirmed, with three choices among approved places of the round):
  100,000 students, a round of 100,000 applications over 10,000 places, cohorts of 500 and 5,000 learners
  with 40 graded items each, 1,000 intern cases opened through the service (checklists, documents) in
  Japan for two months with a check-in every past day, and the JICA program's expenses at ten times the
  demo's pace (about 10,000). The build's time is printed.

Then it measures, each in its own process, with the production settings (KAKEHASHI_PRODUCTION=1, the
Redis cache, sessions in PostgreSQL, persistent connections):
1. every page below as the role that uses it: its queries and the median of 20 single requests, at demo
   size and at 100k (Django's test client in one process: the view, the middleware and the templates);
2. the heavy work at 100k: a 10,000-row people import (the preview's check and the background apply) and
   the missed check-in pass over the 1,000 interns (raising 1,000 alerts, then escalating them), each
   undone afterwards so the database can be reused;
3. requests per second and p99 through the production server (`scripts/serve-production web`, gunicorn,
   2 processes) under wrk (4 connections, 15 s a page; a small Python generator without wrk), page by page,
   with the organizations list and the floor measured before and after the pages: the floor is a bare
   50-row paginated list of people served by a minimal Django project (bench/floor/floor_site.py) through
   the same gunicorn on the same database.
The table gives each page's ratio to the organizations list and to the floor.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kk_scale_bench"
# One Redis db per database: the figures cached for the demo must not be read as the 100k's (the
# office's dashboard once showed its demo-size query count at 100k, its figures already in the cache).
CACHE_URL = "redis://127.0.0.1:6379/11"
DEMO_CACHE_URL = "redis://127.0.0.1:6379/13"
SEED = 2026
STUDENTS = 100_000
PLACES = 10_000
INTERNS = 1_000
CHOICES = 3
REQUESTS = 20

# (label, role of the demo person who uses the page, URL name, kwargs made from the scaled objects)
PAGES: list[tuple[str, str, str, str]] = [
    ("organizations list (office)", "manager", "accounts:organization_list", ""),
    ("home (student)", "student", "core:home", ""),
    ("home (office)", "manager", "core:home", ""),
    ("people list (office)", "manager", "accounts:person_list", ""),
    ("people list (teacher)", "teacher", "accounts:person_list", ""),
    ("applicants (office)", "manager", "internships:applicant_list", "round"),
    ("places (office)", "manager", "internships:place_list", "round"),
    ("rounds (office)", "manager", "internships:round_list", ""),
    ("case board (office)", "manager", "operations:board", ""),
    ("case list (office)", "manager", "operations:case_list", ""),
    ("alerts (safety officer)", "safety", "operations:alert_list", ""),
    ("expense list (accountant)", "accountant", "programme:expense_list", ""),
    ("programme dashboard (office)", "manager", "programme:dashboard", ""),
    ("programme dashboard (funder)", "funder", "programme:dashboard", ""),
    ("companies dashboard (city)", "city", "companies:dashboard", ""),
    ("company pipeline (city)", "city", "companies:board", ""),
    ("cohorts (instructor)", "instructor", "learning:cohort_list", ""),
    ("gradebook 500 (instructor)", "instructor", "learning:gradebook", "cohort500"),
    ("gradebook 5,000 (instructor)", "instructor", "learning:gradebook", "cohort5000"),
    # A page near the end of the long lists, reached by Next (from the row before it, core.pagination):
    # page 4,000 of the people and of the applicants, the last page of the cohort of 5,000.
    ("people list p.4000 (office)", "manager", "accounts:person_list", "people-deep"),
    ("applicants p.4000 (office)", "manager", "internships:applicant_list", "applicants-deep"),
    ("gradebook 5,000 last p. (instr.)", "instructor", "learning:gradebook", "gradebook-deep"),
]
ORGANIZATIONS = PAGES[0][0]


def only(pages: list[tuple[str, str, str, str]], words: str) -> list[tuple[str, str, str, str]]:
    """--only people,gradebook: the pages whose label holds one of these words, with the organizations list
    (the floor is always measured)."""
    chosen = [word for word in words.split(",") if word]
    return [pages[0], *(page for page in pages[1:] if any(word in page[0] for word in chosen))]


# The measuring processes (--phase) learn --only from the environment.
if os.environ.get("KAKEHASHI_BENCH_ONLY"):
    PAGES[:] = only(PAGES, os.environ["KAKEHASHI_BENCH_ONLY"])
FLOOR = "floor: bare Django 50-row list"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="reuse the databases a previous run built")
    parser.add_argument("--seconds", type=float, default=15.0, help="load per page (default 15)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--skip-load", action="store_true", help="single requests and heavy work only")
    parser.add_argument(
        "--results", help="a folder keeping each step's figures: a step whose file is there is not run again"
    )
    parser.add_argument(
        "--only", help="only the pages whose label holds one of these words (comma-separated)"
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        os.environ["KAKEHASHI_BENCH_ONLY"] = args.only
        PAGES[:] = only(PAGES, args.only)
    if args.phase:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
        import django

        django.setup()
        {
            "scale-up": scale_up,
            "single": measure_single,
            "heavy": measure_heavy,
            "checkin-pass": measure_checkin_pass,
            "urls": print_urls,
        }[args.phase]()
        return
    orchestrate(args)


# --- the orchestrator (no Django here: each step runs in its own process) ------------------------------


def database_urls() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    parts = urlsplit(url)
    demo = urlunsplit(parts._replace(path=parts.path + "_demo"))
    return url, demo


def fixed_env(folder: Path, url: str) -> dict[str, str]:
    """The production settings with keys derived from a constant: a reused database stays readable."""
    from serve import HOST, production_env

    python = os.environ.get("PYTHON") or sys.executable
    env = production_env(folder, python)
    digest = hashlib.sha256(b"kakehashi-scale-bench").digest()
    env.update(
        {
            "SECRET_KEY": base64.urlsafe_b64encode(digest * 2).decode(),
            "KAKEHASHI_FIELD_KEYS": base64.urlsafe_b64encode(digest).decode(),
            "KAKEHASHI_BLIND_INDEX_KEY": base64.urlsafe_b64encode(digest[::-1] * 2).decode(),
            "DATABASE_URL": url,
            "CACHE_URL": DEMO_CACHE_URL if url.endswith("_demo") else CACHE_URL,
            "ALLOWED_HOSTS": HOST,
            "TASK_WORKERS": "0",
            "DB_CONN_MAX_AGE": "600",
        }
    )
    return env


def run_step(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def psql(url: str, sql: str) -> None:
    parts = urlsplit(url)
    subprocess.run(
        [
            "psql",
            "-h",
            parts.hostname or "127.0.0.1",
            "-p",
            str(parts.port or 5432),
            "-U",
            parts.username or "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            sql,
        ],
        check=True,
        capture_output=True,
    )


def build(env: dict[str, str], url: str, *, scale: bool) -> float:
    name = urlsplit(url).path.lstrip("/")
    started = time.perf_counter()
    psql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(url, f"CREATE DATABASE {name}")
    python = env["PYTHON"]
    run_step(env, python, "manage.py", "migrate", "--noinput", "-v0")
    run_step(env, python, "manage.py", "load_demo", "--quiet-logins")
    if scale:
        print(run_step(env, python, __file__, "--phase", "scale-up").rstrip())
    subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True, capture_output=True)
    return time.perf_counter() - started


def orchestrate(args: argparse.Namespace) -> None:
    scale_url, demo_url = database_urls()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder_name:
        folder = Path(folder_name)
        (folder / "scale").mkdir()
        (folder / "demo").mkdir()
        scale_env, demo_env = fixed_env(folder / "scale", scale_url), fixed_env(folder / "demo", demo_url)
        python = scale_env["PYTHON"]
        if not args.reuse:
            seconds = build(demo_env, demo_url, scale=False)
            print(f"demo database built in {seconds:.0f} s")
            seconds = build(scale_env, scale_url, scale=True)
            print(
                f"100k database built in {seconds:.0f} s (demo, then the scale-up above, then VACUUM ANALYZE)"
            )
        demo_env["STATIC_ROOT"] = scale_env["STATIC_ROOT"]  # pages name the collected files' hashes
        run_step(scale_env, python, "manage.py", "collectstatic", "--noinput", "-v0")
        kept = Path(args.results) if args.results else None

        def step(name: str, measure: Callable[[], dict]) -> dict:
            """Each step's figures are kept in --results (a JSON file a step), and read back when there."""
            if kept is not None and (kept / f"{name}.json").exists():
                return json.loads((kept / f"{name}.json").read_text())
            figures = measure()
            if kept is not None:
                kept.mkdir(parents=True, exist_ok=True)
                (kept / f"{name}.json").write_text(json.dumps(figures))
            return figures

        def phase(env: dict[str, str], name: str) -> Callable[[], dict]:
            return lambda: json.loads(run_step(env, python, __file__, "--phase", name).splitlines()[-1])

        demo = step("single-demo", phase(demo_env, "single"))
        scale = step("single-100k", phase(scale_env, "single"))
        heavy = step("heavy-100k", phase(scale_env, "heavy"))
        load: dict[str, dict[str, float]] = {}
        if not args.skip_load:
            load = step(
                "load-100k", lambda: measure_load(scale_env, folder / "scale", args.seconds, args.connections)
            )
        print_report(demo, scale, heavy, load, args)


def measure_load(
    env: dict[str, str], folder: Path, seconds: float, connections: int
) -> dict[str, dict[str, float]]:
    from serve import Bench, Measure, free_port, request

    # No process replaced during the measurement (serve-production replaces one after about 1,000
    # requests): the new process's first requests load the code for a second or two, which fell on
    # whichever page ran then (p99 of 1-2 s on a page in one run, not in the next). The floor is never
    # replaced either.
    env = {**env, "WEB_MAX_REQUESTS": "0"}
    python = env["PYTHON"]
    urls = json.loads(run_step(env, python, __file__, "--phase", "urls").splitlines()[-1])
    wrk = shutil.which("wrk")
    bench = Bench(env, python, folder, wrk)
    port = bench.start_server(2)
    floor_port = free_port()
    floor_log = (folder / "floor.log").open("wb")
    floor = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "--chdir",
            str(ROOT / "bench" / "floor"),
            "floor_site:application",
            "--bind",
            f"127.0.0.1:{floor_port}",
            "--workers",
            "2",
            "--keep-alive",
            "5",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=floor_log,
        stderr=subprocess.STDOUT,
    )
    measures: dict[str, list[Measure]] = {FLOOR: [], ORGANIZATIONS: []}
    try:
        for _ in range(300):
            try:
                if request(floor_port, "/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        cookies: dict[str, str] = {}
        for role in {role for _label, role, _name, _kw in PAGES}:
            bench.cookie = ""
            bench.account = {"login": f"{role}@demo.kakehashi.example", "password": "kakehashi-demo"}
            bench.sign_in(port)
            cookies[role] = bench.cookie
        print(
            f"load: {'wrk' if wrk else 'a Python generator'}, {connections} connections, {seconds:g} s a page, "
            f"gunicorn 2 processes; load average {Path('/proc/loadavg').read_text().split()[0]}"
        )

        def run(target_port: int, url: str, cookie: str) -> Measure:
            bench.cookie = cookie
            bench.load(target_port, url, connections, 1.0)  # warm every process
            measure = Measure()
            measure.add(*bench.load(target_port, url, connections, seconds))
            return measure

        order = [
            (FLOOR, floor_port, "/?page=2", ""),
            (ORGANIZATIONS, port, urls[ORGANIZATIONS], cookies["manager"]),
        ]
        for label, target, url, cookie in order:
            measures[label].append(run(target, url, cookie))
        for label, role, _name, _kw in PAGES[1:]:
            status = request(port, urls[label], cookies=cookies[role])[0]
            if status != 200:
                print(f"  ! {label}: answered {status}")
                continue
            measures[label] = [run(port, urls[label], cookies[role])]
            print(f"  {label}: {measures[label][0].rps:.1f} req/s", flush=True)
        for label, target, url, cookie in order:  # again at the end: the machine may have changed
            measures[label].append(run(target, url, cookie))
    finally:
        bench.stop_server()
        floor.terminate()
        floor.wait(timeout=30)
    result = {}
    for label, runs in measures.items():
        requests = sum(m.requests for m in runs)
        total = sum(m.seconds for m in runs)
        merged = Measure()
        for m in runs:
            merged.add(m.requests, m.seconds, m.errors, m.hist)
        result[label] = {
            "rps": requests / total if total else 0.0,
            "p99": merged.percentile(99),
            "errors": merged.errors,
        }
    return result


def print_report(demo: dict, scale: dict, heavy: dict, load: dict, args: argparse.Namespace) -> None:
    print()
    print(
        "Pages: queries and median of 20 single requests (ms) at demo size and at 100k; under load "
        f"(gunicorn 2 processes, {args.connections} connections, {args.seconds:g} s): req/s, p99 (ms), and "
        "req/s as a share of the organizations list and of the floor"
    )
    header = (
        f"{'page (role)':<32} {'queries':>9} {'demo ms':>8} {'100k ms':>8} {'req/s':>7} {'p99':>6} "
        f"{'x orgs':>7} {'x floor':>7}"
    )
    print(header)
    print("-" * len(header))
    orgs = load.get(ORGANIZATIONS, {}).get("rps", 0.0)
    floor = load.get(FLOOR, {}).get("rps", 0.0)
    for label, *_ in PAGES:
        d, s = demo.get(label, {}), scale.get(label, {})
        queries = f"{d.get('queries', '-')}→{s.get('queries', '-')}"
        line = f"{label:<32} {queries:>9} {d.get('ms', float('nan')):>8.1f} {s.get('ms', float('nan')):>8.1f}"
        if label in load:
            rps, p99 = load[label]["rps"], load[label]["p99"]
            line += f" {rps:>7.1f} {p99:>6.0f} {rps / orgs if orgs else 0:>7.2f} {rps / floor if floor else 0:>7.2f}"
        print(line)
    if FLOOR in load:
        f = load[FLOOR]
        print(f"{FLOOR:<32} {'2':>9} {'':>8} {'':>8} {f['rps']:>7.1f} {f['p99']:>6.0f} {'':>7} {1:>7.2f}")
        print(f"\norganizations list / floor: {orgs / floor if floor else 0:.2f} (target 0.8)")
    print("\nHeavy work at 100k:")
    for label, value in heavy.items():
        print(f"  {label}: {value}")


# --- the steps run inside Django ------------------------------------------------------------------------


def scale_up() -> None:
    """Adds the 100k data set to the demo, in bulk, seeded. Prints what it made and how long each took."""
    from datetime import date, timedelta

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from kakehashi.accounts.models import Membership, Organization, Program, User
    from kakehashi.internships.models import Application, Choice, Nomination, Phase, Place, PlaceStatus, Round
    from kakehashi.learning.tests.factories import big_cohort
    from kakehashi.operations.models import CheckIn, InternCase
    from kakehashi.operations.services import case_open
    from kakehashi.programme import demo as programme_demo
    from kakehashi.programme.models import Expense

    rng = random.Random(SEED)
    program = Program.objects.get(key="jica-dx-2024")
    colleges = list(Organization.objects.filter(kind="partner_college").order_by("key"))
    companies = list(Organization.objects.filter(kind="host_company").order_by("key"))
    unusable = make_password(None)
    step = time.perf_counter()

    def lap(what: str) -> None:
        nonlocal step
        now = time.perf_counter()
        print(f"  {what}: {now - step:.1f} s", flush=True)
        step = now

    with transaction.atomic():
        students = User.objects.bulk_create(
            (
                User(
                    email=f"student-{i:06d}@scale.example",
                    name_latin=f"Scale Student {rng.randrange(10**6):06d} {i:06d}",
                    password=unusable,
                    preferred_language="mn",
                )
                for i in range(STUDENTS)
            ),
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            (
                Membership(
                    user=user, organization=colleges[i % len(colleges)], program=program, role="student"
                )
                for i, user in enumerate(students)
            ),
            batch_size=5000,
        )
    lap(f"{STUDENTS:,} students with their memberships")

    with transaction.atomic():
        round_ = Round.objects.create(
            program=program,
            key="scale",
            name={"en": "Scale round (100,000 applicants)"},
            internship_starts_on=date(2030, 3, 1),
            internship_ends_on=date(2030, 3, 14),
            phase=Phase.MATCHING,
        )
        places = Place.objects.bulk_create(
            (
                Place(
                    round=round_,
                    company=companies[i % len(companies)],
                    title={"en": f"Scale place {i:05d}"},
                    field="IoT",
                    capacity=1,
                    starts_on=round_.internship_starts_on,
                    ends_on=round_.internship_ends_on,
                    location="Nagaoka",
                    status=PlaceStatus.APPROVED,
                )
                for i in range(PLACES)
            ),
            batch_size=5000,
        )
        now = timezone.now()
        applications = Application.objects.bulk_create(
            (
                Application(
                    round=round_,
                    student=user,
                    college=colleges[i % len(colleges)],
                    name_latin=user.name_latin,
                    submitted_at=now,
                    consent_at=now,
                    consent_version="2025-01",
                    nomination=Nomination.NOMINATED,
                    confirmed_at=now,
                )
                for i, user in enumerate(students)
            ),
            batch_size=5000,
        )
        Choice.objects.bulk_create(
            (
                Choice(application=application, place=place, position=position)
                for application in applications
                for position, place in enumerate(rng.sample(places, CHOICES), start=1)
            ),
            batch_size=10000,
        )
    lap(f"a round of {len(applications):,} applications over {PLACES:,} places, {CHOICES} choices each")

    with transaction.atomic():
        big_cohort(learners=500, items=40, key="scale500")
        big_cohort(learners=5000, items=40, key="scale5000")
    lap("cohorts of 500 and 5,000 learners, 40 graded items each")

    today = timezone.localdate()
    arrival = today - timedelta(days=60)
    interns = User.objects.bulk_create(
        User(email=f"intern-{i:04d}@scale.example", name_latin=f"Scale Intern {i:04d}", password=unusable)
        for i in range(INTERNS)
    )
    cases = []
    with transaction.atomic():
        for i, user in enumerate(interns):
            cases.append(
                case_open(
                    intern=user,
                    host=companies[i % len(companies)],
                    program=program,
                    arrival_on=arrival,
                    departure_on=today + timedelta(days=30),
                    paid=i % 5 == 0,
                    college=colleges[i % len(colleges)],
                    round_ref=1,
                )
            )
        lap(f"{INTERNS:,} intern cases opened through the service")
        checkins = (
            CheckIn(
                case=case,
                day=arrival + timedelta(days=d),
                at=timezone.make_aware(
                    timezone.datetime.combine(arrival + timedelta(days=d), timezone.datetime.min.time())
                )
                + timedelta(hours=20),
            )
            for case in cases
            for d in range(60)
        )
        CheckIn.objects.bulk_create(checkins, batch_size=10000)
    lap(f"{INTERNS * 60:,} check-ins (two months a case)")

    with transaction.atomic():
        Expense.objects.filter(program=program).delete()
        for seed in range(10):
            Expense.objects.bulk_create(
                programme_demo.generated_expenses(program, program.ends_on, seed=seed), batch_size=5000
            )
    lap(f"{Expense.objects.filter(program=program).count():,} expenses")
    from kakehashi.accounts.selectors import people_changed

    people_changed()  # bulk inserts send no signal: forget the cached counts of people
    assert InternCase.objects.count() >= INTERNS


def page_urls() -> dict[str, str]:
    from django.urls import reverse

    from kakehashi.internships.models import Round
    from kakehashi.learning.models import Cohort

    objects: dict[str, dict[str, int]] = {"": {}}
    scaled = Round.objects.filter(key="scale").first() or Round.objects.order_by("-pk").first()
    assert scaled is not None
    objects["round"] = {"round_id": scaled.pk}
    for size in ("500", "5000"):
        cohort = (
            Cohort.objects.filter(key=f"scale{size}-cohort").first() or Cohort.objects.order_by("pk").first()
        )
        assert cohort is not None
        objects[f"cohort{size}"] = {"cohort_id": cohort.pk}
    urls = {}
    for label, _role, name, kwargs in PAGES:
        if kwargs.endswith("-deep"):
            urls[label] = deep_page_url(name, objects, kwargs)
        else:
            urls[label] = reverse(name, kwargs=objects[kwargs])
    return urls


def deep_page_url(name: str, objects: dict[str, dict[str, int]], which: str) -> str:
    """The address the Next link of the page before gives: ?page=N&after=<its last row> (page 4,000, or
    the last page where the list is shorter, as at demo size)."""
    from django.conf import settings
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from kakehashi.accounts.models import Membership, Program, User, by_name
    from kakehashi.internships.models import Application
    from kakehashi.learning.models import CohortMember

    if which == "people-deep":
        program = Program.objects.get(key="jica-dx-2024")
        members = Membership.objects.filter(program=program, is_active=True, user_id=OuterRef("pk"))
        rows = User.objects.filter(Exists(members), is_active=True).order_by(*by_name("en"))
        kwargs: dict[str, int] = {}
    elif which == "applicants-deep":
        kwargs = objects["round"]
        rows = Application.objects.filter(round_id=kwargs["round_id"]).order_by(*by_name("en"))
    else:
        kwargs = objects["cohort5000"]
        # The gradebook's pages follow the cohort's rows (learning.selectors.learner_members_by_name).
        rows = CohortMember.objects.filter(cohort_id=kwargs["cohort_id"], role="learner").order_by(
            "sort_key_en", "id"
        )
    per_page = 25 if which == "gradebook-deep" else settings.PAGE_SIZE
    pages = max(1, -(-rows.count() // per_page))
    number = min(4000, pages)
    url = reverse(name, kwargs=kwargs)
    if number == 1:
        return url
    before = rows.values_list("pk", flat=True)[(number - 1) * per_page - 1]
    return f"{url}?page={number}&after={before}"


def forget_cached_figures() -> None:
    """The cache may hold another database's figures (the demo's, a previous run's): forget them all."""
    from kakehashi.accounts.selectors import people_changed
    from kakehashi.core import cached_figures

    people_changed()
    for kind in ("board", "spending", "applicants", "gradebook", "logframe", "rounds"):
        cached_figures.changed(kind)


def print_urls() -> None:
    forget_cached_figures()
    print(json.dumps(page_urls()))


def measure_single() -> None:
    """Queries and the median of REQUESTS single requests of each page, as its role, in this process."""
    import gc

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from serve import proxy_headers

    from kakehashi.accounts.demo import demo_email
    from kakehashi.accounts.models import User

    forget_cached_figures()
    urls = page_urls()
    result: dict[str, dict[str, float]] = {}
    clients: dict[str, Client] = {}
    for label, role, _name, _kwargs in PAGES:
        if role not in clients:
            client = Client(headers=proxy_headers(""))
            client.cookies["kakehashi_language"] = "en"
            client.force_login(User.objects.get(email=demo_email(role)))
            clients[role] = client
        client = clients[role]
        url = urls[label]
        response = client.get(url)
        if response.status_code != 200:
            print(f"  ! {label} ({url}) answered {response.status_code}", file=sys.stderr)
            continue
        client.get(url)
        times = []
        queries = 0
        for _ in range(REQUESTS):
            gc.collect()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
        result[label] = {
            "queries": queries,
            "ms": statistics.median(times),
            "kb": len(response.content) // 1024,
        }
    print(json.dumps(result))


def measure_heavy() -> None:
    """The 10,000-person import and the missed check-in pass over the interns, each undone afterwards."""

    from django.utils import timezone

    from kakehashi.accounts import services as account_services
    from kakehashi.accounts.demo import demo_email
    from kakehashi.accounts.models import ImportStatus, Invitation, PeopleImport, User
    from kakehashi.core.permissions import build_viewer

    result: dict[str, str] = {}
    started_at = timezone.now()
    teacher = User.objects.get(email=demo_email("teacher"))
    viewer = build_viewer(teacher)
    content = (
        "name_latin,name_local,email,organization,role\n"
        + "".join(
            f"Imported Person {i:05d},,imported-{i:05d}@scale.example,must-kosen,student\n"
            for i in range(10_000)
        )
    ).encode()
    try:
        started = time.perf_counter()
        batch = account_services.people_import_preview(viewer=viewer, file_name="people.csv", content=content)
        preview = time.perf_counter() - started
        assert not batch.errors, batch.errors[:3]
        started = time.perf_counter()
        account_services.people_import_apply(
            viewer=viewer, batch=batch
        )  # queues the task (not run: no worker)
        batch.refresh_from_db()
        assert batch.status == ImportStatus.APPLYING
        created = account_services.people_import_run(import_id=batch.pk)
        apply = time.perf_counter() - started
        assert created == 10_000
        result["import of 10,000 people"] = (
            f"check and preview {preview:.1f} s, apply (the task: users, memberships, invitations, "
            f"email tasks queued) {apply:.1f} s, total {preview + apply:.1f} s"
        )
    finally:
        # Undone in three plain DELETEs: a model delete() would write 20,000 audit entries one by one.
        from kakehashi.accounts.models import Membership

        imported = User.objects.filter(email__startswith="imported-", email__endswith="@scale.example")
        Membership.objects.filter(user__in=imported.values("pk"))._raw_delete("default")  # type: ignore[attr-defined]
        Invitation.objects.filter(email__startswith="imported-")._raw_delete("default")  # type: ignore[attr-defined]
        imported._raw_delete("default")  # type: ignore[attr-defined]
        PeopleImport.objects.filter(uploaded_by=teacher, created_at__gte=started_at).delete()

    result.update(checkin_pass())
    print(json.dumps(result))


def measure_checkin_pass() -> None:
    """The missed check-in pass alone (`--phase checkin-pass`)."""
    print(json.dumps(checkin_pass()))


def _counted(sent: list[str]) -> Callable[..., object]:
    """An execute wrapper that notes each statement's first words in `sent`."""

    def count(
        execute: Callable[..., object], sql: str, params: object, many: bool, context: object
    ) -> object:
        sent.append(sql[:40])
        return execute(sql, params, many, context)

    return count


def checkin_pass() -> dict[str, str]:
    """The missed check-in pass over the interns: raising, then escalating; undone afterwards."""
    from datetime import datetime, timedelta

    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from kakehashi.notifications.models import Delivery, Message, Notification
    from kakehashi.operations.models import Alert, InternCase
    from kakehashi.operations.services import ESCALATE_AFTER, check_missed_checkins

    result: dict[str, str] = {}
    started_at = timezone.now()
    in_japan = InternCase.objects.filter(cancelled=False, arrival_on__lte=timezone.localdate()).count()
    case = InternCase.objects.filter(cancelled=False).order_by("pk").first()
    assert case is not None
    day = timezone.localdate()
    moment = timezone.make_aware(datetime.combine(day, case.checkin_deadline)) + timedelta(minutes=5)
    last_alert = Alert.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # The first reverse() of a process imports every URLconf (every view, the API's schemas): a task
    # worker pays it once, at its first task, not at every pass. Timed apart, before the pass.
    started, cpu = time.perf_counter(), time.process_time()
    from django.urls import reverse

    reverse("operations:alert_list")
    urlconf = f"{time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} s CPU)"
    try:
        # Queries counted, not captured: capturing writes out each statement with its values, and for the
        # pass's bulk inserts that took longer than sending them (2.3 of 8.8 s under the profiler).
        raising_queries: list[str] = []
        escalating_queries: list[str] = []
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(_counted(raising_queries)):
            raised, _ = check_missed_checkins(now=moment)
        raising, raising_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(_counted(escalating_queries)):
            _, escalated = check_missed_checkins(now=moment + ESCALATE_AFTER)
        escalating, escalating_cpu = time.perf_counter() - started, time.process_time() - cpu
        tasks = DBTaskResult.objects.filter(enqueued_at__gte=started_at).count()
        # CPU: this process's own (not PostgreSQL's); on a shared machine the wall time is mostly waiting.
        result["missed check-in pass"] = (
            f"{in_japan:,} interns in Japan: {raised:,} alerts raised in {raising:.2f} s "
            f"({raising_cpu:.2f} s CPU, {len(raising_queries)} queries), {escalated:,} escalated in "
            f"{escalating:.2f} s ({escalating_cpu:.2f} s CPU, {len(escalating_queries)} queries); notices, "
            f"inbox and delivery log written, {tasks} sending tasks queued; first load of the URLconf "
            f"before it {urlconf}; load average {Path('/proc/loadavg').read_text().split()[0]}"
        )
    finally:
        # By id: the alerts are raised at the (earlier) deadline of the day, not at the clock's time.
        Alert.objects.filter(pk__gt=last_alert).delete()
        about = Delivery.objects.filter(queued_at__gte=started_at, about__startswith="alert:")
        message_ids = set(about.values_list("message_id", flat=True))
        about._raw_delete("default")  # type: ignore[attr-defined]
        Notification.objects.filter(created_at__gte=started_at, about__startswith="alert:")._raw_delete(
            "default"
        )  # type: ignore[attr-defined]
        Message.objects.filter(pk__in=message_ids)._raw_delete("default")  # type: ignore[attr-defined]
        DBTaskResult.objects.filter(enqueued_at__gte=started_at).delete()
    return result


if __name__ == "__main__":
    main()
