"""`insert_rows`: append-only rows from plain values, written as `bulk_create` would write them."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from kakehashi.accounts.models import User
from kakehashi.core import cached_figures, table_writes
from kakehashi.core.bulk import insert_rows, insert_rows_with_ids
from kakehashi.notifications.models import Delivery, Message, Notification, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def message() -> Message:
    return Message.objects.create(event="test.event", language="en", zone="Asia/Tokyo", short="Hello")


def test_fields_a_row_leaves_out_get_their_defaults_and_now(
    message: Message, demo_user: Callable[[str], User]
) -> None:
    now = timezone.now() - timedelta(minutes=5)
    student = demo_user("student")
    written = insert_rows(
        Delivery,
        [
            {
                "message_id": message.pk,
                "event": "test.event",
                "channel": "email",
                "recipient_id": student.pk,
                "not_before": now,
            }
        ],
        now=now,
    )
    assert written == 1
    delivery = Delivery.objects.get(message=message)
    assert delivery.recipient == student
    assert (delivery.status, delivery.urgency, delivery.reason, delivery.attempts) == (
        Status.QUEUED,
        "normal",
        "",
        0,
    )
    assert delivery.queued_at == now  # auto_now_add: the moment given
    assert delivery.address is None
    assert delivery.sent_at is None
    assert delivery.notification is None


def test_an_encrypted_field_is_encrypted(message: Message) -> None:
    insert_rows(
        Delivery,
        [
            {
                "message_id": message.pk,
                "event": "test.event",
                "channel": "email",
                "address": "nomin@example.mn",
                "not_before": timezone.now(),
            }
        ],
    )
    assert Delivery.objects.get(message=message).address == "nomin@example.mn"
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM notifications_delivery WHERE message_id = %s", [message.pk])
        stored = cursor.fetchone()[0]
    assert "nomin" not in str(stored)


def test_many_rows_go_in_batches_and_a_wrong_column_is_refused(message: Message) -> None:
    moment = timezone.now()
    rows = [
        {
            "message_id": message.pk,
            "event": "test.event",
            "channel": "inapp",
            "about": f"n:{i}",
            "not_before": moment,
        }
        for i in range(2500)
    ]
    assert insert_rows(Delivery, rows) == 2500
    assert Delivery.objects.filter(message=message).count() == 2500
    assert set(Delivery.objects.filter(message=message).values_list("about", flat=True)) == {
        f"n:{i}" for i in range(2500)
    }
    with pytest.raises(ValueError, match="recipient"):
        insert_rows(Delivery, [{"message_id": message.pk, "recipient": 1}])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's COPY")
def test_on_postgresql_the_rows_go_by_copy_and_the_tables_figures_are_forgotten(message: Message) -> None:
    sent: list[str] = []

    def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.append(sql)
        return execute(sql, params, many, context)

    table_writes.watch("test-bulk", {Delivery._meta.db_table})
    before = cached_figures.key_of("test-bulk", ())
    moment = timezone.now()
    rows = [{"message_id": message.pk, "event": "e", "channel": "inapp", "not_before": moment}] * 800
    with connection.execute_wrapper(keep):
        insert_rows(Delivery, rows)
    assert sent == []  # no INSERT statement: COPY
    assert Delivery.objects.filter(message=message).count() == 800
    assert cached_figures.key_of("test-bulk", ()) != before


def test_rows_with_ids_come_back_in_order(demo_user: Callable[[str], User]) -> None:
    people = [demo_user(role) for role in ("student", "teacher", "company")]
    ids = insert_rows_with_ids(
        Notification,
        [
            {"user_id": person.pk, "event": "e", "text": f"note {i}", "about": "x"}
            for i, person in enumerate(people)
        ],
    )
    assert len(set(ids)) == 3
    notes = Notification.objects.in_bulk(ids)
    assert [(notes[pk].user_id, notes[pk].text) for pk in ids] == [
        (person.pk, f"note {i}") for i, person in enumerate(people)
    ]
    assert all(note.created_at is not None for note in notes.values())
    # The table's own sequence goes on after them: a row saved next gets a new key.
    later = Notification.objects.create(user=people[0], event="e", text="later")
    assert later.pk not in ids
    assert insert_rows_with_ids(Notification, []) == []
