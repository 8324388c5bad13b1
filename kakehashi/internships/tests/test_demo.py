import time

import pytest

from kakehashi.internships import demo
from kakehashi.internships.models import Application, Phase, Placement, PlacementStatus, Round

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_pilot_the_finished_round_and_the_open_one() -> None:
    pilot = Round.objects.get(program__key="nagaoka-pilot-2023")
    assert 65 <= pilot.applications.count() <= 75
    assert Placement.objects.filter(round=pilot, status=PlacementStatus.ACCEPTED).count() == 8
    finished = Round.objects.get(program__key="jica-dx-2024", key="2025-03")
    assert finished.applications.count() > 80
    assert Placement.objects.filter(round=finished, status=PlacementStatus.ACCEPTED).count() == 10
    upcoming = Round.objects.get(program__key="jica-dx-2024", key="2026-03")
    assert upcoming.phase == Phase.APPLICATIONS
    draft = Application.objects.get(round=upcoming, student__email="student@demo.kakehashi.example")
    assert draft.submitted_at is None
    assert upcoming.places.filter(company__key="nagaoka-seiki", status="approved").exists()


def test_loading_the_demo_again_changes_nothing_and_is_fast() -> None:
    before = (Application.objects.count(), Placement.objects.count(), Round.objects.count())
    started = time.perf_counter()
    demo.load()
    assert time.perf_counter() - started < 5
    assert (Application.objects.count(), Placement.objects.count(), Round.objects.count()) == before
