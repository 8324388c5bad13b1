"""Requests per second and p99 latency of the heaviest pages through the production server, on PostgreSQL.

    .venv/bin/python bench/serve.py             # 1, 2 and 4 gunicorn processes, 3 rounds of 5 s a page
    .venv/bin/python bench/serve.py --quick     # a smoke run: 1 and 2 processes, 1 round of 2 s a page
    .venv/bin/python bench/serve.py --scale 10  # the program's expenses at 10x the demo's pace

What it does, as a deployment would:
- creates the scratch database `kakehashi_bench_serve` on 127.0.0.1:5432 (dropped at the end, whatever
  happens), collects the static files, migrates and loads the demo in production mode; with --scale N,
  replaces the JICA program's expenses with N times the demo's pace (bench/programme.py's generator; the
  other pages keep the demo's size: no generator exists for them yet);
- for each process count, starts `scripts/serve-production web` (gunicorn, WEB_CONCURRENCY processes,
  the production settings: Redis cache, sessions in PostgreSQL written on every request) on a free port,
  and requests it as nginx would (X-Forwarded-Proto: https and X-Forwarded-For, TRUSTED_PROXY_COUNT=1);
- signs in once as the program manager demo person (the demo's published password), checks that every
  page answers 200 to that session, warms each gunicorn process up, then measures the pages in turn, in
  rounds (the order rotates each round), so the floor and the heavy pages share the same machine load;
- prints, per page and process count, requests per second, p99 latency and their ratios to the floor:
  the organizations directory, about the lightest signed-in page there is.

The load generator is `wrk` (Debian's package; scripts/install-system-deps installs it) with 2 connections
per gunicorn process (one request in service, one waiting: the processes never idle) and one thread; p99
is computed over every request of every round (wrk's raw latency histogram, merged). Without wrk, a small
Python generator (threads, http.client, keep-alive) does the same, less precisely: it shares the CPU with
the server. The machine may be shared: the load average is printed before each process count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "kakehashi_bench_serve"
HOST = "kakehashi.bench"
CACHE_URL = "redis://127.0.0.1:6379/12"
ROLE = "manager"  # the program manager may open every page measured here
FLOOR = "organizations directory"

# Each page: its label and Python that gives its URL, run in `manage.py shell` on the loaded demo
# (the same objects as the URL x role matrix rows, kakehashi/<app>/tests/matrix.py).
PAGES_SOURCE = """
import json
from django.urls import reverse
from kakehashi.accounts.demo import DEMO_PASSWORD, demo_email
from kakehashi.accounts.models import Program
from kakehashi.internships.models import MatchingRun, Round
from kakehashi.learning.models import Cohort

program = Program.objects.get(key="jica-dx-2024")
finished = Round.objects.get(program=program, key="2025-03")
run = MatchingRun.objects.filter(round=finished).order_by("pk").first()
cohort = Cohort.objects.get(program=program, key="must-kosen-2025")
print(json.dumps({
    "organizations directory": reverse("accounts:organization_list"),
    "home": reverse("core:home"),
    "round results": reverse("internships:result", kwargs={"round_id": finished.pk}),
    "applicants list": reverse("internships:applicant_list", kwargs={"round_id": finished.pk}),
    "matching run": reverse("internships:run_detail", kwargs={"run_id": run.pk}),
    "gradebook": reverse("learning:gradebook", kwargs={"cohort_id": cohort.pk}),
    "case board": reverse("operations:board"),
    "expense list": reverse("programme:expense_list"),
}))
print(json.dumps({"login": demo_email("%s"), "password": DEMO_PASSWORD}))
"""

SCALE_SOURCE = """
from kakehashi.accounts.models import Program
from kakehashi.programme import demo, services
from kakehashi.programme.models import Expense
from kakehashi.programme.periods import quarters_between

program = Program.objects.get(key="jica-dx-2024")
Expense.objects.filter(program=program).delete()
for seed in range({scale}):
    Expense.objects.bulk_create(demo.generated_expenses(program, program.ends_on, seed=seed), batch_size=2000)
for _start, end in quarters_between(program.starts_on, program.ends_on):
    services.snapshot_program(program, end)
