"""The one door: every event reads right in every language by every channel, in the recipient's language;
preferences and quiet hours decide the channels and the time (never for urgent safety events); sending
happens in a task and is logged per channel; the inbox is its owner's; nothing else sends or writes
notifications."""

import re
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import translation
from freezegun import freeze_time

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.notifications import services
from kakehashi.notifications.events import EVENTS, Context
from kakehashi.notifications.models import Delivery, Message, Notification, Preference, Status
from kakehashi.notifications.services import Address, deliver, notify

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _texts(key: str, language: str) -> dict[str, str]:
    event = EVENTS[key]
    message = services.render(event, event.sample(), language, "Asia/Tokyo", "/somewhere/")
    texts = {}
    if "inapp" in event.channels:
        texts["inapp"] = message.short
    if "email" in event.channels:
        texts["email subject"] = message.subject
        texts["email body"] = message.body
    if {"line", "messenger"} & set(event.channels):
        texts["chat"] = message.chat
    return texts


@pytest.mark.parametrize("key", sorted(EVENTS))
def test_every_event_reads_in_japanese_mongolian_and_english_by_every_channel(key: str) -> None:
    english = _texts(key, "en")
    assert english
    assert all(text.strip() for text in english.values())
    for language in ("ja", "mn"):
        translated = _texts(key, language)
        for channel, text in translated.items():
            assert text.strip(), (key, language, channel)
            assert text != english[channel], f"{key} has no {language} translation for {channel}: {text!r}"


def test_the_catalog_says_who_may_receive_each_event_and_how_urgent_it_is() -> None:
    for event in EVENTS.values():
        assert event.urgency in ("normal", "urgent_safety")
        assert event.channels
        assert set(event.channels) <= {"inapp", "email", "line", "messenger", "webpush"}
        assert event.kind
    assert all(e.urgent for e in EVENTS.values() if e.kind == "safety")


def test_each_person_reads_in_their_own_language_not_the_senders(demo_user) -> None:
    student, company = demo_user("student"), demo_user("company")
    User.objects.filter(pk=student.pk).update(preferred_language="mn")
    User.objects.filter(pk=company.pk).update(preferred_language="ja")
    student.refresh_from_db()
    company.refresh_from_db()
    with translation.override("en"):
        notify([student, company], "internships.result_published", {"round": "2026-03"}, url="/rounds/")
    by_user = dict(Notification.objects.values_list("user_id", "text"))
    event = EVENTS["internships.result_published"]
    for user, language in ((student, "mn"), (company, "ja")):
        expected = services.render(event, {"round": "2026-03"}, language, "Asia/Tokyo", "/rounds/").short
        assert by_user[user.pk] == expected
    assert by_user[student.pk] != by_user[company.pk]


def test_an_event_reaches_only_the_people_it_is_for(demo_user) -> None:
    """A job offer is for students: a company administrator named by mistake is left out."""
    fanout = notify(
        [demo_user("student"), demo_user("company")],
        "careers.offer_made",
        EVENTS["careers.offer_made"].sample(),
    )
    notices = Notification.objects.filter(pk__in=fanout.notification_ids)
    assert [n.user_id for n in notices] == [demo_user("student").pk]


def test_sending_waits_for_the_task_and_the_log_says_sent(
    demo_user, django_capture_on_commit_callbacks
) -> None:
    student = demo_user("student")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([student], "internships.result_published", {"round": "2026-03"}, url="/rounds/")
    assert mail.outbox == []  # nothing is sent inside the request
    email = Delivery.objects.get(recipient=student, channel="email")
    assert email.status == Status.QUEUED
    assert Delivery.objects.get(recipient=student, channel="inapp").status == Status.SENT
    for callback in callbacks:
        callback()  # the task, enqueued on commit (run inline in the tests)
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.sent_at is not None
    assert [m.to for m in mail.outbox] == [[student.email]]
    assert "/rounds/" in mail.outbox[0].body


def test_a_failed_email_is_logged_with_its_reason(demo_user, monkeypatch) -> None:
    def fail(self, messages):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", fail)
    fanout = notify([demo_user("student")], "internships.result_published", {"round": "R"})
    deliver(message_ids=fanout.message_ids)
    failed = Delivery.objects.get(channel="email")
    assert failed.status == Status.FAILED
    assert "mail server down" in failed.reason


def test_a_person_can_turn_a_channel_off_for_a_kind_of_event_but_not_for_safety(demo_user) -> None:
    safety = demo_user("safety")
    services.preference_save(viewer=build_viewer(safety), channels={"rounds": ["inapp"], "safety": []})
    notify([safety], "internships.result_published", {"round": "R"})
    assert list(Delivery.objects.filter(recipient=safety).values_list("channel", flat=True)) == ["inapp"]
    notify([safety], "operations.missed_checkin", {"intern": "Nomin", "level": 0, "link": "/"})
    assert set(
        Delivery.objects.filter(recipient=safety, event="operations.missed_checkin").values_list(
            "channel", flat=True
        )
    ) == {"inapp", "email"}


