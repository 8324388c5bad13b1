"""`notify_many`: many events through the one door at once write exactly what as many `notify()` calls
would (the same people, texts, channels, quiet hours and delivery log), with a fixed number of queries
and one sending task."""

from datetime import UTC, datetime, time
from types import SimpleNamespace

import pytest
from django.db import transaction
from freezegun import freeze_time

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.notifications import services
from kakehashi.notifications import tasks as notification_tasks
from kakehashi.notifications.events import EVENTS
from kakehashi.notifications.models import Delivery, Message, Notification
from kakehashi.notifications.services import Address, Announcement, notify, notify_many

pytestmark = pytest.mark.django_db
# 23:30 in Ulaanbaatar: inside the teacher's quiet hours.
QUIET = datetime(2026, 12, 6, 15, 30, tzinfo=UTC)


def _announcements(demo_user) -> list[Announcement]:
    student, company, teacher, safety = (demo_user(r) for r in ("student", "company", "teacher", "safety"))
    User.objects.filter(pk=student.pk).update(preferred_language="mn")
    User.objects.filter(pk=company.pk).update(preferred_language="ja")
    student.refresh_from_db()
    company.refresh_from_db()
    services.preference_save(
        viewer=build_viewer(teacher),
        channels={},
        quiet_from=time(22, 0),
        quiet_until=time(7, 0),
        time_zone="Asia/Ulaanbaatar",
    )
    # The safety officer reads rounds in the app only (safety still comes by every channel).
    services.preference_save(viewer=build_viewer(safety), channels={"rounds": ["inapp"]})
    when = datetime(2026, 12, 15, 1, 0, tzinfo=UTC)
    return [
        Announcement(
            [student, company, teacher, safety],
            "internships.result_published",
            {"round": "R"},
            "/r/",
            "round:1",
        ),
        # A job offer is for students only: the company administrator is left out.
        Announcement([student, company], "careers.offer_made", EVENTS["careers.offer_made"].sample()),
        Announcement(
            [teacher, safety],
            "operations.missed_checkin",
            {"intern": "Nomin", "level": 0, "link": "/"},
            "/a/",
            "alert:1:0",
        ),
        Announcement(
            [student, company], "internships.interpreter_cleared", {"place": "P", "starts_at": when}
        ),
        Announcement(
            [Address("new@example.com", "ja")], "accounts.invitation", EVENTS["accounts.invitation"].sample()
        ),
        Announcement([teacher], "internships.result_published", {"round": "R2"}, "/r2/", "round:2"),
    ]


def _written() -> tuple[list[tuple], list[tuple], list[tuple]]:
    notifications = sorted(Notification.objects.values_list("user_id", "event", "text", "url", "about"))
    deliveries = sorted(
        (
            d.recipient_id or 0,
            d.address or "",
            d.event,
            d.channel,
            d.status,
            d.not_before,
            d.about,
            d.urgency,
            d.message.language,
            d.message.zone,
            d.message.subject,
            d.message.body,
            d.message.short,
        )
        for d in Delivery.objects.select_related("message")
    )
    linked = sorted(
        Delivery.objects.filter(channel="inapp").values_list("recipient_id", "notification__text")
    )
    return notifications, deliveries, linked


def test_many_at_once_write_what_one_by_one_writes(demo_user) -> None:
    with freeze_time(QUIET):
        announcements = _announcements(demo_user)
        with transaction.atomic():
            one_by_one = [
                notify(a.recipients, a.event, a.context, url=a.url, about=a.about) for a in announcements
            ]
            expected = _written()
            transaction.set_rollback(True)
        at_once = notify_many(announcements)
        assert _written() == expected
    assert expected[0]
    assert expected[1]
    held = [d for d in expected[1] if d[4] == "queued" and d[5] > QUIET]
    assert held, "the teacher's email waits for the end of the quiet hours"
    assert [len(f) for f in at_once] == [len(f) for f in one_by_one]
    assert [f.queued for f in at_once] == [f.queued for f in one_by_one]
    assert [len(f.message_ids) for f in at_once] == [len(f.message_ids) for f in one_by_one]
    assert sorted(pk for f in at_once for pk in f.message_ids) == sorted(
        Message.objects.values_list("pk", flat=True)
    )


def test_many_at_once_cost_fixed_queries_and_one_sending_task(
    demo_user, django_assert_max_num_queries, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    sending: list[list[int]] = []
    monkeypatch.setattr(notification_tasks, "deliver_messages", SimpleNamespace(enqueue=sending.append))
    people = [demo_user(r) for r in ("safety", "city", "manager", "teacher")]
    for count in (10, 40):
        sending.clear()
        announcements = [
            Announcement(people, "operations.missed_checkin", {"intern": f"I{i}", "level": 0, "link": "/"})
            for i in range(count)
        ]
        # Preferences, then the messages, the inbox and the delivery log: one INSERT each.
        with (
            django_capture_on_commit_callbacks(execute=True),
            django_assert_max_num_queries(4),
        ):
            fanouts = notify_many(announcements)
        assert [len(f) for f in fanouts] == [len(people)] * count
        assert len(sending) == 1
        assert sorted(sending[0]) == sorted(pk for f in fanouts for pk in f.message_ids)
