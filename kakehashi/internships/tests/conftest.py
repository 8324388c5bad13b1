"""A small round built through the services, in a given phase, for the unit tests."""

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer, build_viewer
from kakehashi.internships import services
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    Nomination,
    Place,
    PlaceStatus,
    Round,
    RoundPhase,
)
from kakehashi.internships.selectors import rounds_changed


@pytest.fixture
def viewer_of(demo_user: Callable[[str], User]) -> Callable[[str], Viewer]:
    def make(key: str) -> Viewer:
        user = demo_user(key)
        return build_viewer(user, Program.objects.get(key="jica-dx-2024").pk)

    return make


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages raised by services are read in English here; notifications keep each person's language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def every_company_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readiness belongs to the companies app; these tests are about rounds."""
    monkeypatch.setattr(services.places, "company_is_ready", lambda company: True)


class SmallRound:
    """A round with two places (Nagaoka Seiki, Echigo Machinery) and applicants from two colleges."""

    def __init__(self, viewer_of: Callable[[str], Viewer]) -> None:
        self.viewer_of = viewer_of
        self.program = Program.objects.get(key="jica-dx-2024")
        self.round = services.round_create(
            viewer=viewer_of("manager"),
            name={"en": "Test round"},
            key="test-round",
            internship_starts_on=date(2030, 3, 1),
            internship_ends_on=date(2030, 3, 14),
        )
        today = timezone.localdate()
        RoundPhase.objects.filter(round=self.round).update(
            starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=10)
        )
        rounds_changed()
        self.seiki = Organization.objects.get(key="nagaoka-seiki")
        self.echigo = Organization.objects.get(key="echigo-machinery")
        self.place = self.make_place(self.seiki, "IoT sensors")
        self.other = self.make_place(self.echigo, "CNC machining")

    def phase(self, phase: str) -> None:
        Round.objects.filter(pk=self.round.pk).update(phase=phase)
        rounds_changed()  # an update sends no signal
        self.round.refresh_from_db()

    def make_place(self, company: Organization, title: str, capacity: int = 1) -> Place:
        return Place.objects.create(
            round=self.round,
            company=company,
            title={"en": title},
            field="IoT",
            capacity=capacity,
            starts_on=date(2030, 3, 1),
            ends_on=date(2030, 3, 14),
            location="Nagaoka",
            status=PlaceStatus.APPROVED,
        )

    def applicant(
        self,
        name: str,
        college: str = "must-kosen",
        places: list[Place] | None = None,
        confirmed: bool = True,
    ) -> Application:
        email = f"{name.lower().replace(' ', '.')}@test.example"
        user = User.objects.create_user(email=email, name_latin=name, preferred_language="mn")
        org = Organization.objects.get(key=college)
        Membership.objects.create(user=user, organization=org, program=self.program, role=Role.STUDENT)
        application = Application.objects.create(
            round=self.round,
            student=user,
            college=org,
            name_latin=name,
            consent_version="2025-01",
            consent_at=timezone.now(),
            submitted_at=timezone.now(),
            nomination=Nomination.NOMINATED if confirmed else Nomination.PENDING,
            confirmed_at=timezone.now() if confirmed else None,
        )
        for position, place in enumerate(places or [], start=1):
            Choice.objects.create(application=application, place=place, position=position)
        return application

    def rank(self, place: Place, *pairs: tuple[Application, int]) -> None:
        for application, rank in pairs:
            CompanyRank.objects.create(place=place, application=application, rank=rank)

    def viewer_for_user(self, user: User) -> Viewer:
        return build_viewer(user, self.program.pk)


@pytest.fixture
def small_round(db: None, viewer_of: Callable[[str], Viewer]) -> SmallRound:
    return SmallRound(viewer_of)


def anything(**kwargs: Any) -> dict[str, Any]:
    return kwargs
