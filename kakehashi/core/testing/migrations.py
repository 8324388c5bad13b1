"""Move the test database to a migration and back, to test data migrations on real rows.

Use in a `@pytest.mark.django_db(transaction=True)` test (schema changes cannot run inside the test's
transaction); `migrate_back_to_latest()` afterwards so later tests find the schema they expect. Mark the test
`@pytest.mark.data_migration`: moving through the history takes up to a minute and a half of a slow
machine, so CI runs these tests once, on PostgreSQL, the database of production (`make test` runs them on
SQLite too).
"""

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(*targets: tuple[str, str]) -> Any:
    """Applies or unapplies migrations until each (app, migration) is the latest applied; returns the
    historical apps registry of that state (models as they were then)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def migrate_back_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
