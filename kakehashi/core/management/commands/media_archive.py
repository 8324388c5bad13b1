"""`manage.py media_archive export|import FILE.tar.gz`: every uploaded and generated file, to or from a tar
archive, through the configured storage: the local disk or an object store's bucket alike.

scripts/backup and scripts/restore use it when object storage is configured (on the local disk they tar
MEDIA_ROOT directly). An import goes into an empty storage only, as a restore goes into an empty database:
a file already there is never replaced.
"""

import tarfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage`, folder by folder (listdir works on the disk and on S3)."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _safe(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(f"The archive holds a path outside the storage: {name!r}.")
    return path.as_posix()


class Command(BaseCommand):
    help = "Export every stored file to a tar.gz archive, or import one into an empty storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("archive", help="the .tar.gz file to write or read")

    def handle(self, *args: Any, action: str, archive: str, **options: Any) -> None:
        count = self._export(archive) if action == "export" else self._import(archive)
        self.stdout.write(f"{action}ed {count} files")

    def _export(self, archive: str) -> int:
        count = 0
        with tarfile.open(archive, "w:gz") as tar:
            for name in stored_names(default_storage):
                with default_storage.open(name, "rb") as file:
                    content = file.read()
                info = tarfile.TarInfo(name)
                info.size = len(content)
                info.mode = 0o600
                tar.addfile(info, BytesIO(content))
                count += 1
        return count

    def _import(self, archive: str) -> int:
        count = 0
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                name = _safe(member.name.removeprefix("./"))
                if default_storage.exists(name):
                    raise CommandError(f"{name} is already stored: import into an empty storage.")
                source = tar.extractfile(member)
                if source is None:
                    continue
                saved = default_storage.save(name, ContentFile(source.read()))
                if saved != name:
                    raise CommandError(f"{name} was stored as {saved}: import into an empty storage.")
                count += 1
        return count
