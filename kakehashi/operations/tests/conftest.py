from collections.abc import Callable
from datetime import date, timedelta

import pytest

from kakehashi.accounts.models import Organization, Program, User
from kakehashi.core.permissions import Viewer, build_viewer
from kakehashi.operations.models import InternCase
from kakehashi.operations.services import case_open

ARRIVAL = date(2026, 1, 10)


@pytest.fixture
def viewer(demo_user: Callable[[str], User]) -> Callable[[str], Viewer]:
    """viewer("safety"): the demo person's Viewer in the current program."""

    def make(key: str) -> Viewer:
        return build_viewer(demo_user(key))

    return make


@pytest.fixture
def make_case(demo_user: Callable[[str], User]) -> Callable[..., InternCase]:
    """make_case(): a case for the demo student at the demo company, arriving on ARRIVAL for 14 days."""

    def make(
        intern: str = "student",
        host: str = "nagaoka-seiki",
        arrival_on: date = ARRIVAL,
        days: int = 14,
        paid: bool = False,
        placement_ref: int | None = None,
    ) -> InternCase:
        return case_open(
            intern=demo_user(intern),
            host=Organization.objects.get(key=host),
            program=Program.objects.get(key="jica-dx-2024"),
            arrival_on=arrival_on,
            departure_on=arrival_on + timedelta(days=days - 1),
            paid=paid,
            placement_ref=placement_ref,
        )

    return make


from kakehashi.notifications.tests.fakes import fake_provider  # noqa: E402

__all__ = ["fake_provider"]
