"""Files only the platform's own user may read: var/, the development keys, the SQLite database.

Imported by the settings, so nothing here may import Django. Files are created with their mode
(`os.open(..., 0o600)`), never made first and narrowed afterwards, which would leave a moment in which
another user could open them. What an older checkout left readable is narrowed when found.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def _narrow(path: Path, mode: int) -> None:
    if stat.S_IMODE(path.stat().st_mode) & ~mode:
        path.chmod(mode)


def private_directory(path: Path) -> Path:
    """Make `path` (and missing parents, as the platform's own) with mode 0700; narrow it if it exists."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    _narrow(path, DIRECTORY_MODE)
    return path


def private_text(path: Path, make: Callable[[], str]) -> str:
    """The text of `path`, created (0600, in a 0700 directory) with `make()` when missing."""
    private_directory(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        _narrow(path, FILE_MODE)
    else:
        with os.fdopen(fd, "w") as file:
            file.write(make())
    return path.read_text().strip()


def private_sqlite_file(name: object) -> None:
    """Create the SQLite database file empty with mode 0600 before SQLite does (it would use 0644);
    SQLite gives its -wal and -shm files the database file's mode. Narrows an existing one."""
    if not isinstance(name, str | Path) or str(name) in ("", ":memory:") or str(name).startswith("file:"):
        return
    path = Path(name)
    if not path.parent.exists():
        private_directory(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        for existing in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            if existing.exists():
                _narrow(existing, FILE_MODE)
