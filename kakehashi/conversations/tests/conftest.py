from collections.abc import Callable

import pytest

from kakehashi.accounts.models import User
from kakehashi.conversations import services
from kakehashi.conversations.models import Side, Thread
from kakehashi.core.permissions import Viewer, build_viewer
from kakehashi.internships.models import Application


@pytest.fixture
def viewer(demo_user: Callable[[str], User]) -> Callable[[str], Viewer]:
    def make(key: str) -> Viewer:
        return build_viewer(demo_user(key))

    return make


@pytest.fixture
def company_thread(viewer: Callable[[str], Viewer], demo_user: Callable[[str], User]) -> Thread:
    """The demo company (nagaoka-seiki) writes to the demo student, its intern (must-kosen)."""
    return services.thread_start(
        viewer=viewer("company"),
        person=demo_user("student"),
        side=Side.COMPANY,
        subject="初日について",
        body="初日は9時に来てください。",
    )


@pytest.fixture
def nominee(viewer: Callable[[str], Viewer], demo_user: Callable[[str], User]) -> Application:
    """A student of must-kosen nominated (and confirmed by the NGO) to a place of the demo company, in a
    round that is not closed."""
    from datetime import date, timedelta

    from django.utils import timezone

    from kakehashi.accounts.models import Membership, Organization
    from kakehashi.accounts.roles import Role
    from kakehashi.internships import services as round_services
    from kakehashi.internships.models import Application, Choice, Nomination, Place, PlaceStatus

    round_ = round_services.round_create(
        viewer=viewer("manager"),
        name={"en": "Conversation round"},
        key="conversation-round",
        internship_starts_on=date(2030, 3, 1),
        internship_ends_on=date(2030, 3, 14),
    )
    college = Organization.objects.get(key="must-kosen")
    place = Place.objects.create(
        round=round_,
        company=Organization.objects.get(key="nagaoka-seiki"),
        title={"en": "IoT sensors"},
        field="IoT",
        capacity=1,
        starts_on=date(2030, 3, 1),
        ends_on=date(2030, 3, 14),
        location="Nagaoka",
        status=PlaceStatus.APPROVED,
    )
    student = User.objects.create_user(email="nominee@test.example", name_latin="Bold Nominee")
    Membership.objects.create(user=student, organization=college, program=round_.program, role=Role.STUDENT)
    now = timezone.now() - timedelta(days=1)
    application = Application.objects.create(
        round=round_,
        student=student,
        college=college,
        name_latin=student.name_latin,
        consent_version="2025-01",
        consent_at=now,
        submitted_at=now,
        nomination=Nomination.NOMINATED,
        confirmed_at=now,
    )
    Choice.objects.create(application=application, place=place, position=1)
    return application
