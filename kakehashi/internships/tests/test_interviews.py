from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from kakehashi.core.testing.calendars import timezones_used_and_defined
from kakehashi.internships import interviews
from kakehashi.internships.models import InterviewOutcome, Phase
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_nominee_books_a_slot_with_an_interpreter_and_both_get_an_ics(
    small_round: SmallRound, django_capture_on_commit_callbacks: object
) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    other = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    small_round.phase(Phase.INTERVIEWS)
    company = small_round.viewer_of("company")
    starts = timezone.now() + timedelta(days=3)
    slot = interviews.slot_add(
        viewer=company, place=small_round.place, starts_at=starts, meeting_url="https://meet.example/x"
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        interviews.slot_book(
            viewer=small_round.viewer_for_user(nominee.student),
            application=nominee,
            slot=slot,
            interpreter=True,
        )
    slot.refresh_from_db()
    assert slot.application == nominee
    assert slot.interpreter
    invitations = [message for message in mail.outbox if message.attachments]
    recipients = sorted(address for message in invitations for address in message.to)
    assert recipients == sorted([nominee.student.email, "company@demo.kakehashi.example"])
    attachment = invitations[0].attachments[0]
    assert attachment[0] == "interview.ics"
    body = attachment[1] if isinstance(attachment[1], str) else attachment[1].decode()
    assert "BEGIN:VEVENT" in body
    assert "Interpreter requested: yes" in body
    used, defined = timezones_used_and_defined(body)
    assert used == {"Asia/Tokyo"}  # the company's time, with its VTIMEZONE
    assert used <= defined
    assert Notification.objects.filter(user=nominee.student, event__startswith="internships.inter").exists()
    with pytest.raises(ValidationError, match="already taken"):
        interviews.slot_book(
            viewer=small_round.viewer_for_user(other.student), application=other, slot=slot, interpreter=False
        )
    interviews.outcome_record(
        viewer=company, slot=slot, outcome=InterviewOutcome.PASSED, note="Clear answers."
    )
    slot.refresh_from_db()
    assert slot.outcome == InterviewOutcome.PASSED


def test_only_nominees_who_ranked_the_place_book_and_others_do_not_see_the_invitation(
    small_round: SmallRound,
) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.other])
    pending = small_round.applicant("Khulan Batsukh", places=[small_round.place], confirmed=False)
    small_round.phase(Phase.INTERVIEWS)
    slot = interviews.slot_add(
        viewer=small_round.viewer_of("company"),
        place=small_round.place,
        starts_at=timezone.now() + timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="places you ranked"):
        interviews.slot_book(
            viewer=small_round.viewer_for_user(nominee.student),
            application=nominee,
            slot=slot,
            interpreter=False,
        )
    with pytest.raises(PermissionDenied):
        interviews.slot_book(
            viewer=small_round.viewer_for_user(pending.student),
            application=pending,
            slot=slot,
            interpreter=False,
        )
    with pytest.raises(Http404):
        interviews.slot_for(small_round.viewer_of("student"), slot.pk)


def test_slots_are_in_the_future_and_offered_by_the_places_company(small_round: SmallRound) -> None:
    small_round.phase(Phase.INTERVIEWS)
    with pytest.raises(ValidationError, match="future"):
        interviews.slot_add(
            viewer=small_round.viewer_of("company"),
            place=small_round.place,
            starts_at=timezone.now() - timedelta(hours=1),
        )
    with pytest.raises(PermissionDenied):
        interviews.slot_add(
            viewer=small_round.viewer_of("company"),
            place=small_round.other,
            starts_at=timezone.now() + timedelta(days=1),
        )
