"""Interpreters for the interviews: the NGO coordinator and the program office arrange them, the student
and the company are told and see them, and the calendar invitation names them."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from kakehashi.internships import interviews
from kakehashi.internships.models import Application, InterviewSlot, Phase, Place, Round
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _booked(
    place: Place, application: Application, *, interpreter: bool = True, days: int = 3
) -> InterviewSlot:
    return InterviewSlot.objects.create(
        place=place,
        starts_at=timezone.now() + timedelta(days=days),
        application=application,
        interpreter=interpreter,
    )


def _description(slot: InterviewSlot) -> str:
    """The event's description in the calendar invitation, unfolded."""
    event = Calendar.from_ical(interviews.ics(slot)).walk("VEVENT")[0]
    return str(event["DESCRIPTION"])


def test_the_ngo_coordinator_arranges_an_interpreter_and_the_student_and_the_company_are_told(
    small_round: SmallRound,
) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    slot = _booked(small_round.place, nominee)
    slot = interviews.interpreter_slot_for(small_round.viewer_of("ngo"), small_round.round, slot.pk)

    interviews.interpreter_arrange(
        viewer=small_round.viewer_of("ngo"), slot=slot, name=" Oyunaa Bat ", contact="oyunaa@example.org"
    )

    slot.refresh_from_db()
    assert (slot.interpreter_name, slot.interpreter_contact) == ("Oyunaa Bat", "oyunaa@example.org")
    told = Notification.objects.filter(event__startswith="internships.inter", text__contains="Oyunaa Bat")
    assert sorted(n.user.email for n in told) == sorted(
        [nominee.student.email, "company@demo.kakehashi.example"]
    )
    assert _description(slot) == "Interpreter requested: yes\nInterpreter: Oyunaa Bat (oyunaa@example.org)"


def test_saving_the_same_interpreter_again_tells_nobody_and_clearing_it_is_told(
    small_round: SmallRound,
) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    slot = _booked(small_round.place, nominee)
    manager = small_round.viewer_of("manager")
    interviews.interpreter_arrange(viewer=manager, slot=slot, name="Oyunaa Bat")
    interviews.interpreter_arrange(viewer=manager, slot=slot, name="Oyunaa Bat")
    assert (
        Notification.objects.filter(user=nominee.student, event__startswith="internships.inter").count() == 1
    )

    interviews.interpreter_arrange(viewer=manager, slot=slot, name="", contact="")

    slot.refresh_from_db()
    assert not slot.interpreter_arranged
    assert slot.interpreter  # the request itself stays
    assert _description(slot) == "Interpreter requested: yes"
    assert (
        Notification.objects.filter(user=nominee.student, event__startswith="internships.inter").count() == 2
    )


def test_the_company_and_the_student_may_not_set_the_interpreter(small_round: SmallRound) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    slot = _booked(small_round.place, nominee)
    for viewer in (small_round.viewer_of("company"), small_round.viewer_for_user(nominee.student)):
        with pytest.raises(PermissionDenied):
            interviews.interpreter_arrange(viewer=viewer, slot=slot, name="Me")
        with pytest.raises(PermissionDenied):
            interviews.interpreter_requests(viewer, small_round.round)
    slot.refresh_from_db()
    assert slot.interpreter_name == ""
    assert not Notification.objects.filter(event__startswith="internships.inter").exists()


def test_only_booked_interviews_that_asked_for_one_get_an_interpreter(small_round: SmallRound) -> None:
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    ngo = small_round.viewer_of("ngo")
    without = _booked(small_round.place, nominee, interpreter=False)
    with pytest.raises(ValidationError, match="Nobody asked"):
        interviews.interpreter_arrange(viewer=ngo, slot=without, name="Oyunaa Bat")
    with pytest.raises(Http404):
        interviews.interpreter_slot_for(ngo, small_round.round, without.pk)
    asked = _booked(small_round.other, nominee)
    with pytest.raises(ValidationError, match="name"):
        interviews.interpreter_arrange(viewer=ngo, slot=asked, name=" ", contact="+976 9911 2233")
    other_round = Round.objects.get(program__key="jica-dx-2024", key="2026-03")
    with pytest.raises(Http404):
        interviews.interpreter_slot_for(ngo, other_round, asked.pk)


def test_the_list_shows_what_is_not_arranged_yet_or_everything(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    client = client_as("ngo")
    url = f"/rounds/{small_round.round.pk}/interpreters/"
    response = client.get(url)
    assert "Every interpreter asked for is arranged." in response.content.decode()

    first = small_round.applicant("Anujin Dorj", places=[small_round.place])
    second = small_round.applicant("Bilguun Lkhagva", places=[small_round.other])
    _booked(small_round.place, first)
    done = _booked(small_round.other, second)
    interviews.interpreter_arrange(viewer=small_round.viewer_of("ngo"), slot=done, name="Tserendulam Gan")
    _booked(small_round.place, small_round.applicant("Khulan Batsukh"), interpreter=False)

    todo = client.get(url).content.decode()
    assert "Anujin Dorj" in todo
    assert "Bilguun Lkhagva" not in todo
    assert "Khulan Batsukh" not in todo
    everything = client.get(url, {"show": "all"}).content.decode()
    assert "Anujin Dorj" in everything
    assert "Tserendulam Gan" in everything
    assert "Khulan Batsukh" not in everything
    partial = client.get(url, {"show": "all"}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="results">')
    assert "Tserendulam Gan" in partial


def test_the_list_keeps_its_query_count_with_few_and_many_interviews(
    small_round: SmallRound,
    client_as: Callable[..., Client],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    client = client_as("ngo")
    url = f"/rounds/{small_round.round.pk}/interpreters/?show=all"
    client.get(url)

    def add(count: int, prefix: str) -> None:
        for i in range(count):
            place = small_round.make_place(
                small_round.seiki if i % 2 else small_round.echigo, f"{prefix} {i}"
            )
            slot = _booked(place, small_round.applicant(f"{prefix} Student {i}", places=[place]), days=2 + i)
            if i % 3 == 0:
                InterviewSlot.objects.filter(pk=slot.pk).update(interpreter_name=f"Interpreter {i}")

    add(3, "Few")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(40, "Many")
    with django_assert_max_num_queries(len(few)):  # type: ignore[operator]
        response = client.get(url)
    assert response.status_code == 200
    assert "Many Student" in response.content.decode()
    assert len(few) <= 15


def test_the_page_saves_the_interpreter_and_the_student_and_the_company_see_it(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    small_round.phase(Phase.INTERVIEWS)
    nominee = small_round.applicant("Anujin Dorj", places=[small_round.place])
    slot = _booked(small_round.place, nominee)
    url = f"/rounds/{small_round.round.pk}/interpreters/{slot.pk}/"
    company = client_as("company")
    assert company.post(url, {"name": "Me"}).status_code == 403
    company_page = f"/rounds/places/{small_round.place.pk}/interviews/"
    assert "Requested, not arranged yet" in company.get(company_page).content.decode()

    response = client_as("ngo").post(url, {"name": "Oyunaa Bat", "contact": "+976 9911 2233"})

    assert response.status_code == 302
    assert response["Location"] == f"/rounds/{small_round.round.pk}/interpreters/"
    assert "Oyunaa Bat (+976 9911 2233)" in company.get(company_page).content.decode()
    student = Client()
    student.cookies["kakehashi_language"] = "en"
    student.force_login(nominee.student)
    page = student.get(f"/rounds/{small_round.round.pk}/interviews/").content.decode()
    assert "Interpreter: Oyunaa Bat" in page
