"""`manage.py restore_drill BACKUP`: restores a backup into a scratch database, compares it with the live
one (row counts, a sample of rows column by column, the media files), drops the scratch database, and
fails when something differs. Runs only on PostgreSQL (DATABASE_URL=postgres://...)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from tests.security.test_backup import psql, url

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups are of PostgreSQL; set DATABASE_URL"
    ),
]

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def backup(tmp_path: Path) -> tuple[Path, Path]:
    """A fresh backup of the test database (its committed rows: the demo program) and of a media dir."""
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "passport-scan.pdf").write_bytes(b"%PDF-1.4 test %%EOF")
    env = {**os.environ, "DATABASE_URL": url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(media)}
    out = subprocess.run(
        [str(ROOT / "scripts/backup"), str(tmp_path / "backups")],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    return Path(out), media


def drill_databases() -> list[str]:
    return psql(url("postgres"), "SELECT datname FROM pg_database WHERE datname LIKE '%\\_drill\\_%'").split()


def test_a_good_backup_passes_the_drill_and_the_scratch_database_is_dropped(backup):
    backup_dir, media = backup
    env = {
        **os.environ,
        "DATABASE_URL": url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "restore_drill", str(backup_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    assert lines["accounts_user"].split()[-1] == "ok"
    live_users, restored_users, sampled = lines["accounts_user"].split()[1:4]
    assert live_users == restored_users
    assert int(sampled) == min(20, int(live_users)) > 0
    assert "MISMATCH" not in done.stdout
    assert "(media" in done.stdout
    assert "The backup restores" in done.stdout
    assert drill_databases() == []


def test_a_row_changed_or_added_after_the_backup_is_a_mismatch(backup):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from kakehashi.accounts.models import Organization

    backup_dir, media = backup
    organization = Organization.objects.order_by("pk").first()
    Organization.objects.filter(pk=organization.pk).update(city="Renamed City")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="x.y",
        backend_name="default",
        run_after=timezone.now(),
    )
    out = io.StringIO()
    with override_settings(MEDIA_ROOT=media), pytest.raises(CommandError, match="differs") as failure:
        call_command("restore_drill", str(backup_dir), "--sample", "100000", stdout=out)
    table = {line.split()[0]: line for line in out.getvalue().splitlines() if line.strip()}
    assert "MISMATCH" in table["accounts_organization"]
    assert "differs in city" in table["accounts_organization"]
    assert "MISMATCH" in table["django_tasks_database_dbtaskresult"]
    assert "ok" in table["accounts_user"]
    assert "accounts_organization" in str(failure.value)
    # The output names columns, never the values (rows hold personal data).
    assert "Renamed City" not in out.getvalue()
    assert drill_databases() == []


def test_a_media_file_missing_from_the_backup_is_a_mismatch(backup):
    backup_dir, media = backup
    (media / "documents" / "added-later.pdf").write_bytes(b"%PDF")
    out = io.StringIO()
    with override_settings(MEDIA_ROOT=media), pytest.raises(CommandError, match="media"):
        call_command("restore_drill", str(backup_dir), stdout=out)
    assert "MISMATCH" in next(line for line in out.getvalue().splitlines() if line.startswith("(media"))
