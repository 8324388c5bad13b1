"""Interview times across the two countries: a Mongolian student reads Ulaanbaatar time first with Tokyo time
beside it, a Japanese company reads Tokyo time first; every time shown names its zone, in the reader's
language (notifications, email subjects and bodies, the interview pages)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from kakehashi.accounts.models import User
from kakehashi.core import times
from kakehashi.internships import interviews
from kakehashi.internships.models import Application, InterviewSlot, Phase
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Notification

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def _eleven_in_tokyo() -> datetime:
    day = (timezone.now() + timedelta(days=3)).astimezone(TOKYO).date()
    return datetime(day.year, day.month, day.day, 11, 0, tzinfo=TOKYO)


def _english_day(when: datetime) -> str:
    """The day as an English page writes it before a time: "9 Dec 2026,"."""
    return f"{when.day} {when:%b} {when.year},"


def _book(small_round: SmallRound, capture: object, student_language: str) -> tuple[Application, User]:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    User.objects.filter(pk=nominee.student.pk).update(preferred_language=student_language)
    nominee.student.refresh_from_db()
    company = small_round.viewer_of("company")
    User.objects.filter(pk=company.user.pk).update(preferred_language="en")
    small_round.phase(Phase.INTERVIEWS)
    slot = interviews.slot_add(viewer=company, place=small_round.place, starts_at=_eleven_in_tokyo())
    with capture(execute=True):  # type: ignore[operator]
        interviews.slot_book(
            viewer=small_round.viewer_for_user(nominee.student),
            application=nominee,
            slot=slot,
            interpreter=True,
        )
    return nominee, company.user


def test_the_student_reads_ulaanbaatar_time_first_and_the_company_tokyo_time(
    small_round: SmallRound, django_capture_on_commit_callbacks: object
) -> None:
    nominee, company = _book(small_round, django_capture_on_commit_callbacks, "en")
    date = _english_day(_eleven_in_tokyo())

    student_text = Notification.objects.get(user=nominee.student, event__startswith="internships.inter").text
    assert f"{date} 10:00 (Ulaanbaatar) / 11:00 (Tokyo)" in student_text
    company_text = Notification.objects.get(user=company, event__startswith="internships.inter").text
    assert f"{date} 11:00 (Tokyo) / 10:00 (Ulaanbaatar)" in company_text

    invitations = {m.to[0]: m for m in mail.outbox if m.attachments}
    to_student = invitations[nominee.student.email]
    assert f"{date} 10:00 (Ulaanbaatar) / 11:00 (Tokyo)" in to_student.subject
    assert f"{date} 10:00 (Ulaanbaatar) / 11:00 (Tokyo)" in to_student.body
    to_company = invitations[company.email]
    assert f"{date} 11:00 (Tokyo) / 10:00 (Ulaanbaatar)" in to_company.subject
    assert f"{date} 11:00 (Tokyo)" in to_company.body


def test_a_mongolian_student_reads_the_zone_in_mongolian(
    small_round: SmallRound, django_capture_on_commit_callbacks: object
) -> None:
    nominee, company = _book(small_round, django_capture_on_commit_callbacks, "mn")

    student_text = Notification.objects.get(user=nominee.student, event__startswith="internships.inter").text
    assert "10:00 (Улаанбаатар)" in student_text
    assert " / 11:00 (" in student_text  # Tokyo time beside it, named
    invitation = next(m for m in mail.outbox if m.attachments and m.to == [nominee.student.email])
    assert "10:00 (Улаанбаатар)" in invitation.subject
    # The company, in English, is not given the Mongolian text the student got.
    assert (
        "11:00 (Tokyo)" in Notification.objects.get(user=company, event__startswith="internships.inter").text
    )


def test_the_interview_pages_name_the_zone_for_the_student_and_the_company(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    small_round.phase(Phase.INTERVIEWS)
    starts = _eleven_in_tokyo()
    InterviewSlot.objects.create(place=small_round.place, starts_at=starts, application=nominee)
    date = _english_day(starts)

    student = Client()
    student.cookies["kakehashi_language"] = "en"
    student.force_login(nominee.student)
    page = student.get(f"/rounds/{small_round.round.pk}/interviews/").content.decode()
    assert f"{date} 10:00 (Ulaanbaatar) / 11:00 (Tokyo)" in page

    company_page = f"/rounds/places/{small_round.place.pk}/interviews/"
    page = client_as("company").get(company_page).content.decode()
    assert f"{date} 11:00 (Tokyo) / 10:00 (Ulaanbaatar)" in page


def test_a_persons_side_comes_from_their_organizations_then_their_language(
    small_round: SmallRound, viewer_of: Callable[[str], object]
) -> None:
    student = small_round.applicant("Anujin Dorj").student
    assert times.home_zone(student) == "Asia/Ulaanbaatar"
    company = viewer_of("company").user  # type: ignore[attr-defined]
    assert times.home_zone(company) == "Asia/Tokyo"
    nobody = User.objects.create_user(
        email="no.org@test.example", name_latin="No Org", preferred_language="mn"
    )
    assert times.home_zone(nobody) == "Asia/Ulaanbaatar"


def test_the_other_sides_date_is_shown_when_it_differs() -> None:
    half_past_midnight = datetime(2030, 3, 2, 0, 30, tzinfo=TOKYO)
    with translation.override("en"):
        assert times.both_zones(half_past_midnight, "Asia/Tokyo") == (
            "2 Mar 2030, 00:30 (Tokyo) / 1 Mar 2030, 23:30 (Ulaanbaatar)"
        )


def test_the_interpreter_pages_show_the_coordinators_side_first(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    small_round.phase(Phase.INTERVIEWS)
    starts = _eleven_in_tokyo()
    slot = InterviewSlot.objects.create(
        place=small_round.place, starts_at=starts, application=nominee, interpreter=True
    )
    date = _english_day(starts)
    ngo = client_as("ngo")  # the NGO coordinator, in Mongolia
    listing = ngo.get(f"/rounds/{small_round.round.pk}/interpreters/").content.decode()
    assert f"{date} 10:00 (Ulaanbaatar) / 11:00 (Tokyo)" in listing
    form = ngo.get(f"/rounds/{small_round.round.pk}/interpreters/{slot.pk}/").content.decode()
    assert f"{date} 10:00 (Ulaanbaatar) / 11:00 (Tokyo)" in form
