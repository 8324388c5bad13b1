"""Matching runs: the engine's input built from the database, a run frozen and solved in the
background (the task's body is here), and the independent check of a finished run."""

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    MatchingRun,
    Nomination,
    Phase,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
    RunKind,
    RunStatus,
)


def build_instance(
    round_: Round,
    *,
    kind: str = RunKind.FIRST,
    college_cap: int | None = None,
    college_caps: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The engine's input from the database: confirmed nominees ranking approved places, and each place's
    ranking (ties as lists) restricted to those who ranked it. Four queries whatever the round's size.

    Rankings are trimmed (places not approved, or already full in a second run; students who did not rank
    the place), so each entry carries its original number in `ranks`: the student's choice number and
    the company's rank, which explanations and statistics show."""
    applications = dict(
        Application.objects.filter(
            round=round_,
            nomination=Nomination.NOMINATED,
            confirmed_at__isnull=False,
            submitted_at__isnull=False,
        ).values_list("pk", "college__key")
    )
    capacities = dict(
        Place.objects.filter(round=round_, status=PlaceStatus.APPROVED).values_list("pk", "capacity")
    )
    if kind == RunKind.SECOND:
        taken: dict[int, int] = {}
        for app_id, place_id, status, student_answer in Placement.objects.filter(round=round_).values_list(
            "application_id", "place_id", "status", "student_answer"
        ):
            # A student who declined leaves; one a company declined may be matched again.
            if status != PlacementStatus.DECLINED or student_answer == PlacementStatus.DECLINED:
                applications.pop(app_id, None)
            if status != PlacementStatus.DECLINED:
                taken[place_id] = taken.get(place_id, 0) + 1
        capacities = {pk: cap - taken.get(pk, 0) for pk, cap in capacities.items() if cap > taken.get(pk, 0)}
    rankings: dict[int, list[int]] = {pk: [] for pk in applications}
    choice_numbers: dict[int, list[int]] = {pk: [] for pk in applications}
    ranked_by: dict[int, set[int]] = {pk: set() for pk in capacities}
    # Joins on the round rather than long IN lists: SQLite plans those badly at 10,000 applicants.
    for app_id, place_id, position in (
        Choice.objects.filter(application__round=round_, place__round=round_)
        .order_by("application_id", "position")
        .values_list("application_id", "place_id", "position")
    ):
        if app_id in rankings and place_id in ranked_by:
            rankings[app_id].append(place_id)
            choice_numbers[app_id].append(position)
            ranked_by[place_id].add(app_id)
    levels: dict[int, dict[int, list[str]]] = {pk: {} for pk in capacities}
    for place_id, app_id, rank in CompanyRank.objects.filter(place__round=round_).values_list(
        "place_id", "application_id", "rank"
    ):
        if place_id in ranked_by and app_id in ranked_by[place_id]:
            levels[place_id].setdefault(rank, []).append(f"a{app_id}")
    colleges = sorted(set(applications.values()))
    # One cap for every college (`college_cap`), or a cap per college key; a college without one has none.
    caps: dict[str, int] = dict.fromkeys(colleges, college_cap) if college_cap else {}
    caps.update({key: cap for key, cap in (college_caps or {}).items() if key in colleges and cap})
    places = []
    for place_id, capacity in sorted(capacities.items()):
        ranking: list[Any] = []
        company_ranks = sorted(levels[place_id])
        for rank in company_ranks:
            group = sorted(levels[place_id][rank])
            ranking.append(group[0] if len(group) == 1 else group)
        entry: dict[str, Any] = {
            "id": f"p{place_id}",
            "capacity": capacity,
            "ranking": ranking,
            "ranks": company_ranks,
        }
        if caps:
            entry["group_caps"] = dict(caps)
        places.append(entry)
    students = [
        {
            "id": f"a{pk}",
            "group": college,
            "ranking": [f"p{p}" for p in rankings[pk]],
            "ranks": choice_numbers[pk],
        }
        for pk, college in sorted(applications.items())
    ]
    return {"students": students, "places": places}


@transaction.atomic
def run_create(
    *,
    viewer: Viewer,
    round_: Round,
    algorithm: str,
    proposing: str,
    seed: int,
    college_cap: int | None = None,
    college_caps: dict[str, int] | None = None,
) -> MatchingRun:
    """Freeze the input now and solve it in the background; the run keeps both for reproduction."""
    require(rules.can_manage_round(viewer, round_))
    if not rules.can_run_matching(viewer, round_):
        raise ValidationError(_("Matching runs are made during the matching phase or the second run."))
    kind = RunKind.SECOND if round_.phase == Phase.SECOND_RUN else RunKind.FIRST
    run = MatchingRun(
        round=round_,
        kind=kind,
        algorithm=algorithm,
        proposing=proposing,
        seed=seed,
        college_cap=college_cap,
        college_caps={key: cap for key, cap in (college_caps or {}).items() if cap},
        created_by=viewer.user,
    )
    if any(cap < 1 for cap in run.college_caps.values()):
        raise ValidationError(_("A college cap is a whole number from 1, or empty for no cap."))
    run.instance = build_instance(round_, kind=kind, college_cap=college_cap, college_caps=run.college_caps)
    run.full_clean(exclude=["instance", "result"])
    run.save()
    from kakehashi.internships.tasks import execute_run

    run_id = run.pk
    transaction.on_commit(lambda: execute_run.enqueue(run_id))
    return run


def run_lost(*, run_id: int) -> None:
    """The task reaper gave up on solving this run (its worker died each time): a run stuck at "running"
    or "queued" is marked failed, and the office can start a new one."""
    MatchingRun.objects.filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        status=RunStatus.FAILED,
        progress=100,
        error=_("The run stopped unexpectedly before it finished. Start a new run."),
        updated_at=timezone.now(),
    )


def run_execute(*, run_id: int) -> MatchingRun:
    """The task's body: solve the stored instance and store the result with its explanations."""
    from kakehashi.matching import Instance, InstanceError, solve

    run = MatchingRun.objects.get(pk=run_id)
    if run.is_finished:
        return run
    MatchingRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING, progress=10)
    started = time.perf_counter()
    try:
        instance = Instance.from_dict(run.instance)
        result = solve(
            instance, algorithm=run.algorithm, proposing=run.proposing, seed=run.seed, explain=True
        )
    except (InstanceError, ValueError, ImportError) as error:
        run.status = RunStatus.FAILED
        run.error = str(error)
        run.progress = 100
    else:
        from kakehashi.internships.selectors import digest_of

        run.result = result.to_dict()
        run.digest = digest_of(run.instance, run.result)
        run.stable = result.stable
        run.status = RunStatus.DONE
        run.progress = 100
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    run.save(
        update_fields=[
            "result",
            "digest",
            "stable",
            "status",
            "progress",
            "error",
            "duration_ms",
            "updated_at",
        ]
    )
    return run


@transaction.atomic
def run_check(*, viewer: Viewer, run: MatchingRun) -> list[str]:
    """Check the stored assignment against the stored input again, independently of the solver."""
    from kakehashi.matching import Instance, check

    require(rules.can_manage_round(viewer, run.round))
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This run has no result to check yet."))
    instance = Instance.from_dict(run.instance)
    report = check(instance, run.result["assignment"])
    run.stable = report.ok
    run.checked_at = timezone.now()
    run.save(update_fields=["stable", "checked_at", "updated_at"])
    return report.lines(instance)
