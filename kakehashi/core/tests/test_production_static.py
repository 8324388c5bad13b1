"""Static files in production mode: collectstatic succeeds, and the pages it serves find every file.

Finding 13.3: a vendored file named a source map that was not shipped, so collectstatic stopped half-way
and every page, the login page included, answered 500 ("Missing staticfiles manifest entry").
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client, override_settings

MANIFEST_STORAGE = "kakehashi.core.static_storage.GzipManifestStaticFilesStorage"


def production_env(static_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kakehashi.settings",
        "KAKEHASHI_PRODUCTION": "1",
        "SECRET_KEY": "test-" + "x" * 50,
        "KAKEHASHI_FIELD_KEYS": Fernet.generate_key().decode(),
        "KAKEHASHI_BLIND_INDEX_KEY": "test-blind-index-key",
        "ALLOWED_HOSTS": "testserver",
        "STATIC_ROOT": str(static_root),
    }


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A folder collectstatic creates itself, as on a fresh server.
    static_root = tmp_path_factory.mktemp("staticfiles") / "static"
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=settings.BASE_DIR,
        env=production_env(static_root),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return static_root


def test_collectstatic_in_production_mode_writes_the_manifest(collected: Path) -> None:
    assert (collected / "staticfiles.json").is_file()
    # Hashed and compressed copies, which nginx and whitenoise serve with a long cache life.
    assert list(collected.glob("vendor/chart.umd.min.*.js"))
    assert list(collected.glob("vendor/chart.umd.min.*.js.gz"))
    # No brotli copies: nginx's gzip_static sends the .gz, and nothing would send a .br.
    assert not list(collected.rglob("*.br"))


def test_collected_static_files_are_readable_by_the_web_server(collected: Path) -> None:
    # nginx's workers run as another user than the app: static files are public, unlike uploads (0600).
    unreadable = [
        str(path.relative_to(collected))
        for path in [collected, *collected.rglob("*")]
        if not path.stat().st_mode & (0o005 if path.is_dir() else 0o004)
    ]
    assert unreadable == []


@pytest.mark.django_db
def test_the_login_page_answers_with_the_manifest_storage(collected: Path) -> None:
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(STORAGES=storages, STATIC_ROOT=collected, DEBUG=False):
        response = Client().get("/accounts/login/")
    assert response.status_code == 200
    # The page links the hashed names from the manifest, not the source names.
    assert re.search(r"/static/css/[\w.-]+\.[0-9a-f]{12}\.css", response.content.decode())


def test_no_static_file_names_a_source_map_that_is_not_shipped() -> None:
    # Django's manifest storage rewrites sourceMappingURL comments and fails on a missing target: a newly
    # vendored file must ship its map or have the comment removed (see static/vendor/README.md).
    missing = []
    for path in Path(settings.BASE_DIR, "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for target in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(errors="replace")):
            if not target.startswith("data:") and not (path.parent / target).exists():
                missing.append(f"{path.relative_to(settings.BASE_DIR)} -> {target}")
    assert missing == []
