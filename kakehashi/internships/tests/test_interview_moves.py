"""Interviews that move: overlaps refused with a message that names who is busy (never another company's
details), cancelling and moving with a reason told to everyone concerned in their zone, reminders sent once
each, the company's meeting link pattern, scorecards beside the ranking, who may do what, and query counts
of the touched pages."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kakehashi.accounts.models import User
from kakehashi.companies.models import CompanyProfile, validate_meeting_url_pattern
from kakehashi.internships import interview_moves, interviews
from kakehashi.internships.models import (
    Application,
    ChangeKind,
    InterviewChange,
    InterviewReminder,
    InterviewScore,
    InterviewSlot,
    Phase,
    Place,
)
from kakehashi.internships.schedule import JOBS
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _slot(place: Place, days: float = 3, minutes: int = 30, **fields: object) -> InterviewSlot:
    return InterviewSlot.objects.create(
        place=place, starts_at=timezone.now() + timedelta(days=days), minutes=minutes, **fields
    )


def _book(
    small_round: SmallRound, application: Application, slot: InterviewSlot, **kw: bool
) -> InterviewSlot:
    return interviews.slot_book(
        viewer=small_round.viewer_for_user(application.student),
        application=application,
        slot=slot,
        interpreter=kw.get("interpreter", False),
    )


@pytest.fixture
def nominee(small_round: SmallRound) -> Application:
    application = small_round.applicant("Anujin Dorj", places=[small_round.place, small_round.other])
    small_round.phase(Phase.INTERVIEWS)
    return application


def _texts(user: User, event: str) -> list[str]:
    return list(Notification.objects.filter(user=user, event=event).values_list("text", flat=True))


# --- overlaps ----------------------------------------------------------------------------------------


def test_a_student_cannot_book_two_interviews_at_the_same_time(
    small_round: SmallRound, nominee: Application
) -> None:
    _book(small_round, nominee, _slot(small_round.other, days=3))
    overlapping = _slot(small_round.place, days=3, minutes=30)
    overlapping.starts_at += timedelta(minutes=15)
    overlapping.save()
    with pytest.raises(ValidationError, match="You have another interview at that time") as refused:
        _book(small_round, nominee, overlapping)
    assert "CNC" not in str(refused.value)
    assert "Echigo" not in str(refused.value)
    # Back to back is fine: the first ends when the next starts.
    back_to_back = _slot(small_round.place, days=3)
    back_to_back.starts_at = InterviewSlot.objects.get(application=nominee).starts_at + timedelta(minutes=30)
    back_to_back.save()
    assert _book(small_round, nominee, back_to_back).application == nominee


def test_a_company_with_an_interview_at_that_time_cannot_be_booked_twice(small_round: SmallRound) -> None:
    first = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    second_place = small_round.make_place(small_round.seiki, "Robot cells")
    second = small_round.applicant("Khulan Batsukh", places=[second_place])
    small_round.phase(Phase.INTERVIEWS)
    _book(small_round, first, _slot(small_round.place, days=2))
    same_time = _slot(second_place, days=2)
    with pytest.raises(ValidationError, match="The company has another interview at that time"):
        _book(small_round, second, same_time)


def test_the_company_moving_an_interview_is_told_who_is_busy_without_another_companys_details(
    small_round: SmallRound, nominee: Application
) -> None:
    at_echigo = _book(small_round, nominee, _slot(small_round.other, days=5))
    ours = _book(small_round, nominee, _slot(small_round.place, days=3))
    with pytest.raises(ValidationError) as refused:
        interview_moves.interview_reschedule(
            viewer=small_round.viewer_of("company"),
            slot=ours,
            starts_at=at_echigo.starts_at + timedelta(minutes=10),
            minutes=30,
            reason="Our interviewer travels.",
        )
    assert refused.value.messages == ["The student has another interview at that time."]
    text = str(refused.value)
    assert "Echigo" not in text
    assert "CNC" not in text
    assert at_echigo.place.title.in_language("en") not in text


def test_an_interpreter_is_not_in_two_interviews_at_once(
    small_round: SmallRound, nominee: Application
) -> None:
    other = small_round.applicant("Bilguun Lkhagva", places=[small_round.other])
    ours = _book(small_round, nominee, _slot(small_round.place, days=3), interpreter=True)
    theirs = _book(small_round, other, _slot(small_round.other, days=4), interpreter=True)
    office = small_round.viewer_of("manager")
    interviews.interpreter_arrange(viewer=office, slot=ours, name="Oyunaa Bat")
    interviews.interpreter_arrange(viewer=office, slot=theirs, name="Oyunaa Bat")
    ours.refresh_from_db()
    with pytest.raises(ValidationError, match="The interpreter has another interview at that time"):
        interview_moves.interview_reschedule(
            viewer=small_round.viewer_of("company"),
            slot=ours,
            starts_at=theirs.starts_at,
            minutes=30,
            reason="Machine installation.",
        )
    # Arranging the same interpreter for two interviews at once is refused too.
    third = small_round.applicant("Khulan Batsukh", places=[small_round.other])
    clash = _book(small_round, third, _slot(small_round.other, days=3, minutes=30), interpreter=True)
    InterviewSlot.objects.filter(pk=clash.pk).update(starts_at=ours.starts_at)
    clash.refresh_from_db()
    with pytest.raises(ValidationError, match="interpreter has another interview"):
        interviews.interpreter_arrange(viewer=office, slot=clash, name="oyunaa bat")


# --- concurrency ---------------------------------------------------------------------------------------


def test_of_two_people_booking_the_same_slot_at_once_exactly_one_wins(small_round: SmallRound) -> None:
    first = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    second = small_round.applicant("Khulan Batsukh", places=[small_round.place])
    small_round.phase(Phase.INTERVIEWS)
    slot = _slot(small_round.place)
    seen_by_both = InterviewSlot.objects.get(pk=slot.pk)  # both pages were rendered with the slot free
    _book(small_round, first, seen_by_both)
    with pytest.raises(ValidationError, match="already taken"):
        _book(small_round, second, seen_by_both)
    assert InterviewSlot.objects.get(pk=slot.pk).application == first


def test_the_guard_is_the_conditional_update_even_if_the_read_saw_the_slot_free(
    small_round: SmallRound, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other booking commits between our read and our write (as on a database without row locks)."""
    first = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    second = small_round.applicant("Khulan Batsukh", places=[small_round.place])
    small_round.phase(Phase.INTERVIEWS)
    slot = _slot(small_round.place)
    real = interview_moves.check_overlaps

    def the_other_booking_lands(**kwargs: object) -> None:
        InterviewSlot.objects.filter(pk=slot.pk).update(application=first)
        real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(interview_moves, "check_overlaps", the_other_booking_lands)
    with pytest.raises(ValidationError, match="already taken"):
        _book(small_round, second, slot)
    # (The simulated other booking ran inside our transaction, so it was rolled back with ours.)
    assert not Notification.objects.filter(user=second.student).exists()


