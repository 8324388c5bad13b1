"""The safety ladder of a missed check-in across channels, with a frozen clock; checking in without a
login (a reply "OK" to the bot, a signed one-tap link); the call list."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from kakehashi.accounts.models import User
from kakehashi.notifications import services as door
from kakehashi.notifications.models import ChatLink, Delivery, Status
from kakehashi.notifications.tests.fakes import FakeProvider, channels_on
from kakehashi.operations import services
from kakehashi.operations.models import (
    Alert,
    CheckIn,
    CheckInLinkUse,
    InternCase,
    Notice,
    SafetySettings,
    StayRecord,
)
from kakehashi.operations.replies import is_ok
from kakehashi.operations.services import check_missed_checkins
from kakehashi.operations.services.notices import LEVEL_CALL_LIST, LEVEL_INTERN, LEVEL_RESPONDERS, LEVEL_SMS
from kakehashi.privacy.models import SensitiveRead

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
SMS_PATH = "/2010-04-01/Accounts/AC0123456789/Messages.json"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=TOKYO)


@pytest.fixture
def on(settings: object, fake_provider: FakeProvider) -> FakeProvider:
    channels_on(settings, fake_provider)
    return fake_provider


@pytest.fixture
def case(make_case: Callable[..., InternCase], demo_user: Callable[[str], User]) -> InternCase:
    reverse("operations:checkin")  # the URLconf (and the API's schemas) loaded before any frozen clock
    made = make_case()
    Alert.objects.exclude(case=made).delete()
    InternCase.objects.exclude(pk=made.pk).update(cancelled=True)
    for key, phone in (("student", "080-1111-2222"), ("safety", "090-3333-4444"), ("city", "")):
        user = demo_user(key)
        user.phone = phone
        user.save(update_fields=["phone"])
    return made


def told(alert: Alert, level: int) -> set[str]:
    return {n.recipient.email.split("@")[0] for n in Notice.objects.filter(alert=alert, level=level)}


def run(now: datetime, capture: Callable[..., object]) -> None:
    with freeze_time(now), capture(execute=True):  # type: ignore[attr-defined]
        check_missed_checkins(now=now)


def test_the_ladder_climbs_channel_by_channel_and_stops_on_acknowledgement(
    case: InternCase, on: FakeProvider, demo_user: Callable[[str], User], django_capture_on_commit_callbacks
) -> None:
    student, safety = demo_user("student"), demo_user("safety")
    ChatLink.objects.create(user=student, channel="line", external_id="Ustudent")
    ChatLink.objects.create(user=safety, channel="messenger", external_id="6100")
    SafetySettings.objects.create(program=case.program, responders_after=20, sms_after=40, call_list_after=60)
    run(at(13, 21, 1), django_capture_on_commit_callbacks)
    alert = Alert.objects.get(case=case)
    # 1. The intern, by their channels, with a one-tap link.
    assert told(alert, LEVEL_INTERN) == {"student"}
    assert told(alert, LEVEL_RESPONDERS) == set()
    [push] = on.to("/v2/bot/message/push")
    assert push.json()["to"] == "Ustudent"
    assert "/operations/c/" in push.json()["messages"][0]["text"]
    run(at(13, 21, 15), django_capture_on_commit_callbacks)
    assert told(alert, LEVEL_RESPONDERS) == set()
    # 2. After 20 minutes, the safety officer and the city by theirs.
    run(at(13, 21, 21), django_capture_on_commit_callbacks)
    assert told(alert, LEVEL_RESPONDERS) == {"safety", "city"}
    [sent] = on.to("/v21.0/me/messages")
    assert sent.json()["recipient"] == {"id": "6100"}
    assert sent.json()["messaging_type"] == "MESSAGE_TAG"
    # 3. After 40 minutes, SMS to the intern and to the responders who have a telephone number.
    run(at(13, 21, 41), django_capture_on_commit_callbacks)
    assert told(alert, LEVEL_SMS) == {"student", "safety"}
    numbers = sorted(r.form()["To"][0] for r in on.to(SMS_PATH))
    assert numbers == ["+818011112222", "+819033334444"]
    # 4. After an hour, the safety officer is sent to the call list.
    run(at(13, 22, 1), django_capture_on_commit_callbacks)
    assert told(alert, LEVEL_CALL_LIST) == {"safety"}
    assert (
        reverse("operations:call_list", args=[alert.pk])
        in on.to("/v21.0/me/messages")[-1].json()["message"]["text"]
    )
    # Every step is in the delivery log, each once.
    steps = Delivery.objects.filter(about__startswith=f"alert:{alert.pk}:").exclude(channel="inapp")
    assert {(d.about.rsplit(":", 1)[1], d.channel) for d in steps} >= {
        ("2", "line"),
        ("2", "email"),
        ("0", "messenger"),
        ("3", "sms"),
        ("4", "messenger"),
    }
    assert all(d.status == Status.SENT for d in steps)
    before = len(on.requests)
    run(at(13, 23, 0), django_capture_on_commit_callbacks)
    # Each step once (the chain was told at the hour, with the call list).
    assert told(alert, LEVEL_SMS) == {"student", "safety"}
    assert len(on.requests) == before
    assert told(alert, 1) == {"manager", "teacher", "company"}


def test_acknowledging_stops_the_ladder(
    case: InternCase, on: FakeProvider, viewer, django_capture_on_commit_callbacks
) -> None:
    run(at(14, 21, 1), django_capture_on_commit_callbacks)
    alert = Alert.objects.get(case=case)
    services.alert_acknowledge(viewer=viewer("safety"), alert=alert, note="Reached her.")
    run(at(14, 23, 59), django_capture_on_commit_callbacks)
    alert.refresh_from_db()
    assert (alert.responders_at, alert.sms_at, alert.call_list_at, alert.escalated_at) == (
        None,
        None,
        None,
        None,
    )
    assert on.to(SMS_PATH) == []


def test_the_timings_are_the_programs_with_defaults(
    case: InternCase, django_capture_on_commit_callbacks
) -> None:
    run(at(15, 21, 1), django_capture_on_commit_callbacks)
    alert = Alert.objects.get(case=case)
    run(at(15, 21, 30), django_capture_on_commit_callbacks)
    assert told(alert, LEVEL_RESPONDERS) == set()
    run(at(15, 21, 31), django_capture_on_commit_callbacks)  # the default: 30 minutes
    assert told(alert, LEVEL_RESPONDERS) == {"safety", "city"}
    # SMS is off here: its step passes without telling anyone.
    run(at(15, 22, 2), django_capture_on_commit_callbacks)
    alert.refresh_from_db()
    assert alert.sms_at is not None
    assert told(alert, LEVEL_SMS) == set()


# --- without a login -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["OK", "ok", "Ok!", "はい", "大丈夫", "Тийм", "зүгээр", "ＯＫ"])
def test_recognised_ok_words(text: str) -> None:
    assert is_ok(text)


@pytest.mark.parametrize("text", ["not ok", "help", "助けて", "тусламж", ""])
def test_other_words_are_not_ok(text: str) -> None:
    assert not is_ok(text)


def test_a_reply_ok_checks_the_intern_in_and_closes_the_alert(
    case: InternCase, on: FakeProvider, demo_user: Callable[[str], User], django_capture_on_commit_callbacks
) -> None:
    student = demo_user("student")
    ChatLink.objects.create(user=student, channel="line", external_id="Ustudent")
    run(at(16, 21, 1), django_capture_on_commit_callbacks)
    with freeze_time(at(16, 21, 10)), django_capture_on_commit_callbacks(execute=True):
        answer = door.chat_incoming(channel="line", external_id="Ustudent", text="大丈夫", now=at(16, 21, 10))
    assert answer == "checked_in"
    assert CheckIn.objects.filter(case=case, day="2026-01-16").exists()
    assert Alert.objects.get(case=case).acknowledged_at is not None
    assert Delivery.objects.filter(
        event="operations.checked_in_by_reply", channel="line", status="sent"
    ).exists()
    # Someone else's chat account checks nobody in.
    assert door.chat_incoming(channel="line", external_id="Ustranger", text="OK") == "not_linked"


def test_the_one_tap_link_works_once_for_that_day_and_names_nobody(
    case: InternCase, demo_user: Callable[[str], User]
) -> None:
    with freeze_time(at(17, 21, 5)):
        path = services.checkin_link(case, at(17, 0).date())
        token = path.rstrip("/").rsplit("/", 1)[1]
        assert demo_user("student").email not in path
        assert str(demo_user("student").pk) not in token.split(":")[0][:0]
        client = Client()
        page = client.get(path)  # a link preview must not check in
        assert page.status_code == 200
        assert not CheckIn.objects.filter(case=case).exists()
        assert page["Referrer-Policy"] == "no-referrer"
        page = client.post(path)
        assert page.context["result"] == "recorded"
        assert CheckIn.objects.filter(case=case, day="2026-01-17").exists()
        assert client.post(path).context["result"] == "used"
        assert CheckInLinkUse.objects.filter(token_hash__contains=token).count() == 0  # only its hash
    with freeze_time(at(18, 8, 0)):
        fresh = services.checkin_link(case, at(17, 0).date())
        assert services.checkin_by_link(fresh.rstrip("/").rsplit("/", 1)[1]) == "expired"  # another day
    with freeze_time(at(18, 9, 0)):
        old = services.checkin_link(case, at(18, 0).date())
    with freeze_time(at(19, 9, 1)):
        assert services.checkin_by_link(old.rstrip("/").rsplit("/", 1)[1]) == "expired"  # 24 hours
    assert services.checkin_by_link(token[:-2] + "xx") == "invalid"
    assert Client().post("/operations/c/forged/").status_code == 200  # no 4xx: the path is never logged


def test_the_link_page_speaks_the_interns_language(
    case: InternCase, demo_user: Callable[[str], User]
) -> None:
    student = demo_user("student")
    student.preferred_language = "mn"
    student.save(update_fields=["preferred_language"])
    with freeze_time(at(17, 21, 5)):
        page = Client().get(services.checkin_link(case, at(17, 0).date()))
    assert '<html lang="mn"' in page.content.decode() or page.context["LANGUAGE_CODE"] == "mn"


def test_the_call_list_reveals_the_contacts_with_a_record(
    case: InternCase, client_as: Callable[[str], Client], django_assert_max_num_queries
) -> None:
    StayRecord.objects.update_or_create(case=case, defaults={"emergency_contacts": "Mother: +976 9900 1122"})
    alert = Alert.objects.create(
        case=case, kind="missed_checkin", day=at(13, 0).date(), raised_at=at(13, 21, 1)
    )
    client = client_as("safety")
    url = reverse("operations:call_list", args=[alert.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    assert "+976 9900 1122" not in page.content.decode()
    reads = SensitiveRead.objects.count()
    page = client.post(url)
    text = page.content.decode()
    assert "+976 9900 1122" in text
    assert "080-1111-2222" in text
    assert SensitiveRead.objects.count() == reads + 1
    assert client_as("city").get(url).status_code == 403


def test_the_token_is_never_logged(case: InternCase) -> None:
    import io
    import logging

    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s %(path)s"))
    handler.addFilter(lambda record: hasattr(record, "path") or record.name == "django.request")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with freeze_time(at(17, 21, 5)):
            path = services.checkin_link(case, at(17, 0).date())
            client = Client()
            client.get(path)
            client.post(path)
            client.post(path)
            client.put(path)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    token = path.rstrip("/").rsplit("/", 1)[1]
    logged = out.getvalue()
    assert "/operations/c/[secret]" in logged
    assert token not in logged


def test_the_program_manager_sets_the_timings(
    client_as: Callable[[str], Client], django_assert_max_num_queries
) -> None:
    client = client_as("manager")
    url = reverse("operations:safety_settings")
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.context["form"]["responders_after"].value() == 30
    fields = {"responders_after": 15, "sms_after": 45, "call_list_after": 75, "escalate_after": 60}
    assert client.post(url, fields).status_code == 302
    program = page.context["form"].instance.program
    saved = SafetySettings.objects.get(program=program)
    assert (saved.responders_after, saved.sms_after, saved.call_list_after) == (15, 45, 75)
    backwards = client.post(url, {**fields, "sms_after": 10})
    assert backwards.status_code == 200
    assert backwards.context["form"].errors
    assert SafetySettings.objects.get(program=program).sms_after == 45
    assert client_as("safety").get(url).status_code == 403


def test_an_alert_of_an_earlier_day_climbs_no_further(
    case: InternCase, on: FakeProvider, django_capture_on_commit_callbacks
) -> None:
    old = Alert.objects.create(
        case=case, kind="missed_checkin", day=at(12, 0).date(), raised_at=at(12, 21, 1)
    )
    run(at(13, 21, 30), django_capture_on_commit_callbacks)
    old.refresh_from_db()
    assert (old.responders_at, old.sms_at, old.call_list_at) == (None, None, None)
    assert told(old, LEVEL_RESPONDERS) == set()
