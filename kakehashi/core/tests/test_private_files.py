"""Keys, the SQLite database and uploads are readable by the platform's own user alone (issue 13): var/
0700, the key files and the database 0600, created with that mode; uploads 0600 in 0700 folders."""

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from kakehashi.core.private_files import private_directory, private_sqlite_file, private_text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 0: a file made with the default mode would come out 0666, so only the mode given at
    creation can make it 0600."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_a_new_key_file_is_made_0600_in_a_0700_folder(tmp_path: Path) -> None:
    var = tmp_path / "var"
    assert private_text(var / "field_keys", lambda: "the key") == "the key"
    assert mode(var) == 0o700
    assert mode(var / "field_keys") == 0o600
    assert private_text(var / "field_keys", lambda: "another key") == "the key"  # made once


def test_what_an_older_checkout_left_readable_is_narrowed(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    (var / "secret_key").write_text("old")
    (var / "secret_key").chmod(0o644)
    assert private_text(var / "secret_key", lambda: "new") == "old"
    assert (mode(var), mode(var / "secret_key")) == (0o700, 0o600)
    private_directory(var)
    assert mode(var) == 0o700


def test_the_settings_keep_var_and_its_keys_private() -> None:
    var = Path(settings.VAR_DIR)
    assert mode(var) == 0o700
    for name in ("secret_key", "field_keys", "blind_index_key"):
        assert mode(var / name) == 0o600, name


@pytest.mark.usefixtures("open_umask")
def test_a_new_sqlite_database_and_its_wal_files_are_0600(tmp_path: Path) -> None:
    database = tmp_path / "var" / "kakehashi.sqlite3"
    private_sqlite_file(database)
    assert mode(database.parent) == 0o700
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("create table t (x)")
        connection.execute("insert into t values (1)")
        connection.commit()
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    finally:
        connection.close()


def test_memory_databases_and_uris_are_left_alone(tmp_path: Path) -> None:
    private_sqlite_file(":memory:")
    private_sqlite_file(f"file:{tmp_path}/x?mode=memory")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("open_umask")
def test_uploads_are_0600_in_0700_folders(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    name = FileSystemStorage().save("learning/submissions/cv.pdf", ContentFile(b"%PDF-1.4 a CV"))
    stored = tmp_path / "media" / name
    assert mode(stored) == 0o600
    for folder in (tmp_path / "media", tmp_path / "media" / "learning", stored.parent):
        assert mode(folder) == 0o700, folder
