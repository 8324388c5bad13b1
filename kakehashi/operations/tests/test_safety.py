"""Daily safety check-ins, missed check-in alerts with escalation, and incidents. Every test gives "now"."""

from datetime import datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from kakehashi.operations import services
from kakehashi.operations.models import Alert, AlertKind, CheckIn, CheckInStatus, Notice
from kakehashi.operations.services import ESCALATE_AFTER, check_missed_checkins

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in January 2026, Nagaoka time (the test case runs 10-23 January)."""
    return datetime(2026, 1, day, hour, minute, tzinfo=TOKYO)


def emails_to(key: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [f"{key}@demo.kakehashi.example"]]


def only_this_case(case) -> None:
    """The demo has an intern in Japan now; these tests pretend it is January 2026, so keep to our case."""
    Alert.objects.exclude(case=case).delete()


def test_one_tap_records_todays_check_in(make_case, viewer) -> None:
    case = make_case()
    checkin = services.checkin_record(viewer=viewer("student"), case=case, now=at(12, 8))
    assert (checkin.day.isoformat(), checkin.status) == ("2026-01-12", CheckInStatus.OK)
    services.checkin_record(viewer=viewer("student"), case=case, now=at(12, 9))  # a second tap updates it
    assert CheckIn.objects.filter(case=case).count() == 1
    with pytest.raises(ValidationError):
        services.checkin_record(viewer=viewer("student"), case=case, now=at(5, 9))  # before arrival
    with pytest.raises(PermissionDenied):
        services.checkin_record(viewer=viewer("mentor"), case=case, now=at(12, 9))


def test_no_alert_before_the_deadline_nor_after_a_check_in(make_case, viewer) -> None:
    case = make_case()
    only_this_case(case)
    assert case.checkin_deadline == time(21, 0)
    check_missed_checkins(now=at(12, 20, 59))
    assert not Alert.objects.filter(case=case).exists()
    services.checkin_record(viewer=viewer("student"), case=case, now=at(12, 20, 30))
    check_missed_checkins(now=at(12, 21, 30))
    assert not Alert.objects.filter(case=case).exists()


def test_a_missed_check_in_alerts_the_safety_officer_and_the_city_then_escalates(
    make_case, django_capture_on_commit_callbacks
) -> None:
    case = make_case()
    only_this_case(case)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check_missed_checkins(now=at(13, 21, 5))
    alert = Alert.objects.get(case=case, day="2026-01-13", kind=AlertKind.MISSED_CHECKIN)
    # The intern first (test_ladder.py), then, half an hour later, the safety officer and the city.
    assert not Notice.objects.filter(alert=alert, level=0).exists()
    with django_capture_on_commit_callbacks(execute=True):
        check_missed_checkins(now=at(13, 21, 35))
    told = {n.recipient.email.split("@")[0] for n in Notice.objects.filter(alert=alert, level=0)}
    assert told == {"safety", "city"}
    assert emails_to("safety")
    assert emails_to("city")
    assert not emails_to("manager")
    # Running again raises nothing new.
    check_missed_checkins(now=at(13, 21, 30))
    assert Alert.objects.filter(case=case).count() == 1
    # Nobody acknowledged it within the hour: the program office, the college and the company are told.
    with django_capture_on_commit_callbacks(execute=True):
        check_missed_checkins(now=at(13, 21, 5) + ESCALATE_AFTER)
    alert.refresh_from_db()
    assert alert.escalated_at is not None
    escalated = {n.recipient.email.split("@")[0] for n in Notice.objects.filter(alert=alert, level=1)}
    assert escalated == {"manager", "teacher", "company"}
    # Each in their own language (the manager reads Japanese): one email each, every notice emailed.
    assert len(emails_to("manager")) == 1
    assert Notice.objects.filter(alert=alert, emailed_at__isnull=False).count() == 6  # and the intern
    # Escalation happens once.
    check_missed_checkins(now=at(13, 23, 59))
    assert Notice.objects.filter(alert=alert, level=1).count() == 3


def test_an_acknowledged_alert_is_not_escalated(make_case, viewer) -> None:
    case = make_case()
    only_this_case(case)
    check_missed_checkins(now=at(14, 21, 1))
    alert = Alert.objects.get(case=case)
    with pytest.raises(PermissionDenied):
        services.alert_acknowledge(viewer=viewer("company"), alert=alert)
    services.alert_acknowledge(
        viewer=viewer("safety"), alert=alert, note="Called her: phone battery was flat."
    )
    check_missed_checkins(now=at(14, 23, 0))
    alert.refresh_from_db()
    assert alert.escalated_at is None
    assert alert.acknowledged_by.email.startswith("safety@")
    with pytest.raises(ValidationError):
        services.alert_acknowledge(viewer=viewer("city"), alert=alert)


def test_a_late_check_in_closes_the_days_alert(make_case, viewer) -> None:
    case = make_case()
    only_this_case(case)
    check_missed_checkins(now=at(15, 21, 1))
    services.checkin_record(viewer=viewer("student"), case=case, now=at(15, 21, 20))
    assert Alert.objects.get(case=case).acknowledged_at is not None


def test_asking_for_help_alerts_at_once(make_case, viewer) -> None:
    case = make_case()
    services.checkin_record(
        viewer=viewer("student"), case=case, status=CheckInStatus.NEED_HELP, note="Fever", now=at(16, 7)
    )
    alert = Alert.objects.get(case=case, kind=AlertKind.HELP_REQUESTED)
    assert alert.notices.count() == 2


def test_the_command_takes_a_given_now(make_case) -> None:
    case = make_case()
    only_this_case(case)
    out = StringIO()
    call_command("check_missed_checkins", "--now", "2026-01-17T21:30:00+09:00", stdout=out)
    assert "raised=1" in out.getvalue()
    assert Alert.objects.filter(case=case, day="2026-01-17").exists()


def test_an_incident_records_its_notification_chain_and_is_closed_by_the_safety_officer(
    make_case, viewer, django_capture_on_commit_callbacks
) -> None:
    case = make_case()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        incident = _report(viewer, case)
    told = {n.recipient.email.split("@")[0] for n in incident.notices.all()}
    assert told == {"safety", "city", "manager", "teacher", "company"}
    assert emails_to("safety")
    with pytest.raises(PermissionDenied):
        services.incident_close(viewer=viewer("mentor"), incident=incident, closure="Fine.")
    with pytest.raises(ValidationError):
        services.incident_close(viewer=viewer("safety"), incident=incident, closure=" ")
    services.incident_close(viewer=viewer("safety"), incident=incident, closure="A bruise; back at work.")
    incident.refresh_from_db()
    assert incident.closed_at is not None


def _report(viewer, case):
    return services.incident_report(
        viewer=viewer("mentor"),
        case=case,
        severity="medium",
        occurred_at=at(12, 10),
        what_happened="Slipped on the snow on the way to work.",
        actions="Took her to the clinic.",
    )


def test_the_officer_acknowledges_from_the_alert_page(make_case, client_as) -> None:
    case = make_case()
    only_this_case(case)
    check_missed_checkins(now=at(18, 21, 10))
    alert = Alert.objects.get(case=case)
    safety = client_as("safety")
    assert case.intern.display_name in safety.get("/operations/alerts/?open=1").content.decode()
    response = safety.post(f"/operations/alerts/{alert.pk}/acknowledge/", {"note": "Reached by phone."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