def test_the_database_allows_one_live_interview_per_place_and_applicant(
    small_round: SmallRound, nominee: Application
) -> None:
    _slot(small_round.place, application=nominee)
    with pytest.raises(IntegrityError), transaction.atomic():
        _slot(small_round.place, days=4, application=nominee)
    # A cancelled one does not count.
    InterviewSlot.objects.filter(application=nominee).update(cancelled_at=timezone.now())
    assert _slot(small_round.place, days=4, application=nominee).pk


# --- cancel and move -------------------------------------------------------------------------------


def test_the_company_cancels_with_a_reason_and_everyone_is_told_in_their_zone(
    small_round: SmallRound, nominee: Application, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    slot = _book(small_round, nominee, _slot(small_round.place), interpreter=True)
    interviews.interpreter_arrange(
        viewer=small_round.viewer_of("manager"), slot=slot, name="Oyunaa Bat", contact="oyunaa@example.mn"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        interview_moves.interview_cancel(
            viewer=small_round.viewer_of("company"), slot=slot, reason="Our interviewer is ill."
        )
    slot.refresh_from_db()
    assert slot.is_cancelled
    change = InterviewChange.objects.get(slot=slot)
    assert (change.kind, change.reason, change.by) == (
        ChangeKind.CANCELLED,
        "Our interviewer is ill.",
        small_round.viewer_of("company").user,
    )
    student_text = _texts(nominee.student, "internships.interview_cancelled")[0]
    assert "Our interviewer is ill." in student_text
    assert "Улаанбаатар" in student_text  # Mongolian, Ulaanbaatar time first
    assert student_text.index("Улаанбаатар") < student_text.index("Токио")
    company = small_round.viewer_of("company").user
    assert "東京" in _texts(company, "internships.interview_cancelled")[0]
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        [nominee.student.email, company.email, "oyunaa@example.mn"]
    )
    # Booking the place again is possible after a cancellation; the cancelled slot is not offered.
    assert [s.pk for _p, slots in interviews.options_for(nominee) for s in slots if s.pk == slot.pk] == [
        slot.pk
    ]
    again = _book(small_round, nominee, _slot(small_round.place, days=6))
    assert again.application == nominee
    with pytest.raises(ValidationError, match="already cancelled"):
        interview_moves.interview_cancel(viewer=small_round.viewer_of("company"), slot=slot, reason="Again")


def test_the_company_moves_an_interview_and_everyone_gets_the_new_time_and_the_updated_invitation(
    small_round: SmallRound, nominee: Application, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    slot = _book(small_round, nominee, _slot(small_round.place, days=3))
    old = slot.starts_at
    new = (old + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        interview_moves.interview_reschedule(
            viewer=small_round.viewer_of("company"),
            slot=slot,
            starts_at=new,
            minutes=45,
            reason="A machine is installed.",
        )
    slot.refresh_from_db()
    assert (slot.starts_at, slot.minutes) == (new, 45)
    change = InterviewChange.objects.get(slot=slot)
    assert (change.kind, change.old_starts_at, change.new_starts_at) == (ChangeKind.MOVED, old, new)
    [text] = _texts(nominee.student, "internships.interview_moved")
    assert "A machine is installed." in text
    assert text.count("Улаанбаатар") == 2  # the new time and the old one, both in the student's zone
    attached = [m for m in mail.outbox if m.attachments]
    assert {a for m in attached for a in m.to} == {nominee.student.email, "company@demo.kakehashi.example"}
    body = attached[0].attachments[0][1]
    body = body if isinstance(body, str) else body.decode()
    assert (
        "DTSTART;TZID=Asia/Tokyo:" + new.astimezone(timezone.get_default_timezone()).strftime("%Y%m%dT%H%M%S")
        in body
    )


def test_only_the_company_and_the_program_manager_move_or_cancel(
    small_round: SmallRound, nominee: Application
) -> None:
    slot = _book(small_round, nominee, _slot(small_round.place))
    student = small_round.viewer_for_user(nominee.student)
    with pytest.raises(PermissionDenied):
        interview_moves.slot_to_change(student, slot.pk)
    with pytest.raises(PermissionDenied):
        interview_moves.interview_cancel(viewer=student, slot=slot, reason="I am ill.")
    with pytest.raises(Http404):
        interview_moves.slot_to_change(small_round.viewer_of("company-echigo"), slot.pk)
    with pytest.raises(Http404):
        interview_moves.slot_to_score(small_round.viewer_of("company-echigo"), slot.pk)
    manager = small_round.viewer_of("manager")
    assert interview_moves.slot_to_change(manager, slot.pk) == slot
    with pytest.raises(ValidationError, match="reason"):
        interview_moves.interview_cancel(viewer=manager, slot=slot, reason="  ")
    with pytest.raises(ValidationError, match="future"):
        interview_moves.interview_reschedule(
            viewer=manager, slot=slot, starts_at=timezone.now() - timedelta(hours=1), minutes=30, reason="x"
        )


def test_another_companys_interview_pages_answer_404_and_the_student_403(
    small_round: SmallRound, nominee: Application, client_as: Callable[..., Client]
) -> None:
    slot = _book(small_round, nominee, _slot(small_round.place))
    for page in ("cancel", "move", "scorecard"):
        assert client_as("company-echigo").get(f"/rounds/interviews/{slot.pk}/{page}/").status_code == 404
    student = Client()
    student.force_login(nominee.student)
    assert student.get(f"/rounds/interviews/{slot.pk}/cancel/").status_code == 403
    response = client_as("company").post(f"/rounds/interviews/{slot.pk}/cancel/", {"reason": ""})
    assert response.status_code == 200  # the confirmation page again, asking for the reason
    assert not InterviewSlot.objects.get(pk=slot.pk).is_cancelled
    response = client_as("company").post(f"/rounds/interviews/{slot.pk}/cancel/", {"reason": "Ill."})
    assert response.status_code == 302
    assert InterviewSlot.objects.get(pk=slot.pk).is_cancelled


# --- reminders -----------------------------------------------------------------------------------------


def test_reminders_go_24_hours_and_1_hour_before_once_each_and_never_for_a_cancelled_interview(
    small_round: SmallRound, nominee: Application
) -> None:
    slot = _book(small_round, nominee, _slot(small_round.place, days=3))
    other = small_round.applicant("Bilguun Lkhagva", places=[small_round.other])
    cancelled = _book(small_round, other, _slot(small_round.other, days=3))
    interview_moves.interview_cancel(
        viewer=small_round.viewer_of("company-echigo"), slot=cancelled, reason="Ill."
    )
    day_before = slot.starts_at - timedelta(hours=23, minutes=58)
    assert interview_moves.interview_reminders(now=slot.starts_at - timedelta(hours=25)) == 0
    assert interview_moves.interview_reminders(now=day_before) == 1
    assert interview_moves.interview_reminders(now=day_before + timedelta(minutes=5)) == 0  # once
    [text] = _texts(nominee.student, "internships.interview_reminder_day")
    assert "Улаанбаатар" in text
    assert "東京" in _texts(small_round.viewer_of("company").user, "internships.interview_reminder_day")[0]
    hour_before = slot.starts_at - timedelta(minutes=58)
    assert interview_moves.interview_reminders(now=hour_before) == 1
    assert interview_moves.interview_reminders(now=hour_before) == 0
    assert len(_texts(nominee.student, "internships.interview_reminder_hour")) == 1
    assert not InterviewReminder.objects.filter(slot=cancelled).exists()
    assert not Notification.objects.filter(
        user=other.student, event__startswith="internships.interview_reminder"
    ).exists()


def test_a_moved_interview_is_reminded_again_of_its_new_time(
    small_round: SmallRound, nominee: Application
) -> None:
    slot = _book(small_round, nominee, _slot(small_round.place, days=0.5))
    assert interview_moves.interview_reminders() == 1
    interview_moves.interview_reschedule(
        viewer=small_round.viewer_of("company"),
        slot=slot,
        starts_at=slot.starts_at + timedelta(hours=2),
        minutes=30,
        reason="Later in the day.",
    )
    assert interview_moves.interview_reminders() == 1
    assert InterviewReminder.objects.filter(slot=slot).count() == 2


def test_the_reminder_job_runs_every_five_minutes() -> None:
    job = next(j for j in JOBS if j.name == "internships.send_interview_reminders")
    assert job.every == timedelta(minutes=5)


# --- meeting link -------------------------------------------------------------------------------------


def test_a_booking_without_a_link_gets_one_from_the_companys_pattern(
    small_round: SmallRound, nominee: Application
) -> None:
    CompanyProfile.objects.update_or_create(
        organization=small_round.seiki,
        defaults={"meeting_url_pattern": "https://meet.example.com/kk-{interview_id}"},
    )
    slot = _book(small_round, nominee, _slot(small_round.place))
    assert slot.meeting_url == f"https://meet.example.com/kk-{slot.pk}"
    given = _book(
        small_round, nominee, _slot(small_round.other, days=5, meeting_url="https://zoom.example/j/1")
    )
    assert given.meeting_url == "https://zoom.example/j/1"  # Echigo has no pattern; a given link stays


@pytest.mark.parametrize(
    "pattern",
    [
        "http://meet.example.com/{interview_id}",
        "https://meet.example.com/{student}",
        "javascript:alert(1)",
        "https://x/{",
    ],
)
def test_a_meeting_pattern_is_an_https_address_with_known_placeholders(pattern: str) -> None:
    with pytest.raises(ValidationError, match="https://"):
        validate_meeting_url_pattern(pattern)


def test_a_fixed_room_or_a_pattern_is_accepted() -> None:
    validate_meeting_url_pattern("https://meet.example.com/our-room")
    validate_meeting_url_pattern("https://meet.example.com/kk-{place_id}-{interview_id}")


# --- scorecards ---------------------------------------------------------------------------------------


def test_scorecards_are_written_after_the_interview_and_shown_beside_the_ranking(
    small_round: SmallRound, nominee: Application, client_as: Callable[..., Client]
) -> None:
    slot = _book(small_round, nominee, _slot(small_round.place))
    company = small_round.viewer_of("company")
    scores = {"technical": 4, "communication": 3, "motivation": 5, "japanese": 2}
    with pytest.raises(ValidationError, match="after the interview"):
        interview_moves.scorecard_save(viewer=company, slot=slot, scores=scores)
    InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    slot.refresh_from_db()
    with pytest.raises(ValidationError):
        interview_moves.scorecard_save(viewer=company, slot=slot, scores={**scores, "japanese": 6})
    interview_moves.scorecard_save(viewer=company, slot=slot, scores=scores, note="Strong on sensors.")
    interview_moves.scorecard_save(
        viewer=company, slot=slot, scores={**scores, "japanese": 3}, note="Strong on sensors."
    )
    assert InterviewScore.objects.get(slot=slot).japanese == 3  # rewritten, not doubled
    with pytest.raises(PermissionDenied):
        interview_moves.scorecard_save(
            viewer=small_round.viewer_of("company-echigo"), slot=slot, scores=scores
        )
    page = client_as("company").get(f"/rounds/places/{small_round.place.pk}/ranking/").content.decode()
    assert "Technical 4 · Communication 3 · Motivation 5 · Japanese 3" in page
    assert "Strong on sensors." in page
    response = client_as("company").post(
        f"/rounds/interviews/{slot.pk}/scorecard/",
        {"technical": 5, "communication": 5, "motivation": 5, "japanese": 5, "note": "Re-read."},
    )
    assert response.status_code == 302
    assert InterviewScore.objects.get(slot=slot).average == 5


# --- query counts -------------------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_touched_pages_keep_their_query_counts_with_more_interviews(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    small_round.phase(Phase.INTERVIEWS)
    company = client_as("company")
    urls = [
        f"/rounds/places/{small_round.place.pk}/ranking/",
        f"/rounds/places/{small_round.place.pk}/interviews/",
    ]

    def add(count: int, prefix: str) -> None:
        for i in range(count):
            application = small_round.applicant(f"{prefix} Student {i}", places=[small_round.place])
            slot = _slot(small_round.place, days=1 + i, application=application)
            InterviewScore.objects.create(
                slot=slot,
                author=small_round.viewer_of("company").user,
                technical=3,
                communication=3,
                motivation=3,
                japanese=3,
            )

    add(2, "Few")
    for url in urls:
        company.get(url)  # the session and the cached menu
    few = [_count(company, url) for url in urls]
    add(20, "Many")
    many = [_count(company, url) for url in urls]
    assert many == few
    assert few == PINNED, few
    slot = InterviewSlot.objects.filter(place=small_round.place).first()
    assert slot is not None
    for page in ("cancel", "move", "scorecard"):
        assert _count(company, f"/rounds/interviews/{slot.pk}/{page}/") <= PINNED_CHANGE_PAGES


PINNED = [10, 5]  # the ranking page (with its scorecards) and the interviews page (the person, memberships
# and home zone are one query: accounts/auth_backends.py)
PINNED_CHANGE_PAGES = 12
