"""Benchmark of the one notification door across every channel: one event to 10,000 recipients, on SQLite
and PostgreSQL.

    .venv/bin/python bench/notification_fanout.py                          # both databases, 10,000 people
    .venv/bin/python bench/notification_fanout.py --databases sqlite --recipients 2000

Nothing leaves the machine: LINE, Messenger and the Web Push service are one fake HTTP server on
127.0.0.1 (`--port`, 8103 by default), run in its own process so that its work is not counted; email goes
to Django's dummy mailer (the cost of the platform, not of SMTP). PostgreSQL: a throw-away database
(`--postgres`, kk_fanout_bench on 127.0.0.1:5432 as postgres), created, migrated and dropped afterwards;
SQLite: a temporary file.

Each database runs in its own process: migrations, the accounts demo, RECIPIENTS people in the three
languages (a third with LINE linked, a third with Messenger linked, a quarter with a browser subscribed to
Web Push, a tenth with quiet hours all day, a tenth with only the in-app inbox for classes). Then, each with
its time, query count and peak Python memory (tracemalloc, measured on a second run of the same work with
another event, which would slow the timed run down):

1. `notify_many()` as a request or a scheduled job calls it, the sending task only enqueued (a dummy task
   backend): texts rendered once per language and time zone, the inbox rows and the delivery log written;
2. the sending task (`deliver_messages`): email, LINE, Messenger and Web Push (encrypted per browser and
   signed with VAPID), every delivery marked sent or failed.

The process's peak resident memory (getrusage) is printed last.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = "postgres://postgres@127.0.0.1:5432/kk_fanout_bench"


# --- the fake providers (their own process) ----------------------------------------------------------


class _Fake(BaseHTTPRequestHandler):
    """LINE's push, Messenger's Send API and a push service, answering as they do when all is well."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path.startswith("/push/"):
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"recipient_id": "x", "message_id": "m"}' if "/me/messages" in self.path else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def serve(port: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Fake)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()


# --- one database (its own process) ------------------------------------------------------------------


def measure(label: str, work: Callable[[], Any], again: Callable[[], Any]) -> Any:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = work()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    again()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  {label:<46} {seconds:8.2f} s {len(queries):6d} queries {peak / 2**20:8.1f} MiB peak", flush=True
    )
    return result