print(Expense.objects.filter(program=program).count())
"""

# wrk: after the run, print the counts and the latency distribution as quantiles (microseconds), each the
# weight of its step: 0.5 % steps to the 95th percentile, then 0.05 % steps. Quantiles from several rounds
# are merged by weight. (wrk's raw values, `latency(i)`, cost a scan of the whole histogram each: minutes.)
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local points = {}
  local previous = 0
  local function add(p)
    points[#points + 1] = string.format("[%d,%.4f]", latency:percentile(p), (p - previous) / 100)
    previous = p
  end
  for i = 1, 190 do add(i * 0.5) end
  for i = 1, 100 do add(95 + i * 0.05) end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests":%d,"duration_us":%d,"errors":%d,"quantiles":[%s]}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    table.concat(points, ",")))
end
"""


@dataclass
class Measure:
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    hist: dict[float, float] = field(default_factory=dict)  # latency in microseconds -> requests

    def add(self, requests: int, seconds: float, errors: int, hist: dict[float, float]) -> None:
        self.requests += requests
        self.seconds += seconds
        self.errors += errors
        for value, count in hist.items():
            self.hist[value] = self.hist.get(value, 0) + count

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """In milliseconds."""
        total = sum(self.hist.values())
        if not total:
            return float("nan")
        rank, seen = total * p / 100, 0
        for value in sorted(self.hist):
            seen += self.hist[value]
            if seen >= rank:
                return value / 1000
        return max(self.hist) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 and 2 processes, 1 round of 2 s")
    parser.add_argument(
        "--scale", type=int, default=0, help="the program's expenses at N times the demo's pace"
    )
    parser.add_argument("--processes", default=None, help="gunicorn process counts, e.g. 1,2,4")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None, help="per page per round")
    parser.add_argument("--python-load", action="store_true", help="use the Python generator even with wrk")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="WEB_MAX_REQUESTS for gunicorn (serve-production: 1000)",
    )
    args = parser.parse_args()
    processes = [int(n) for n in (args.processes or ("1,2" if args.quick else "1,2,4")).split(",")]
    rounds = args.rounds or (1 if args.quick else 3)
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    wrk = None if args.python_load else shutil.which("wrk")

    python = os.environ.get("PYTHON") or str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        env = production_env(Path(folder), python)
        if args.max_requests is not None:
            env["WEB_MAX_REQUESTS"] = str(args.max_requests)
        bench = Bench(env, python, Path(folder), wrk)
        # SIGTERM (a CI timeout, `kill`) must still stop the servers and drop the database.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            bench.prepare(args.scale)
            bench.run(processes, rounds, seconds)
        finally:
            bench.cleanup()


