"""scripts/serve-production refuses to start, with one line naming the setting, when one is missing.

Starting and stopping the whole set (gunicorn, workers, scheduler, through nginx) is checked by
scripts/ci-production-smoke, which .ci/run calls.
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR, "scripts", "serve-production")
COMPLETE = {
    "SECRET_KEY": "s" * 50,
    "KAKEHASHI_FIELD_KEYS": "k",
    "KAKEHASHI_BLIND_INDEX_KEY": "b",
    "ALLOWED_HOSTS": "kakehashi.example",
    "DATABASE_URL": "postgres://kakehashi@db/kakehashi",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://kakehashi.example",
    "TRUSTED_PROXY_COUNT": "1",
}


def run(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key not in COMPLETE}
    # An empty STATIC_ROOT: a complete environment then stops at the missing static files, not later.
    return subprocess.run(
        [str(SCRIPT)],
        env={**base, "STATIC_ROOT": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("missing", list(COMPLETE))
def test_refuses_with_one_line_naming_the_missing_setting(missing: str, tmp_path: Path) -> None:
    env = {key: value for key, value in COMPLETE.items() if key != missing}
    result = run(env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"serve-production: {missing} " in result.stderr
    assert result.stdout == ""


def test_a_secret_may_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s" * 50)
    env = {key: value for key, value in COMPLETE.items() if key != "SECRET_KEY"}
    result = run({**env, "SECRET_KEY_FILE": str(secret)}, tmp_path)
    assert "SECRET_KEY" not in result.stderr
    # Every setting is there: what stops it now is the static files nobody collected.
    assert result.returncode == 2
    assert "run 'manage.py collectstatic --noinput' first" in result.stderr


def test_refuses_a_site_url_without_https(tmp_path: Path) -> None:
    result = run({**COMPLETE, "SITE_URL": "http://kakehashi.example"}, tmp_path)
    assert result.returncode == 2
    assert "SITE_URL must start with https://" in result.stderr


def fake_gunicorn(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for the interpreter (PYTHON) that writes down what it found in the metrics directory
    when started, then exits: the start-up path runs for real without starting a server."""
    seen = tmp_path / "seen"
    python = tmp_path / "python"
    # One line per process started: its arguments, then the directory's files at that moment. It stays a
    # moment: with role `all`, the first process to exit makes the script stop the others.
    python.write_text(
        f'#!/bin/sh\necho "$* :: $(ls -A "$PROMETHEUS_MULTIPROC_DIR" 2>&1 | tr "\\n" " ")" >> {seen}\nsleep 0.5\n'
    )
    python.chmod(0o755)
    static = tmp_path / "static"
    static.mkdir()
    (static / "staticfiles.json").write_text("{}")
    return python, seen


@pytest.mark.parametrize("role", ["all", "web"])
def test_the_metrics_directory_is_emptied_before_gunicorn_starts(role: str, tmp_path: Path) -> None:
    python, seen = fake_gunicorn(tmp_path)
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    for name in ("counter_123.db", "histogram_456.db"):  # a previous run's counts (prometheus-client)
        (metrics / name).write_bytes(b"\0" * 16)
    (metrics / "README").write_text("not a count: kept")
    env = {**COMPLETE, "PYTHON": str(python), "PROMETHEUS_MULTIPROC_DIR": str(metrics), "TASK_WORKERS": "0"}
    result = subprocess.run(
        [str(SCRIPT), role],
        env={**os.environ, "STATIC_ROOT": str(tmp_path / "static"), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    [gunicorn] = [line for line in seen.read_text().splitlines() if line.startswith("-m gunicorn")]
    assert gunicorn.split(" :: ")[1].split() == ["README"], result.stderr
    assert sorted(path.name for path in metrics.iterdir()) == ["README"]


def test_a_missing_metrics_directory_is_created(tmp_path: Path) -> None:
    python, seen = fake_gunicorn(tmp_path)
    metrics = tmp_path / "run" / "metrics"
    env = {**COMPLETE, "PYTHON": str(python), "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    subprocess.run(
        [str(SCRIPT), "web"],
        env={**os.environ, "STATIC_ROOT": str(tmp_path / "static"), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert metrics.is_dir()
    assert "gunicorn" in seen.read_text()


def test_a_worker_leaves_the_metrics_directory_alone(tmp_path: Path) -> None:
    # On a machine where gunicorn already runs, starting (or restarting) a task worker must not wipe the
    # web processes' live counts.
    python, seen = fake_gunicorn(tmp_path)
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    (metrics / "counter_123.db").write_bytes(b"\0" * 16)
    env = {**COMPLETE, "PYTHON": str(python), "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    subprocess.run(
        [str(SCRIPT), "worker"],
        env={**os.environ, "STATIC_ROOT": str(tmp_path / "static"), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert "db_worker" in seen.read_text()
    assert (metrics / "counter_123.db").exists()


@pytest.mark.parametrize("role", ["worker", "scheduler"])
def test_a_worker_or_the_scheduler_alone_creates_a_missing_metrics_directory(
    role: str, tmp_path: Path
) -> None:
    # prometheus-client opens a file there when the app is imported: without the directory, the process
    # would stop at once.
    python, seen = fake_gunicorn(tmp_path)
    metrics = tmp_path / "run" / "metrics"
    env = {**COMPLETE, "PYTHON": str(python), "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    subprocess.run(
        [str(SCRIPT), role],
        env={**os.environ, "STATIC_ROOT": str(tmp_path / "static"), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert "manage.py" in seen.read_text()
    assert metrics.is_dir()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "--max-requests 1000 --max-requests-jitter 100"),
        ("0", "--max-requests 0 --max-requests-jitter 0"),
    ],
)
def test_web_max_requests_sets_when_gunicorn_replaces_a_process(
    value: str | None, expected: str, tmp_path: Path
) -> None:
    python, seen = fake_gunicorn(tmp_path)
    env = {**COMPLETE, "PYTHON": str(python)} | ({"WEB_MAX_REQUESTS": value} if value else {})
    base = {key: val for key, val in os.environ.items() if key != "WEB_MAX_REQUESTS"}
    subprocess.run(
        [str(SCRIPT), "web"],
        env={**base, "STATIC_ROOT": str(tmp_path / "static"), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert expected in seen.read_text()


def test_refuses_a_web_max_requests_that_is_not_a_number(tmp_path: Path) -> None:
    result = run({**COMPLETE, "WEB_MAX_REQUESTS": "many"}, tmp_path)
    assert result.returncode == 2
    assert "WEB_MAX_REQUESTS must be a whole number" in result.stderr