def test_quiet_hours_hold_email_until_they_end_in_the_persons_time_zone(demo_user) -> None:
    teacher = demo_user("teacher")
    services.preference_save(
        viewer=build_viewer(teacher),
        channels={},
        quiet_from=time(22, 0),
        quiet_until=time(7, 0),
        time_zone="Asia/Ulaanbaatar",
    )
    # 23:30 in Ulaanbaatar (15:30 UTC): quiet.
    with freeze_time(datetime(2026, 12, 6, 15, 30, tzinfo=UTC)):
        fanout = notify([teacher], "internships.result_published", {"round": "R"})
        assert deliver(message_ids=fanout.message_ids) == 0
        alert = notify([teacher], "operations.missed_checkin", {"intern": "Nomin", "level": 0, "link": "/"})
        assert deliver(message_ids=alert.message_ids) == 1  # safety ignores quiet hours
    held = Delivery.objects.get(recipient=teacher, channel="email", event="internships.result_published")
    assert held.status == Status.QUEUED
    assert held.not_before == datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # 07:00 in Ulaanbaatar
    # The periodic job sends it once the quiet hours are over, and not before.
    with freeze_time(datetime(2026, 12, 6, 22, 59, tzinfo=UTC)):
        assert deliver() == 0
    with freeze_time(datetime(2026, 12, 6, 23, 1, tzinfo=UTC)):
        assert deliver() == 1
    held.refresh_from_db()
    assert held.status == Status.SENT
    # Outside the quiet hours (10:00 in Ulaanbaatar), at once.
    with freeze_time(datetime(2026, 12, 7, 2, 0, tzinfo=UTC)):
        fanout = notify([teacher], "internships.result_published", {"round": "R2"})
        assert deliver(message_ids=fanout.message_ids) == 1


def test_quiet_hours_need_both_ends(demo_user) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.preference_save(
            viewer=build_viewer(demo_user("student")), channels={}, quiet_from=time(22, 0)
        )


def test_a_timed_event_shows_each_persons_side_first(demo_user) -> None:
    student, company = demo_user("student"), demo_user("company")
    when = datetime(2026, 12, 15, 1, 0, tzinfo=UTC)
    notify([student, company], "internships.interpreter_cleared", {"place": "P", "starts_at": when})
    texts = dict(Notification.objects.values_list("user_id", "text"))
    # Each reads their own side's time first (the student in Ulaanbaatar, the company in Tokyo).
    assert "09:00" in texts[student.pk].split("/")[0]
    assert "10:00" in texts[company.pk].split("/")[0]
    assert Message.objects.filter(event="internships.interpreter_cleared").count() == 2


def test_someone_without_an_account_is_reached_by_email_and_a_secret_link_is_not_kept() -> None:
    mail.outbox.clear()
    notify(
        [Address("new@example.com", "ja")],
        "accounts.invitation",
        EVENTS["accounts.invitation"].sample(),
        send_now=True,
    )
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert "https://example.com/i/x" in mail.outbox[0].body
    message = Message.objects.get(event="accounts.invitation")
    assert message.body == ""
    assert message.subject == ""
    assert Delivery.objects.get(event="accounts.invitation").status == Status.SENT
    # An event that is not for outsiders never goes to a bare address.
    assert len(notify([Address("x@example.com")], "internships.result_published", {"round": "R"})) == 0


# --- the inbox ------------------------------------------------------------------------------------


def test_the_inbox_lists_ones_own_notifications_and_counts_the_unread(client_as, demo_user) -> None:
    student = demo_user("student")
    notify(
        [student, demo_user("teacher")], "internships.result_published", {"round": "Round X"}, url="/rounds/"
    )
    client = client_as("student")
    response = client.get("/notifications/")
    assert "Round X" in response.content.decode()
    unread = Notification.objects.filter(user=student, read_at__isnull=True).count()
    assert response.context["unread_notifications"] == unread
    note = Notification.objects.get(user=student, text__contains="Round X")
    assert client.get(f"/notifications/{note.pk}/").url == "/rounds/"  # opening it marks it read
    note.refresh_from_db()
    assert note.read_at is not None
    assert Delivery.objects.get(notification=note).status == Status.READ
    client.post("/notifications/read/")
    assert client.get("/notifications/").context["unread_notifications"] == 0


def test_another_persons_notification_answers_404(client_as, demo_user) -> None:
    fanout = notify([demo_user("teacher")], "internships.result_published", {"round": "R"}, url="/rounds/")
    note = Notification.objects.get(pk=fanout.notification_ids[0])
    client = client_as("student")
    assert client.get(f"/notifications/{note.pk}/").status_code == 404
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_preferences_are_saved_from_the_page(client_as, demo_user) -> None:
    client = client_as("student")
    assert client.get("/notifications/preferences/").status_code == 200
    response = client.post(
        "/notifications/preferences/",
        {
            "kind_rounds": ["inapp"],
            "kind_careers": ["inapp", "email"],
            "quiet_from": "22:00",
            "quiet_until": "07:00",
        },
    )
    assert response.status_code == 302
    preference = Preference.objects.get(user=demo_user("student"))
    assert preference.channels["rounds"] == ["inapp"]
    assert preference.quiet_from == time(22, 0)


