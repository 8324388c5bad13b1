"""The read replica (kakehashi.core.db_router): reports and exports read from it, everything else and every
write go to the primary. No replica database exists in the tests: the router's choice is what is checked
(`QuerySet.db` asks the router without querying)."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections, router
from django.test import override_settings
from django.urls import reverse

from kakehashi.accounts.models import Program
from kakehashi.core import db_router
from kakehashi.core.db_router import REPLICA, ReplicaRouter, replica_reads
from kakehashi.programme.models import Expense

ROUTED = override_settings(DATABASE_ROUTERS=["kakehashi.core.db_router.ReplicaRouter"])


@ROUTED
def test_report_reads_go_to_the_replica_and_writes_to_the_primary() -> None:
    assert Expense.objects.all().db == "default"
    with replica_reads():
        assert Expense.objects.all().db == REPLICA
        assert Program.objects.filter(key="jica-dx-2024").db == REPLICA
        assert router.db_for_write(Expense) == "default"
        assert Expense.objects.all().select_for_update().db == "default"  # a read that locks is a write
    assert Expense.objects.all().db == "default"


@ROUTED
def test_reads_inside_a_transaction_on_the_primary_stay_there() -> None:
    # A report task records the period's figures, then gathers them: the replica may not have them yet.
    with mock.patch.object(connections["default"], "in_atomic_block", True), replica_reads():
        assert Expense.objects.all().db == "default"


def test_without_the_router_replica_reads_change_nothing() -> None:
    with replica_reads():
        assert Expense.objects.all().db == "default"


def test_migrations_and_relations() -> None:
    replica_router = ReplicaRouter()
    assert replica_router.allow_migrate("default", "programme") is True
    assert replica_router.allow_migrate(REPLICA, "programme") is False
    assert replica_router.allow_relation(Program(), Expense()) is True


@ROUTED
def test_the_iati_export_reads_from_the_replica(client_as) -> None:
    reads: list[tuple[str, bool]] = []
    original = ReplicaRouter.db_for_read

    def spy(self: ReplicaRouter, model: type, **hints: object) -> str | None:
        reads.append((model._meta.label, db_router._replica_reads.get()))
        return original(self, model, **hints)

    client = client_as("manager")
    with mock.patch.object(ReplicaRouter, "db_for_read", spy):
        response = client.get(reverse("programme:iati_export"))
    assert response.status_code == 200
    # Every read of the programme's figures goes to the replica (the program itself comes with the viewer,
    # read with the memberships before the export starts).
    programme_reads = [replica for label, replica in reads if label.startswith("programme.")]
    assert programme_reads
    assert all(programme_reads)


@pytest.mark.parametrize("url", ["", "postgres://reader@replica.internal:5432/kakehashi"])
def test_database_replica_url_adds_the_replica_and_the_router(url: str) -> None:
    code = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), getattr(settings, 'DATABASE_ROUTERS', []), "
        "settings.DATABASES.get('replica', {}).get('HOST'), settings.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kakehashi.settings", "DATABASE_REPLICA_URL": url}
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if url:
        assert output == (
            "['default', 'replica'] ['kakehashi.core.db_router.ReplicaRouter'] replica.internal default"
        )
    else:
        assert output == "['default'] [] None None"
