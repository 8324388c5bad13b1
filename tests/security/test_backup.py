"""scripts/backup then scripts/restore into a new database: every table comes back, row for row.

Runs only on PostgreSQL (CI runs the suite there too: DATABASE_URL=postgres://...)."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def psql(database_url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", database_url, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def fingerprint(database_url: str) -> dict[str, str]:
    """Each table's row count and an MD5 of its rows in a stable order, read through a fresh connection."""
    tables = psql(
        database_url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY 1",
    ).split()
    result = {}
    for table in tables:
        result[table] = psql(
            database_url,
            f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "  # noqa: S608
            f'FROM "{table}" t',
        )
    return result


@pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are of PostgreSQL; set DATABASE_URL")
def test_backup_and_restore_give_back_every_table_and_file(tmp_path):
    source = url(connection.settings_dict["NAME"])
    target_name = f"kakehashi_restore_{uuid.uuid4().hex[:8]}"
    admin = url("postgres")
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "passport-scan.pdf").write_bytes(b"%PDF-1.4 test %%EOF")
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    out = subprocess.run(
        [str(ROOT / "scripts/backup"), str(tmp_path / "backups")],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    backup = Path(out)
    assert (backup / "database.dump").stat().st_size > 0
    psql(admin, f'CREATE DATABASE "{target_name}"')
    try:
        restored_media = tmp_path / "restored-media"
        env = {**os.environ, "DATABASE_URL": url(target_name), "MEDIA_ROOT": str(restored_media)}
        subprocess.run([str(ROOT / "scripts/restore"), str(backup)], check=True, capture_output=True, env=env)
        before, after = fingerprint(source), fingerprint(url(target_name))
        assert len(before) > 20
        assert before == after
        assert (restored_media / "documents" / "passport-scan.pdf").read_bytes() == b"%PDF-1.4 test %%EOF"
        # A restore into a database that has tables is refused.
        again = subprocess.run([str(ROOT / "scripts/restore"), str(backup)], capture_output=True, env=env)
        assert again.returncode == 2
    finally:
        psql(admin, f'DROP DATABASE IF EXISTS "{target_name}"')
