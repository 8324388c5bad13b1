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
