"""`manage.py restore_drill BACKUP`: prove a backup restores, by restoring it and comparing it with live.

Restores BACKUP (a directory made by scripts/backup) with scripts/restore into a new scratch PostgreSQL
database and a scratch media directory, then, table by table, compares the row count and a random sample
of rows (by primary key, column by column) with the live database, and the media files with MEDIA_ROOT.
Prints one line a table, drops the scratch database, and exits 1 when anything differs.

Run it right after a backup (scripts/backup && manage.py restore_drill <that directory>): rows written in
between are differences too. Tables that change every minute can be left out with --exclude.
The output names tables and columns, never values: the rows hold personal data.
"""

import os
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


@dataclass
class TableResult:
    table: str
    live: int
    restored: int | None
    sampled: int = 0
    differing: int = 0
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.restored == self.live and self.differing == 0


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Command(BaseCommand):
    help = "Restore a backup into a scratch PostgreSQL database and compare it with the live one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="A backup directory made by scripts/backup.")
        parser.add_argument("--sample", type=int, default=20, help="Rows compared per table (default 20).")
        parser.add_argument(
            "--exclude", action="append", default=[], metavar="TABLE", help="A table not to compare."
        )
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database to look into.")

    def handle(
        self, *args: Any, backup: str, sample: int, exclude: list[str], keep: bool, **options: Any
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The restore drill needs PostgreSQL (backups are pg_dump files).")
        backup_dir = Path(backup)
        if not (backup_dir / "database.dump").is_file():
            raise CommandError(f"{backup_dir} is not a backup made by scripts/backup (no database.dump).")
        live = connection.settings_dict
        scratch_name = f"{live['NAME'][:40]}_drill_{uuid.uuid4().hex[:8]}"
        self._admin("CREATE DATABASE {}", scratch_name)
        scratch = None
        try:
            with tempfile.TemporaryDirectory(prefix="restore-drill-") as media:
                self._restore(backup_dir, scratch_name, Path(media))
                # A second connection of the same backend, so that both sides read values as the same types.
                backend = type(connections[DEFAULT_DB_ALIAS])
                scratch = backend({**live, "NAME": scratch_name}, alias="restore_drill")
                restored_tables = set(self._tables(scratch))
                results = [
                    self._compare_table(table, scratch, restored_tables, sample)
                    for table in self._tables(connection)
                    if table not in exclude
                ]
                media_result = self._compare_media(Path(media))
        finally:
            try:
                if scratch is not None:
                    scratch.close()
            finally:
                self._drop_unless(keep, scratch_name)
        self._print([*results, media_result])
        failed = [result.table for result in [*results, media_result] if not result.ok]
        if failed:
            raise CommandError(f"The restored backup differs from the live data in: {', '.join(failed)}.")
        self.stdout.write(
            self.style.SUCCESS(f"The backup restores: {len(results)} tables and the media match.")
        )

    def _drop_unless(self, keep: bool, scratch_name: str) -> None:
        if keep:
            self.stdout.write(f"Kept the scratch database {scratch_name}.")
        else:
            self._admin("DROP DATABASE IF EXISTS {}", scratch_name)

    def _url(self, name: str) -> str:
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"

    def _admin(self, statement: LiteralString, name: str) -> None:
        """CREATE/DROP DATABASE, which cannot run inside a transaction: on the maintenance database."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self._url("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL(statement).format(sql.Identifier(name)))

    def _restore(self, backup_dir: Path, scratch_name: str, media: Path) -> None:
        env = {**os.environ, "DATABASE_URL": self._url(scratch_name), "MEDIA_ROOT": str(media)}
        done = subprocess.run(  # noqa: S603 - our own script, arguments not from a shell
            [str(SCRIPTS / "restore"), str(backup_dir)], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise CommandError(f"scripts/restore failed: {done.stderr.strip()}")

    def _tables(self, db: BaseDatabaseWrapper) -> list[str]:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
            return [row[0] for row in cursor.fetchall()]

    def _columns(self, db: BaseDatabaseWrapper, table: str) -> tuple[list[str], str | None]:
        """The table's columns, and its primary key when it is a single column."""
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                [table],
            )
            columns = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary",
                [quote(table)],
            )
            keys = [row[0] for row in cursor.fetchall()]
        return columns, keys[0] if len(keys) == 1 else None

    def _count(self, db: BaseDatabaseWrapper, table: str) -> int:
        with db.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 - a quoted table name
            return int(cursor.fetchone()[0])

    def _rows(self, db: BaseDatabaseWrapper, table: str, columns: list[str], key: str, keys: list) -> dict:
        select = ", ".join(quote(column) for column in columns)
        with db.cursor() as cursor:
            cursor.execute(
                f"SELECT {select} FROM {quote(table)} WHERE {quote(key)} = ANY(%s)",  # noqa: S608
                [keys],
            )
            position = columns.index(key)
            return {row[position]: row for row in cursor.fetchall()}

    def _compare_table(
        self, table: str, scratch: BaseDatabaseWrapper, restored_tables: set[str], sample: int
    ) -> TableResult:
        result = TableResult(table, live=self._count(connection, table), restored=None)
        if table not in restored_tables:
            result.note = "missing from the backup"
            return result
        result.restored = self._count(scratch, table)
        columns, key = self._columns(connection, table)
        restored_columns, _key = self._columns(scratch, table)
        if restored_columns != columns:
            result.differing = 1
            result.note = "columns differ"
            return result
        if key is None:
            result.note = "no single-column primary key: counted only"
            return result
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(key)} FROM {quote(table)} ORDER BY random() LIMIT %s",  # noqa: S608
                [sample],
            )
            keys = [row[0] for row in cursor.fetchall()]
        live_rows = self._rows(connection, table, columns, key, keys)
        restored_rows = self._rows(scratch, table, columns, key, keys)
        result.sampled = len(keys)
        differing_columns: set[str] = set()
        for pk in keys:
            mine, theirs = live_rows.get(pk), restored_rows.get(pk)
            if theirs is None or mine is None:
                result.differing += 1
                differing_columns.add("(row missing)")
            elif mine != theirs:
                result.differing += 1
                differing_columns.update(c for c, a, b in zip(columns, mine, theirs, strict=True) if a != b)
        if differing_columns:
            result.note = "differs in " + ", ".join(sorted(differing_columns))
        return result

    def _compare_media(self, restored: Path) -> TableResult:
        """The live files through the storage API (the disk or the bucket), the restored ones on disk."""
        from django.core.files.storage import default_storage

        from kakehashi.core.management.commands.media_archive import stored_names

        def files(root: Path) -> dict[str, int]:
            if not root.is_dir():
                return {}
            return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}

        try:
            mine = {name: default_storage.size(name) for name in stored_names(default_storage)}
        except FileNotFoundError:  # no file was ever uploaded to the local disk
            mine = {}
        theirs = files(restored)
        differing = sum(1 for name in mine.keys() | theirs.keys() if mine.get(name) != theirs.get(name))
        return TableResult(
            "(media files)",
            live=len(mine),
            restored=len(theirs),
            sampled=len(mine),
            differing=differing,
            note="name or size differs" if differing else "",
        )

    def _print(self, results: list[TableResult]) -> None:
        width = max(len(result.table) for result in results)
        header = f"{'table':<{width}}  {'live':>8}  {'restored':>8}  {'sampled':>7}  {'differ':>6}  result"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            restored = "-" if r.restored is None else str(r.restored)
            verdict = self.style.SUCCESS("ok") if r.ok else self.style.ERROR("MISMATCH")
            note = f"  {r.note}" if r.note else ""
            self.stdout.write(
                f"{r.table:<{width}}  {r.live:>8}  {restored:>8}  {r.sampled:>7}  {r.differing:>6}  {verdict}{note}"
            )
