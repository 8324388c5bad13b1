"""The test database copied between processes (kakehashi.core.testing.template_db)."""

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from kakehashi.accounts.models import User
from kakehashi.core.testing import template_db


def test_the_copy_holds_every_migration_applied_and_the_demos(db: None) -> None:
    # The data-migration tests move through this history: a copy without it would fail them.
    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    applied = set(MigrationRecorder(connection).applied_migrations())
    assert set(graph.nodes) <= applied
    assert User.objects.filter(email__endswith="@demo.kakehashi.example").count() > 10


def test_the_fingerprint_changes_with_a_source_file_and_with_the_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_db, "ROOT", tmp_path)
    source = tmp_path / "kakehashi"
    (source / "tests").mkdir(parents=True)
    model = source / "models.py"
    model.write_text("A = 1\n")
    monkeypatch.setattr(template_db, "SOURCES", [source])
    first = template_db.fingerprint(connection)

    (source / "tests" / "test_models.py").write_text("B = 2\n")  # a test makes no database content
    assert template_db.fingerprint(connection) == first
    model.write_text("A = 2\n")
    assert template_db.fingerprint(connection) != first
    model.write_text("A = 1\n")
    assert template_db.fingerprint(connection) == first
    with override_settings(KAKEHASHI_BLIND_INDEX_KEY="another key"):
        assert template_db.fingerprint(connection) != first