def test_the_office_sees_the_delivery_log_of_safety_events(client_as, demo_user) -> None:
    notify(
        [demo_user("safety")], "operations.missed_checkin", {"intern": "Nomin Bat", "level": 0, "link": "/"}
    )
    page = client_as("manager").get("/notifications/safety-deliveries/").content.decode()
    assert "operations.missed_checkin" in page
    assert demo_user("safety").display_name in page
    assert client_as("student").get("/notifications/safety-deliveries/").status_code == 403


# --- the data moved from the old inbox ------------------------------------------------------------


class _Editor:
    def execute(self, sql: str, params=()) -> None:  # type: ignore[no-untyped-def]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_old_in_app_notifications_move_into_the_inbox_with_nothing_lost(demo_user) -> None:
    import importlib

    migration = importlib.import_module("kakehashi.notifications.migrations.0002_inbox_from_internships")
    student, admin = demo_user("student"), demo_user("manager")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE internships_notification (id integer PRIMARY KEY, user_id integer, round_id integer "
            "NULL, kind varchar(30), text text, url varchar(300), created_at timestamp with time zone, "
            "read_at timestamp with time zone NULL)"
        )
        rows = [
            (
                1,
                student.pk,
                7,
                "deadline",
                "Round A: ends in two days.",
                "/rounds/7/",
                "2026-01-02 03:04:05+00:00",
                None,
            ),
            (
                2,
                student.pk,
                None,
                "nomination",
                "Nominated.",
                "",
                "2026-01-03 03:04:05+00:00",
                "2026-01-04 00:00:00+00:00",
            ),
            (
                3,
                admin.pk,
                None,
                "safety_email_failed",
                "A safety email could not be sent.",
                "/operations/alerts/",
                "2026-01-05 00:00:00+00:00",
                None,
            ),
            (4, admin.pk, 7, "place_reviewed", "Approved.", "/p/", "2026-01-06 00:00:00+00:00", None),
        ]
        for row in rows:
            cursor.execute(
                "INSERT INTO internships_notification (id, user_id, round_id, kind, text, url, created_at, read_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                row,
            )
    before = Notification.objects.count()
    migration.copy_into_inbox(None, _Editor())
    moved = list(Notification.objects.order_by("pk")[before:])
    assert len(moved) == 4
    assert [(n.user_id, n.event, n.text, n.url, n.about) for n in moved] == [
        (student.pk, "internships.deadline", "Round A: ends in two days.", "/rounds/7/", "round:7"),
        (student.pk, "internships.nominated", "Nominated.", "", ""),
        (
            admin.pk,
            "operations.safety_email_failed",
            "A safety email could not be sent.",
            "/operations/alerts/",
            "",
        ),
        (admin.pk, "internships.place_reviewed", "Approved.", "/p/", "round:7"),
    ]
    assert moved[0].created_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert moved[0].read_at is None
    assert moved[1].read_at == datetime(2026, 1, 4, tzinfo=UTC)


# --- one door -------------------------------------------------------------------------------------

# Modules that may send email themselves, and why: neither tells a person about the platform's events.
MAY_SEND_EMAIL = {
    "kakehashi/core/logging.py": "server errors mailed to the operators (ADMINS) by Django's log handler",
    "kakehashi/settings.py": "switches that log handler on (mail_admins=...)",
    "kakehashi/core/testing/slow_tasks.py": "a test task that checks a killed worker sends its email once",
}
SENDS_EMAIL = re.compile(
    r"\b(send_mail|send_mass_mail|EmailMessage|EmailMultiAlternatives|mail_admins|send_messages)\b"
)
WRITES_ROWS = re.compile(
    r"\b(Notification|Delivery|Message)\s*\(|\b(Notification|Delivery|Message)\.objects\.(create|bulk_create|get_or_create|update_or_create)"
)


def _sources() -> list[Path]:
    return [
        path
        for path in (ROOT / "kakehashi").rglob("*.py")
        if "notifications" not in path.relative_to(ROOT / "kakehashi").parts[:1]
        and "tests" not in path.parts
        and "migrations" not in path.parts
    ]


def test_nothing_outside_the_door_sends_email_or_writes_notifications() -> None:
    senders, writers = [], []
    for path in _sources():
        name = str(path.relative_to(ROOT))
        text = path.read_text()
        if SENDS_EMAIL.search(text) and name not in MAY_SEND_EMAIL:
            senders.append(name)
        if WRITES_ROWS.search(text) and "kakehashi.notifications.models" in text:
            writers.append(name)
    assert senders == [], f"send through kakehashi.notifications.services.notify: {senders}"
    assert writers == [], f"notification rows are written only by the door: {writers}"


def test_the_grep_finds_what_it_looks_for() -> None:
    assert SENDS_EMAIL.search("from django.core.mail import send_mail")
    assert SENDS_EMAIL.search("EmailMessage(subject, body)")
    assert WRITES_ROWS.search("Notification.objects.create(user=u)")
    assert WRITES_ROWS.search("Notification(user=u, text=t)")
    assert not SENDS_EMAIL.search("notify([user], 'event', {})")
    assert Context({"a": 1})["a"] == 1