def production_env(folder: Path, python: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECURE_SSL_REDIRECT"}}
    env.update(
        {
            "KAKEHASHI_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "KAKEHASHI_FIELD_KEYS": Fernet.generate_key().decode(),
            "KAKEHASHI_BLIND_INDEX_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}",
            "TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "CACHE_URL": CACHE_URL,
            "STATIC_ROOT": str(folder / "static"),
            "KAKEHASHI_VAR_DIR": str(folder / "var"),
            "MEDIA_ROOT": str(folder / "var" / "media"),
            # The demo people have no second factor; production requires one of staff roles.
            "KAKEHASHI_REQUIRE_MFA": "0",
            "PYTHON": python,
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
            "TASK_WORKERS": "0",
        }
    )
    # Every process that loads the app (manage.py included) opens its counts file there.
    (folder / "metrics").mkdir()
    return env


class Bench:
    def __init__(self, env: dict[str, str], python: str, folder: Path, wrk: str | None) -> None:
        self.env, self.python, self.folder, self.wrk = env, python, folder, wrk
        self.server: subprocess.Popen[bytes] | None = None
        self.database_created = False
        self.cookie = ""
        self.pages: dict[str, str] = {}
        self.account: dict[str, str] = {}

    # --- set-up and clean-up --------------------------------------------------------------------------

    def manage(self, *command: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [self.python, "manage.py", *command],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def psql(self, sql: str) -> None:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
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

    def prepare(self, scale: int) -> None:
        started = time.perf_counter()
        self.psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        self.psql(f"CREATE DATABASE {DATABASE}")
        self.database_created = True
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo", "--quiet-logins")
        note = "the demo"
        if scale:
            count = self.manage("shell", "-c", SCALE_SOURCE.replace("{scale}", str(scale))).strip()
            note = f"the demo, the program's expenses at {scale}x its pace ({count} expenses)"
        *_, pages, account = self.manage("shell", "-c", PAGES_SOURCE % ROLE).strip().splitlines()
        self.pages, self.account = json.loads(pages), json.loads(account)
        print(f"PostgreSQL database {DATABASE}: {note}; ready in {time.perf_counter() - started:.0f} s")

    def cleanup(self) -> None:
        self.stop_server()
        if self.database_created:
            try:
                self.psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            except subprocess.CalledProcessError as error:
                print(f"could not drop {DATABASE}: {error.stderr!r}", file=sys.stderr)

    # --- the server -------------------------------------------------------------------------------------

    def start_server(self, processes: int) -> int:
        port = free_port()
        log = (self.folder / f"serve-{processes}.log").open("wb")
        self.server = subprocess.Popen(
            [str(ROOT / "scripts" / "serve-production"), "web"],
            cwd=ROOT,
            env={**self.env, "WEB_CONCURRENCY": str(processes), "PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                sys.exit(f"serve-production exited ({self.server.returncode}):\n{self.server_log(processes)}")
            try:
                status, _headers, _body = request(port, "/health/")
                if status == 200:
                    return port
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit(f"no answer from /health/ within 60 s:\n{self.server_log(processes)}")

    def server_log(self, processes: int) -> str:
        return (self.folder / f"serve-{processes}.log").read_text(errors="replace")[-3000:]

    def stop_server(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)  # gunicorn (exec'd by the script): a graceful stop
            try:
                self.server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        self.server = None

    # --- signing in -------------------------------------------------------------------------------------

    def sign_in(self, port: int) -> None:
        jar: dict[str, str] = {"kakehashi_language": "en"}
        status, headers, body = request(port, "/accounts/login/", cookies=jar)
        assert status == 200, f"the sign-in page answered {status}"
        jar.update(cookies_from(headers))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert token, "no CSRF token on the sign-in page"
        form = {"csrfmiddlewaretoken": token.group(1).decode(), **self.account}
        status, headers, body = request(port, "/accounts/login/", cookies=jar, form=form)
        jar.update(cookies_from(headers))
        if status != 302 or "sessionid" not in jar:
            sys.exit(
                f"signing in as {self.account['login']} failed: {status}\n{body[:2000].decode(errors='replace')}"
            )
        self.cookie = "; ".join(f"{name}={value}" for name, value in jar.items())

    # --- measuring --------------------------------------------------------------------------------------

    def run(self, processes: list[int], rounds: int, seconds: float) -> None:
        generator = (
            f"wrk ({self.wrk})" if self.wrk else "a Python generator (threads, http.client, keep-alive)"
        )
        print(
            f"load: {generator}, 2 connections per gunicorn process; {rounds} rounds x {seconds:g} s per page; "
            f"signed in as the demo's program manager; {os.cpu_count()} CPUs; "
            f"gunicorn replaces a process after {self.env.get('WEB_MAX_REQUESTS', '1000')} requests (0: never)"
        )
        results: dict[int, dict[str, Measure]] = {}
        loads: dict[int, tuple[str, str]] = {}
        for count in processes:
            port = self.start_server(count)
            if not self.cookie:
                self.sign_in(port)
            for label, url in self.pages.items():
                status, _headers, _body = request(port, url, cookies=self.cookie)
                if status != 200:
                    sys.exit(f"{label} ({url}) answered {status} to the signed-in program manager")
            connections = 2 * count
            for url in self.pages.values():  # every gunicorn process imports, renders and caches once
                self.load(port, url, connections, 1.0)
            before = loadavg()
            measures = {label: Measure() for label in self.pages}
            labels = list(self.pages)
            for round_number in range(rounds):
                shift = round_number % len(labels)
                for label in labels[shift:] + labels[:shift]:
                    measures[label].add(*self.load(port, self.pages[label], connections, seconds))
            loads[count] = (before, loadavg())
            self.stop_server()
            results[count] = measures
            print(f"  {count} process(es) done; load average {before} before, {loads[count][1]} after")
        print_table(results, loads, rounds, seconds)

    def load(
        self, port: int, url: str, connections: int, seconds: float
    ) -> tuple[int, float, int, dict[float, float]]:
        headers = proxy_headers(self.cookie)
        if not self.wrk:
            return python_load(port, url, headers, connections, seconds)
        script = self.folder / "report.lua"
        script.write_text(WRK_SCRIPT)
        command = [
            self.wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
        ]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True
        ).stdout
        line = next(line for line in output.splitlines() if line.startswith("WRK-RESULT "))
        data = json.loads(line.removeprefix("WRK-RESULT "))
        hist: dict[float, float] = {}
        for value, share in data["quantiles"]:
            hist[float(value)] = hist.get(float(value), 0) + share * data["requests"]
        return data["requests"], data["duration_us"] / 1e6, data["errors"], hist


# --- helpers ----------------------------------------------------------------------------------------------


_GIVEN_PORTS = [int(p) for p in os.environ.get("BENCH_PORTS", "").split(",") if p.strip()]


def free_port() -> int:
    """The next of BENCH_PORTS (a comma-separated list, on a machine where each user has their own
    ports), else one the system picks."""
    if _GIVEN_PORTS:
        return _GIVEN_PORTS.pop(0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def proxy_headers(cookie: str) -> dict[str, str]:
    """What nginx (deploy/nginx) sends: the site's host, the scheme and the client's address."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def request(
    port: int, path: str, *, cookies: dict[str, str] | str = "", form: dict[str, str] | None = None
) -> tuple[int, list[tuple[str, str]], bytes]:
    cookie = cookies if isinstance(cookies, str) else "; ".join(f"{k}={v}" for k, v in cookies.items())
    headers = proxy_headers(cookie)
    body = None
    if form is not None:
        from urllib.parse import urlencode

        body = urlencode(form)
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
        }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST" if form is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_from(headers: list[tuple[str, str]]) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def python_load(
    port: int, url: str, headers: dict[str, str], connections: int, seconds: float
) -> tuple[int, float, int, dict[float, float]]:
    """The fallback generator: one thread per connection, each re-using its connection while it may."""
    hist: dict[float, float] = {}
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            begin = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()  # gunicorn's sync workers close after each response
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            elapsed = float(int((time.perf_counter() - begin) * 1e6))
            with lock:
                counts["requests" if ok else "errors"] += 1
                if ok:
                    hist[elapsed] = hist.get(elapsed, 0) + 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts["requests"], time.monotonic() - started, counts["errors"], hist


def print_table(
    results: dict[int, dict[str, Measure]], loads: dict[int, tuple[str, str]], rounds: int, seconds: float
) -> None:
    counts = list(results)
    labels = list(next(iter(results.values())))
    print(
        f"\nrequests per second (rps) and p99 latency (ms) per page, by gunicorn processes; x floor = the "
        f"page's rps / the floor's rps and its p99 / the floor's p99 (floor: the {FLOOR})"
    )
    header = f"{'page':<24}" + "".join(f" | {f'{n} process' + ('es' if n > 1 else ''):^32}" for n in counts)
    sub = f"{'':<24}" + "".join(f" | {'rps':>6} {'p99':>7} {'rps x':>7} {'p99 x':>7} " for _ in counts)
    print(header)
    print(sub)
    print("-" * len(sub))
    for label in labels:
        line = f"{label:<24}"
        for n in counts:
            page, floor = results[n][label], results[n][FLOOR]
            rps_ratio = page.rps / floor.rps if floor.rps else float("nan")
            p99_ratio = page.percentile(99) / floor.percentile(99)
            line += f" | {page.rps:6.1f} {page.percentile(99):7.0f} {rps_ratio:7.2f} {p99_ratio:7.2f} "
        print(line)
    scaling = "  ".join(
        f"{n}: x{sum(results[n][label].rps for label in labels) / sum(results[counts[0]][label].rps for label in labels):.2f}"
        for n in counts
    )
    print(f"\nsum of rps over the pages relative to {counts[0]} process(es): {scaling}")
    errors = {n: sum(m.errors for m in results[n].values()) for n in counts}
    requests = {n: sum(m.requests for m in results[n].values()) for n in counts}
    print(
        "requests measured (errors): "
        + ", ".join(f"{n} proc: {requests[n]} ({errors[n]})" for n in counts)
        + f"; {rounds} rounds x {seconds:g} s per page"
    )
    print(
        "load average (1, 5, 15 min) before / after each: "
        + "; ".join(f"{n} proc: {before} / {after}" for n, (before, after) in loads.items())
        + f"; {os.cpu_count()} CPUs, shared"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
