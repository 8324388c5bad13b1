"""A safety email that cannot be sent is never lost in silence: after its attempts it is marked on its
notice, an alert on the intern's case says so to the safety officers in the app, and the platform
administrators get an in-app notification. A name stored before names were checked cannot stop them."""

from datetime import datetime
from smtplib import SMTPException
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from kakehashi.accounts.models import User
from kakehashi.notifications.models import Notification
from kakehashi.operations import services
from kakehashi.operations.models import Alert, AlertKind, Notice

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def broken_mailer(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every send fails as an unreachable SMTP server would; returns the list of attempts."""
    attempts: list[int] = []

    def fail(self: EmailBackend, messages: list) -> int:
        attempts.append(len(messages))
        raise SMTPException("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", fail)
    return attempts


def _report(viewer, case):
    return services.incident_report(
        viewer=viewer("mentor"),
        case=case,
        severity="high",
        occurred_at=datetime(2026, 1, 12, 10, tzinfo=TOKYO),
        what_happened="Slipped on the snow on the way to work.",
    )


def test_a_failed_safety_email_is_shown_on_the_case_and_to_the_administrator(
    make_case, viewer, broken_mailer, django_capture_on_commit_callbacks, client_as
) -> None:
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True):
        incident = _report(viewer, case)
    notices = list(incident.notices.all())
    assert notices
    assert len(broken_mailer) == services.NOTICE_SEND_ATTEMPTS * len(notices)
    assert all(n.emailed_at is None and n.failed_at is not None for n in notices)
    assert "Connection unexpectedly closed" in notices[0].failure

    alert = Alert.objects.get(case=case, kind=AlertKind.EMAIL_FAILED)
    assert alert.acknowledged_at is None
    page = client_as("safety").get("/operations/alerts/?open=1").content.decode()
    assert "Safety email not delivered" in page
    assert case.intern.display_name in page
    assert "Safety email not delivered" in client_as("safety").get(case.get_absolute_url()).content.decode()

    admins = User.objects.filter(is_superuser=True, is_active=True)
    assert admins.exists()
    for admin in admins:
        note = Notification.objects.get(user=admin, event="operations.safety_email_failed")
        assert note.url == "/operations/alerts/"
    # One alert and one notification per case and day, however many emails failed.
    assert Alert.objects.filter(case=case, kind=AlertKind.EMAIL_FAILED).count() == 1
    assert Notification.objects.filter(event="operations.safety_email_failed").count() == admins.count()


def test_the_failure_alert_is_not_escalated_by_email(
    make_case, viewer, broken_mailer, django_capture_on_commit_callbacks
) -> None:
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True):
        _report(viewer, case)
    Alert.objects.exclude(case=case).delete()
    alert = Alert.objects.get(case=case, kind=AlertKind.EMAIL_FAILED)
    services.check_missed_checkins(now=alert.raised_at + services.ESCALATE_AFTER * 2)
    alert.refresh_from_db()
    assert alert.escalated_at is None
    assert not Notice.objects.filter(alert=alert).exists()


def test_a_name_with_a_line_break_stored_earlier_does_not_stop_the_safety_emails(
    make_case, viewer, django_capture_on_commit_callbacks
) -> None:
    case = make_case()
    # Written past the form's validation (update(), as an old row or a bad import could hold it).
    User.objects.filter(pk=case.intern_id).update(
        name_latin="Nomin\r\nBcc: everyone@example.com",
        given_name_latin="Nomin\r\nBcc: everyone@example.com",
        family_name_latin="",
        given_name_local="",
        family_name_local="",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        incident = _report(viewer, case)
    assert all(n.emailed_at is not None for n in incident.notices.all())
    assert mail.outbox
    for message in mail.outbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert "Nomin Bcc: everyone@example.com" in message.subject
        assert message.bcc == []
    assert not Alert.objects.filter(case=case, kind=AlertKind.EMAIL_FAILED).exists()
