"""Calendar files that follow an interview through its moves and its cancellation: one UID for its whole
life, SEQUENCE growing with each change, METHOD:CANCEL and STATUS:CANCELLED once cancelled, and the updated
file attached to the emails of both changes."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from kakehashi.internships import interview_moves, interviews
from kakehashi.internships.models import Application, InterviewSlot, Phase
from kakehashi.internships.tests.conftest import SmallRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(small_round: SmallRound) -> InterviewSlot:
    application: Application = small_round.applicant("Anujin Dorj", places=[small_round.place])
    small_round.phase(Phase.INTERVIEWS)
    slot = InterviewSlot.objects.create(
        place=small_round.place, starts_at=timezone.now() + timedelta(days=3), minutes=30
    )
    return interviews.slot_book(
        viewer=small_round.viewer_for_user(application.student),
        application=application,
        slot=slot,
        interpreter=False,
    )


def _event(data: bytes | str) -> tuple[Calendar, dict[str, object]]:
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return calendar, {
        "uid": str(event["UID"]),
        "sequence": int(event.get("SEQUENCE", 0)),
        "status": str(event.get("STATUS", "")),
        "start": event.decoded("DTSTART"),
    }


def _move(small_round: SmallRound, slot: InterviewSlot, days: int) -> InterviewSlot:
    return interview_moves.interview_reschedule(
        viewer=small_round.viewer_of("company"),
        slot=slot,
        starts_at=(slot.starts_at + timedelta(days=days)).replace(second=0, microsecond=0),
        minutes=30,
        reason="A machine is installed.",
    )


def test_the_uid_stays_and_the_sequence_grows_with_each_move(
    small_round: SmallRound, booked: InterviewSlot
) -> None:
    calendar, first = _event(interviews.ics(booked))
    assert (str(calendar["METHOD"]), first["sequence"], first["status"]) == ("PUBLISH", 0, "CONFIRMED")
    moved = _move(small_round, booked, 1)
    _calendar, second = _event(interviews.ics(moved))
    moved = _move(small_round, moved, 1)
    _calendar, third = _event(interviews.ics(moved))
    assert first["uid"] == second["uid"] == third["uid"] == f"interview-{booked.pk}@kakehashi"
    assert (second["sequence"], third["sequence"]) == (1, 2)
    assert third["start"] == moved.starts_at


def test_a_cancelled_interview_is_a_cancel_with_a_higher_sequence(
    small_round: SmallRound, booked: InterviewSlot
) -> None:
    moved = _move(small_round, booked, 1)
    cancelled = interview_moves.interview_cancel(
        viewer=small_round.viewer_of("manager"), slot=moved, reason="The place was withdrawn."
    )
    calendar, event = _event(interviews.ics(cancelled))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 2
    assert event["uid"] == f"interview-{booked.pk}@kakehashi"


def test_the_cancel_and_move_emails_carry_the_updated_calendar_file(
    small_round: SmallRound,
    booked: InterviewSlot,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        moved = _move(small_round, booked, 2)
    moved_files = [a for m in mail.outbox for a in m.attachments]
    assert moved_files
    assert all(_event(a[1])[1]["sequence"] == 1 for a in moved_files)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        interview_moves.interview_cancel(
            viewer=small_round.viewer_of("company"), slot=moved, reason="Our interviewer is ill."
        )
    student = booked.application.student  # type: ignore[union-attr]
    to_student = [m for m in mail.outbox if student.email in m.to]
    assert to_student
    assert to_student[0].attachments
    name, data, kind = to_student[0].attachments[0]
    calendar, event = _event(data)
    assert (name, kind) == ("interview.ics", "text/calendar")
    assert (str(calendar["METHOD"]), event["status"], event["sequence"]) == ("CANCEL", "CANCELLED", 2)


def test_the_downloaded_file_of_a_cancelled_interview_cancels_it(
    small_round: SmallRound, booked: InterviewSlot, client: Client
) -> None:
    interview_moves.interview_cancel(
        viewer=small_round.viewer_of("company"), slot=booked, reason="Our interviewer is ill."
    )
    client.force_login(booked.application.student)  # type: ignore[union-attr]
    response = client.get(f"/rounds/interviews/{booked.pk}/invite.ics")
    assert response.status_code == 200
    calendar, event = _event(response.content)
    assert (str(calendar["METHOD"]), event["status"]) == ("CANCEL", "CANCELLED")
