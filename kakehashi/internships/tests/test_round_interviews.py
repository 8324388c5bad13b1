"""The program office's list of a round's interviews: every company's booked interviews (never free
slots), filtered by company, place, status, dates on the viewer's clock and the student's name, paginated,
with links to move or cancel those still to come; only the program manager sees it; its query count does
not grow with the number of interviews."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from kakehashi.internships import interview_office
from kakehashi.internships.interview_office import InterviewFilters
from kakehashi.internships.models import Application, InterviewSlot, Phase, Place
from kakehashi.internships.tests.conftest import SmallRound

pytestmark = pytest.mark.django_db


def _interview(
    small_round: SmallRound, place: Place, name: str, days: float, **fields: object
) -> InterviewSlot:
    application: Application = small_round.applicant(name, places=[place])
    return InterviewSlot.objects.create(
        place=place,
        starts_at=timezone.now() + timedelta(days=days),
        application=application,
        **fields,
    )


@pytest.fixture
def three(small_round: SmallRound) -> dict[str, InterviewSlot]:
    """Upcoming at Nagaoka Seiki, done at Echigo Machinery, cancelled at Nagaoka Seiki; and a free slot."""
    small_round.phase(Phase.INTERVIEWS)
    InterviewSlot.objects.create(place=small_round.place, starts_at=timezone.now() + timedelta(days=2))
    return {
        "booked": _interview(small_round, small_round.place, "Anujin Dorj", 3),
        "done": _interview(small_round, small_round.other, "Bilguun Lkhagva", -1),
        "cancelled": _interview(
            small_round, small_round.place, "Khulan Batsukh", 5, cancelled_at=timezone.now()
        ),
    }


def _pks(small_round: SmallRound, **filters: object) -> list[int]:
    slots = interview_office.round_interviews(
        small_round.viewer_of("manager"),
        small_round.round,
        InterviewFilters(**filters),  # type: ignore[arg-type]
    )
    return [s.pk for s in slots]


def test_it_lists_every_booked_interview_of_every_company_and_no_free_slot(
    small_round: SmallRound, three: dict[str, InterviewSlot]
) -> None:
    assert _pks(small_round) == [three["done"].pk, three["booked"].pk, three["cancelled"].pk]


def test_it_filters_by_company_place_status_dates_and_name(
    small_round: SmallRound, three: dict[str, InterviewSlot]
) -> None:
    assert _pks(small_round, company=small_round.echigo.pk) == [three["done"].pk]
    assert _pks(small_round, place=small_round.place.pk) == [three["booked"].pk, three["cancelled"].pk]
    assert _pks(small_round, status="booked") == [three["booked"].pk]
    assert _pks(small_round, status="done") == [three["done"].pk]
    assert _pks(small_round, status="cancelled") == [three["cancelled"].pk]
    today = timezone.localdate()
    assert _pks(small_round, date_from=today + timedelta(days=2), date_to=today + timedelta(days=4)) == [
        three["booked"].pk
    ]
    assert _pks(small_round, search="khulan") == [three["cancelled"].pk]


def test_the_dates_are_days_on_the_viewers_clock(small_round: SmallRound) -> None:
    """23:30 in Tokyo on a day is 22:30 of the same day in Ulaanbaatar, but 00:30 of the next day is
    23:30 of the day before there."""
    small_round.phase(Phase.INTERVIEWS)
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    day = timezone.localdate() + timedelta(days=5)
    from datetime import datetime, time

    at = datetime.combine(day, time(0, 30), tzinfo=tokyo)
    slot = _interview(small_round, small_round.place, "Anujin Dorj", 0)
    InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=at)
    on_day = {"date_from": day, "date_to": day}
    assert _pks(small_round, zone="Asia/Tokyo", **on_day) == [slot.pk]
    assert _pks(small_round, zone="Asia/Ulaanbaatar", **on_day) == []
    before = {"date_from": day - timedelta(days=1), "date_to": day - timedelta(days=1)}
    assert _pks(small_round, zone="Asia/Ulaanbaatar", **before) == [slot.pk]


def test_only_the_program_manager_may_list_them(
    small_round: SmallRound, three: dict[str, InterviewSlot], client_as: Callable[..., Client]
) -> None:
    for key in ("company", "ngo", "teacher", "accountant"):
        with pytest.raises(PermissionDenied):
            interview_office.round_interviews(
                small_round.viewer_of(key), small_round.round, InterviewFilters()
            )
        assert client_as(key).get(f"/rounds/{small_round.round.pk}/interviews/all/").status_code == 403


def test_the_page_shows_times_on_the_managers_clock_and_links_to_change_the_ones_to_come(
    small_round: SmallRound, three: dict[str, InterviewSlot], client_as: Callable[..., Client]
) -> None:
    manager = client_as("manager", "ja")
    response = manager.get(f"/rounds/{small_round.round.pk}/interviews/all/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "(東京)" in html
    booked, done, cancelled = three["booked"], three["done"], three["cancelled"]
    assert f"/rounds/interviews/{booked.pk}/move/" in html
    assert f"/rounds/interviews/{booked.pk}/cancel/" in html
    for other in (done, cancelled):
        assert f"/rounds/interviews/{other.pk}/move/" not in html
    response = manager.get(f"/rounds/{small_round.round.pk}/interviews/all/?status=cancelled&q=khulan")
    html = response.content.decode()
    assert f"/rounds/interviews/{booked.pk}/move/" not in html
    assert "Khulan" in html or "KHULAN" in html
    round_page = manager.get(f"/rounds/{small_round.round.pk}/").content.decode()
    assert f"/rounds/{small_round.round.pk}/interviews/all/" in round_page


@override_settings(PAGE_SIZE=10)
def test_it_is_paginated(small_round: SmallRound, client_as: Callable[..., Client]) -> None:
    small_round.phase(Phase.INTERVIEWS)
    for i in range(12):
        _interview(small_round, small_round.place, f"Student {i:02d}", 1 + i)
    manager = client_as("manager")
    first = manager.get(f"/rounds/{small_round.round.pk}/interviews/all/").content.decode()
    second = manager.get(f"/rounds/{small_round.round.pk}/interviews/all/?page=2").content.decode()
    assert first.count("/move/") == 10
    assert second.count("/move/") == 2


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_its_query_count_is_flat_between_few_and_many_interviews(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    small_round.phase(Phase.INTERVIEWS)
    manager = client_as("manager")
    url = f"/rounds/{small_round.round.pk}/interviews/all/"

    def add(count: int, prefix: str) -> None:
        for i in range(count):
            place = small_round.place if i % 2 else small_round.other
            _interview(small_round, place, f"{prefix} Student {i}", 1 + i)

    add(2, "Few")
    manager.get(url)  # the session and the cached menu
    few = _count(manager, url)
    add(30, "Many")
    many = _count(manager, url)
    assert many == few
    assert few == PINNED, few


PINNED = 6  # session, the person with memberships and home zone, menu, places for the filters, count, page


def test_the_manager_goes_back_to_the_list_after_moving_or_cancelling(
    small_round: SmallRound, three: dict[str, InterviewSlot], client_as: Callable[..., Client]
) -> None:
    manager = client_as("manager")
    url = f"/rounds/interviews/{three['booked'].pk}/cancel/"
    assert f"/rounds/{small_round.round.pk}/interviews/all/" in manager.get(url).content.decode()
    response = manager.post(url, {"reason": "The place was withdrawn."})
    assert response.status_code == 302
    assert response["Location"] == f"/rounds/{small_round.round.pk}/interviews/all/"