def _vapid_keys() -> tuple[str, str, str]:
    """A VAPID key pair (as WEBPUSH_VAPID_*), and a browser's public key for the subscriptions."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    def b64url(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    def point(key: ec.EllipticCurvePrivateKey) -> str:
        return b64url(
            key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    server = ec.generate_private_key(ec.SECP256R1())
    private = server.private_numbers().private_value.to_bytes(32, "big")
    return b64url(private), point(server), point(ec.generate_private_key(ec.SECP256R1()))


def run(database: str, recipients: int, fake: str) -> None:
    from datetime import time as clock

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    private, public, browser = _vapid_keys()
    channels_on = override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}},
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}},
        LINE_CHANNEL_ACCESS_TOKEN=secrets.token_hex(16),  # the fake server checks none
        LINE_CHANNEL_SECRET=secrets.token_hex(16),  # the fake server checks none
        LINE_API_BASE=fake,
        MESSENGER_PAGE_ACCESS_TOKEN=secrets.token_hex(16),  # the fake server checks none
        MESSENGER_APP_SECRET=secrets.token_hex(16),  # the fake server checks none
        MESSENGER_API_BASE=fake,
        WEBPUSH_VAPID_PRIVATE_KEY=private,
        WEBPUSH_VAPID_PUBLIC_KEY=public,
    )
    channels_on.enable()
    call_command("migrate", verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Membership, Organization, Program, User
    from kakehashi.accounts.roles import Role
    from kakehashi.notifications.models import ChatLink, Delivery, Preference, PushSubscription
    from kakehashi.notifications.services import Announcement, notify_many
    from kakehashi.notifications.tasks import deliver_messages

    accounts_demo.load()
    program = Program.objects.get(key="jica-dx-2024")
    college = Organization.objects.get(key="must-kosen")
    company = Organization.objects.get(key="nagaoka-seiki")
    languages = ["mn", "ja", "en"]
    User.objects.bulk_create(
        [
            User(email=f"fan{i}@example.com", name_latin=f"Person {i}", preferred_language=languages[i % 3])
            for i in range(recipients)
        ],
        batch_size=1000,
    )
    people = list(User.objects.filter(email__startswith="fan").order_by("pk"))
    # Mongolian speakers at the college (Ulaanbaatar), the others at a company in Japan (Tokyo).
    Membership.objects.bulk_create(
        [
            Membership(
                user=u,
                organization=college if u.preferred_language == "mn" else company,
                program=program,
                role=Role.STUDENT if u.preferred_language == "mn" else Role.MENTOR,
            )
            for u in people
        ],
        batch_size=1000,
    )
    Preference.objects.bulk_create(
        [Preference(user=u, quiet_from=clock(0, 0), quiet_until=clock(23, 59)) for u in people[::10]]
        + [Preference(user=u, channels={"learning": ["inapp"]}) for u in people[5::10]],
        batch_size=1000,
    )
    ChatLink.objects.bulk_create(
        [ChatLink(user=u, channel="line", external_id=f"U{u.pk:032x}") for u in people[1::3]]
        + [ChatLink(user=u, channel="messenger", external_id=f"{10**15 + u.pk}") for u in people[0::3]],
        batch_size=1000,
    )
    PushSubscription.objects.bulk_create(
        [
            PushSubscription(
                user=u, endpoint=f"{fake}/push/{u.pk}", p256dh=browser, auth="c2VjcmV0c2VjcmV0MTIzNA"
            )
            for u in people[::4]
        ],
        batch_size=1000,
    )
    vendor = connection.vendor
    print(f"One event to {len(people):,} recipients ({vendor}, {Path(__file__).name})", flush=True)

    when = datetime(2030, 3, 10, 1, 0, tzinfo=UTC)

    def fan_out(event: str) -> Any:
        context = {
            "title": "Online lecture from Nagaoka",
            "starts_at": when,
            "where": "https://meet.example.org/x",
            "assignment": "Sensor report",
            "due_at": when,
        }
        with transaction.atomic():
            return notify_many(
                [Announcement(people, event, context, url="/learning/schedule/", about=event)]
            )[0]

    first = measure(
        "1. notify_many() (inbox + delivery log)",
        lambda: fan_out("learning.class_tomorrow"),
        lambda: fan_out("learning.assignment_due"),
    )
    second = list(
        Delivery.objects.filter(event="learning.assignment_due")
        .values_list("message_id", flat=True)
        .distinct()
    )
    measure(
        "2. the sending task (email, LINE, Messenger, Push)",
        lambda: deliver_messages.call(first.message_ids),
        lambda: deliver_messages.call(second),
    )
    rows = (
        Delivery.objects.filter(event="learning.class_tomorrow")
        .values("channel", "status")
        .annotate(n=Count("pk"))
        .order_by("channel", "status")
    )
    summary = ", ".join(f"{r['channel']} {r['status']} {r['n']:,}" for r in rows)
    print(f"  deliveries of one run: {summary}")
    print(
        f"  inbox rows of one run: {first.recipients:,} people reached; {len(first.message_ids)} rendered messages"
    )
    import resource

    print(
        f"  process peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    failed = Delivery.objects.filter(event="learning.class_tomorrow", status="failed").first()
    if failed is not None:
        print(f"  a failure's reason: {failed.channel}: {failed.reason}")
    channels_on.disable()
    connection.close()


def child(database: str, recipients: int, fake: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    run(database, recipients, fake)


# --- the driver ---------------------------------------------------------------------------------------


def _postgres(url: str, create: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    fake = f"http://127.0.0.1:{args.port}"
    if args.serve:
        serve(args.port)
        return
    if args.child:
        child(args.child, args.recipients, fake)
        return
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--port", str(args.port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "ready"
        for database in args.databases.split(","):
            with tempfile.TemporaryDirectory() as folder:
                env = {**os.environ, "KAKEHASHI_VAR_DIR": folder}
                if database == "postgres":
                    _postgres(args.postgres, create=True)
                    env["DATABASE_URL"] = args.postgres
                else:
                    env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
                try:
                    command = [
                        sys.executable,
                        __file__,
                        "--child",
                        database,
                        "--recipients",
                        str(args.recipients),
                    ]
                    subprocess.run([*command, "--port", str(args.port)], env=env, check=True)
                finally:
                    if database == "postgres":
                        _postgres(args.postgres, create=False)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
