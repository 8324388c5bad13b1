"""A matching run's option for a place's minimum Japanese level: ignored, warned about (the result flags
the pairs assigned below it) or excluded (such pairs cannot be assigned), recorded with the run and shown
on its page. The levels compared are those the program office verified."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kakehashi.internships import selectors, services
from kakehashi.internships.models import (
    Application,
    JapaneseResult,
    MatchingRun,
    Phase,
    ResultStatus,
    RunStatus,
)

from .conftest import SmallRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_minimum(small_round: SmallRound) -> dict[str, Application]:
    """Seiki's place asks for N3. Anujin (ranked first by Seiki) has no verified level; Bilguun's N2 is
    verified; Khulan takes Echigo's one seat."""
    anujin = small_round.applicant("Anujin Dorj", "must-kosen", [small_round.place, small_round.other])
    bilguun = small_round.applicant("Bilguun Lkhagva", "mongol-kosen", [small_round.place, small_round.other])
    khulan = small_round.applicant("Khulan Batsukh", "shine-mongol-kosen", [small_round.other])
    small_round.rank(small_round.place, (anujin, 1), (bilguun, 2))
    small_round.rank(small_round.other, (khulan, 1), (bilguun, 2), (anujin, 3))
    small_round.place.japanese_level = "N3"
    small_round.place.save()
    JapaneseResult.objects.create(
        student=bilguun.student,
        level="N2",
        taken_on=datetime.date(2025, 12, 7),
        certificate="internships/japanese/x",
        status=ResultStatus.VERIFIED,
    )
    # Anujin typed N1 into the application: only a verified level counts.
    Application.objects.filter(pk=anujin.pk).update(japanese_level="N1")
    small_round.phase(Phase.MATCHING)
    return {"anujin": anujin, "bilguun": bilguun, "khulan": khulan}


def run_with(small_round: SmallRound, rule: str, capture: Callable[..., Any]) -> MatchingRun:
    with capture(execute=True):
        run = services.run_create(
            viewer=small_round.viewer_of("manager"),
            round_=small_round.round,
            algorithm="da",
            proposing="students",
            seed=1,
            japanese_rule=rule,
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    return run


def test_ignored_the_minimum_changes_nothing(
    small_round: SmallRound,
    round_with_minimum: dict[str, Application],
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = run_with(small_round, "ignore", django_capture_on_commit_callbacks)
    assert selectors.run_assignment(run)[round_with_minimum["anujin"].key] == small_round.place.key
    assert run.japanese_check == {}
    assert "japanese_check" not in run.instance


def test_warned_the_run_is_the_same_and_flags_the_pair_below(
    small_round: SmallRound,
    round_with_minimum: dict[str, Application],
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = run_with(small_round, "warn", django_capture_on_commit_callbacks)
    anujin = round_with_minimum["anujin"]
    assert selectors.run_assignment(run)[anujin.key] == small_round.place.key
    assert run.japanese_rule == "warn"
    assert run.japanese_check == {"below": 1, "assigned_below": [[anujin.key, small_round.place.key]]}
    # The input records each side's level, so the run can be reproduced and read.
    students = {s["id"]: s for s in run.instance["students"]}
    assert students[anujin.key]["japanese"] is None
    assert students[round_with_minimum["bilguun"].key]["japanese"] == "N2"


def test_excluded_the_pair_below_cannot_be_assigned(
    small_round: SmallRound,
    round_with_minimum: dict[str, Application],
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = run_with(small_round, "exclude", django_capture_on_commit_callbacks)
    assignment = selectors.run_assignment(run)
    assert assignment[round_with_minimum["bilguun"].key] == small_round.place.key
    assert assignment.get(round_with_minimum["anujin"].key) != small_round.place.key
    assert run.japanese_check == {"below": 1, "assigned_below": []}
    students = {s["id"]: s for s in run.instance["students"]}
    assert small_round.place.key not in students[round_with_minimum["anujin"].key]["ranking"]


def test_the_run_page_says_which_rule_was_used_and_what_it_found(
    small_round: SmallRound,
    round_with_minimum: dict[str, Application],
    django_capture_on_commit_callbacks: Any,
    client_as: Callable[..., Client],
) -> None:
    run = run_with(small_round, "warn", django_capture_on_commit_callbacks)
    html = client_as("manager").get(reverse("internships:run_detail", args=[run.pk])).content.decode()
    assert "Warn about pairs below the minimum Japanese level" in html
    assert "Assigned although below the place's minimum Japanese level: 1." in html


def test_the_run_form_records_the_rule(
    small_round: SmallRound,
    round_with_minimum: dict[str, Application],
    client_as: Callable[..., Client],
) -> None:
    response = client_as("manager").post(
        reverse("internships:run_list", args=[small_round.round.pk]),
        {"algorithm": "da", "proposing": "students", "seed": "3", "japanese_rule": "exclude"},
    )
    assert response.status_code == 302
    assert MatchingRun.objects.get(round=small_round.round).japanese_rule == "exclude"
