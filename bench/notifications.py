"""Benchmark of the one notification door: one event fanned out to 10,000 recipients.

    .venv/bin/python bench/notifications.py                     # 10,000 recipients
    .venv/bin/python bench/notifications.py --recipients 2000

Builds a throw-away SQLite database (migrations, the accounts demo), adds RECIPIENTS students in the three
languages (a tenth with quiet hours, a tenth with email turned off for rounds), then measures, each with its
time, query count and peak Python memory (tracemalloc):
1. `notify()` as a request calls it: texts rendered once per language, the inbox rows and the delivery log
   written (email queued);
2. the delivery task sending the queued emails (the locmem mailer: the cost of the platform, not of SMTP);
3. the inbox page and its unread count for one of the recipients.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        run(args.recipients)


def measure(label: str, work: Callable[[], Any], again: Callable[[], Any]) -> Any:
    """Time and queries of `work`; peak Python memory of `again` (the same work once more, under
    tracemalloc, which would slow the timed run down)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # a request clears it when it starts: the count begins at zero
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = work()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    again()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {seconds:8.2f} s {len(queries):6d} queries {peak / 2**20:8.1f} MiB peak")
    return result


def run(recipients: int) -> None:
    from datetime import time as clock

    from django.core import mail
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Membership, Organization, Program, User
    from kakehashi.accounts.roles import Role
    from kakehashi.notifications.models import Delivery, Notification, Preference
    from kakehashi.notifications.services import deliver, notify

    accounts_demo.load()
    program = Program.objects.get(key="jica-dx-2024")
    college = Organization.objects.get(key="must-kosen")
    languages = ["mn", "ja", "en"]
    User.objects.bulk_create(
        [
            User(
                email=f"bench{i}@example.com",
                name_latin=f"Student {i}",
                preferred_language=languages[i % 3],
            )
            for i in range(recipients)
        ],
        batch_size=1000,
    )
    people = list(User.objects.filter(email__startswith="bench").order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, organization=college, program=program, role=Role.STUDENT) for u in people],
        batch_size=1000,
    )
    Preference.objects.bulk_create(
        [Preference(user=u, quiet_from=clock(0, 0), quiet_until=clock(23, 59)) for u in people[::10]]
        + [Preference(user=u, channels={"rounds": ["inapp"]}) for u in people[5::10]],
        batch_size=1000,
    )
    print(f"One event to {len(people):,} recipients (SQLite, {Path(__file__).name})")

    def fan_out(event: str) -> Any:
        # The task is only enqueued here (a dummy backend), as a request leaves it to the worker.
        dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        with override_settings(TASKS=dummy), transaction.atomic():
            return notify(people, event, {"round": "2026-03", "phase": "Applications"}, url="/rounds/")

    fanout = measure(
        "1. notify() in the request (inbox + log)",
        lambda: fan_out("internships.result_published"),
        lambda: fan_out("internships.deadline"),
    )
    mail.outbox.clear()
    later = Notification.objects.filter(event="internships.deadline").values("pk")
    second = list(
        Delivery.objects.filter(notification__in=later).values_list("message_id", flat=True).distinct()
    )
    sent = measure(
        "2. the delivery task (emails sent)",
        lambda: deliver(message_ids=fanout.message_ids),
        lambda: deliver(message_ids=second),
    )
    client = Client()
    client.force_login(people[0])
    warm = client.get("/notifications/")  # templates compiled, caches filled: the page as people see it
    assert warm.status_code == 200, warm.status_code

    def page() -> Any:
        with transaction.atomic():  # as bench/pages.py: the request's connection stays open and counted
            return client.get("/notifications/")

    response = measure("3. the inbox page of one recipient", page, page)
    assert response.status_code == 200, response.status_code
    assert "2026-03" in response.content.decode()
    print(
        f"   inbox rows {Notification.objects.count():,}; deliveries {Delivery.objects.count():,}; "
        f"emails sent by step 2 {sent:,}; held by quiet hours (each run) "
        f"{Delivery.objects.filter(status='queued').count() // 2:,}; rendered messages {len(fanout.message_ids)}"
    )


if __name__ == "__main__":
    main()
