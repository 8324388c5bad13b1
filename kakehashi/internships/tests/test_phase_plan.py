"""The default phase plan of a new round: counted back from the internship, or, when that would put
deadlines in the past, starting today with the days left shared among the phases (and a warning)."""

from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.core.dates import written_date
from kakehashi.internships.models import DATED_PHASES, Round, RoundPhase
from kakehashi.internships.services import default_phase_dates, phase_plan_warning
from kakehashi.internships.services.rounds import LEAD_DAYS, MIN_PHASE_DAYS, PHASE_DAYS

TODAY = date(2026, 12, 6)


def _in_order(plan: dict[str, tuple[date, date]]) -> list[tuple[date, date]]:
    dates = [plan[phase] for phase in DATED_PHASES]
    for (start, end), (next_start, _next_end) in pairwise(dates):
        assert start <= end
        assert next_start == end + timedelta(days=1)  # in order, no gap, no overlap
    return dates


def test_a_far_internship_keeps_the_usual_plan_counted_back() -> None:
    starts = TODAY + timedelta(days=365)
    dates = _in_order(default_phase_dates(starts, TODAY))
    assert dates[-1][1] == starts - timedelta(days=LEAD_DAYS)
    assert all((end - start).days + 1 == PHASE_DAYS for start, end in dates)
    assert phase_plan_warning(starts, TODAY) is None


@pytest.mark.parametrize("weeks", [16, 12, 10])
def test_a_near_internship_gets_phases_from_today_shared_equally_and_a_warning(weeks: int) -> None:
    starts = TODAY + timedelta(weeks=weeks)
    dates = _in_order(default_phase_dates(starts, TODAY))
    assert dates[0][0] == TODAY  # no deadline in the past
    assert dates[-1][1] < starts - timedelta(days=LEAD_DAYS)  # the month before the internship is kept
    lengths = [(end - start).days + 1 for start, end in dates]
    assert min(lengths) >= MIN_PHASE_DAYS
    assert max(lengths) - min(lengths) <= 1
    warning = phase_plan_warning(starts, TODAY)
    assert warning is not None
    assert "start today" in warning
    assert written_date(starts) in warning  # in the page's language: 2027年3月1日, 1 Mar 2027


def test_an_internship_too_near_even_for_short_phases_says_so() -> None:
    starts = TODAY + timedelta(days=20)
    dates = _in_order(default_phase_dates(starts, TODAY))
    assert dates[0][0] == TODAY
    assert all((end - start).days + 1 == MIN_PHASE_DAYS for start, end in dates)
    warning = phase_plan_warning(starts, TODAY)
    assert warning is not None
    assert "end after the internship starts" in warning


def test_a_month_short_of_the_lead_time_gives_up_the_month_before_the_internship() -> None:
    starts = TODAY + timedelta(days=LEAD_DAYS + 10)
    dates = _in_order(default_phase_dates(starts, TODAY))
    assert dates[0][0] == TODAY
    assert dates[-1][1] < starts
    assert "start today" in (phase_plan_warning(starts, TODAY) or "")


@pytest.mark.django_db
def test_creating_a_round_four_months_ahead_warns_and_plans_from_today(
    client_as: Callable[..., Client],
) -> None:
    today = timezone.localdate()
    starts = today + timedelta(weeks=16)
    client = client_as("manager")
    response = client.post(
        "/rounds/new/",
        {
            "name_en": "Spring intake",
            "key": "spring-intake",
            "internship_starts_on": starts.isoformat(),
            "internship_ends_on": (starts + timedelta(days=30)).isoformat(),
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The phases start today instead" in page
    round_ = Round.objects.get(key="spring-intake")
    first = RoundPhase.objects.filter(round=round_).order_by("starts_on").first()
    assert first is not None
    assert first.starts_on == today
    assert not RoundPhase.objects.filter(round=round_, ends_on__lt=today).exists()
