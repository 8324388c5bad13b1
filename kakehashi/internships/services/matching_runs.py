"""Matching runs: the engine's input built from the database, a run frozen, solved and stored as rows
in the background (the task's body is here), and the independent check of a finished run (a task too)."""

import logging
import time
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.fields import json_text
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
    RunAssignment,
    RunKind,
    RunPlace,
    RunStatus,
)
from kakehashi.matching import paused_gc

logger = logging.getLogger(__name__)


def build_instance(
    round_: Round,
    *,
    kind: str = RunKind.FIRST,
    college_cap: int | None = None,
    college_caps: dict[str, int] | None = None,
    japanese_rule: str = "ignore",
) -> dict[str, Any]:
    """The engine's input from the database: confirmed nominees ranking approved places, and each place's
    ranking (ties as lists) restricted to those who ranked it. Four queries whatever the round's size.

    Rankings are trimmed (places not approved, or already full in a second run; students who did not rank
    the place), so each entry carries its original number in `ranks`: the student's choice number and
    the company's rank, which explanations and statistics show.

    With a `japanese_rule` other than "ignore", each student carries their verified Japanese level and each
    place its minimum; the pairs below a minimum are warned about or excluded (kakehashi.matching.language)
    and recorded in the input's "japanese_check"."""
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
    # The engine's keys ("a12", "p7"), made once each rather than once a choice.
    student_key = {pk: f"a{pk}" for pk in applications}
    place_key = {pk: f"p{pk}" for pk in capacities}
    rankings: dict[int, list[str]] = {pk: [] for pk in applications}
    choice_numbers: dict[int, list[int]] = {pk: [] for pk in applications}
    ranked_by: dict[int, set[int]] = {pk: set() for pk in capacities}
    # Joins on the round rather than long IN lists: SQLite plans those badly at 10,000 applicants. Not
    # on the place's round too: `ranked_by` holds the round's approved places only, and that join
    # doubled the query's time (1.2 s for a million choices).
    choices = Choice.objects.filter(application__round=round_).order_by("application_id", "position")
    for app_id, place_id, position in _all_rows(
        choices.values_list("application_id", "place_id", "position")
    ):
        chosen = rankings.get(app_id)
        if chosen is not None and place_id in ranked_by:
            chosen.append(place_key[place_id])
            choice_numbers[app_id].append(position)
            ranked_by[place_id].add(app_id)
    levels: dict[int, dict[int, list[str]]] = {pk: {} for pk in capacities}
    company_ranks = CompanyRank.objects.filter(place__round=round_)
    for place_id, app_id, rank in _all_rows(company_ranks.values_list("place_id", "application_id", "rank")):
        ranked = ranked_by.get(place_id)
        if ranked is not None and app_id in ranked:
            group = levels[place_id].get(rank)
            if group is None:
                levels[place_id][rank] = [student_key[app_id]]
            else:
                group.append(student_key[app_id])
    colleges = sorted(set(applications.values()))
    # One cap for every college (`college_cap`), or a cap per college key; a college without one has none.
    caps: dict[str, int] = dict.fromkeys(colleges, college_cap) if college_cap else {}
    caps.update({key: cap for key, cap in (college_caps or {}).items() if key in colleges and cap})
    places = []
    for place_id, capacity in sorted(capacities.items()):
        ranking: list[Any] = []
        by_rank = levels[place_id]
        shown = sorted(by_rank)
        for rank in shown:
            group = by_rank[rank]
            ranking.append(group[0] if len(group) == 1 else sorted(group))
        entry: dict[str, Any] = {
            "id": place_key[place_id],
            "capacity": capacity,
            "ranking": ranking,
            "ranks": shown,
        }
        if caps:
            entry["group_caps"] = dict(caps)
        places.append(entry)
    students = [
        {"id": student_key[pk], "group": college, "ranking": rankings[pk], "ranks": choice_numbers[pk]}
        for pk, college in sorted(applications.items())
    ]
    data = {"students": students, "places": places}
    if japanese_rule == "ignore":
        return data
    return _with_japanese(round_, data, japanese_rule)


def _all_rows(rows: Any) -> list[tuple[Any, ...]]:
    """Every row of a `values_list` query of plain columns in one fetch: the ORM reads a million choices
    a hundred rows at a time, each through its converters, which took a second more."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _with_japanese(round_: Round, data: dict[str, Any], rule: str) -> dict[str, Any]:
    """Two queries: the places' minimums, the students' verified levels."""
    from kakehashi.internships.selectors.japanese import verified_levels
    from kakehashi.matching.language import apply_japanese_rule

    minimums = dict(
        Place.objects.filter(round=round_).exclude(japanese_level="none").values_list("pk", "japanese_level")
    )
    for place in data["places"]:
        if int(place["id"][1:]) in minimums:
            place["min_japanese"] = minimums[int(place["id"][1:])]
    student_of = dict(
        Application.objects.filter(pk__in=[int(s["id"][1:]) for s in data["students"]]).values_list(
            "pk", "student_id"
        )
    )
    levels = verified_levels(student_of.values())
    for student in data["students"]:
        student["japanese"] = levels.get(student_of[int(student["id"][1:])])
    data, below = apply_japanese_rule(data, rule)
    data["japanese_check"] = {"rule": rule, "below": [list(pair) for pair in below]}
    return data


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
    japanese_rule: str = "ignore",
) -> MatchingRun:
    """Ask for a run: its parameters are checked now; the input is read from the database, frozen and
    solved by a background task (`execute_run`), whose progress the run page shows."""
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
        japanese_rule=japanese_rule,
        created_by=viewer.user,
    )
    if any(cap < 1 for cap in run.college_caps.values()):
        raise ValidationError(_("A college cap is a whole number from 1, or empty for no cap."))
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


def _progress(run_id: int, **fields: Any) -> None:
    MatchingRun.objects.filter(pk=run_id).update(updated_at=timezone.now(), **fields)


def run_execute(*, run_id: int) -> MatchingRun:
    """The task's body: read the input from the database (once: a retried run solves the same input),
    solve it and store the result as rows. Any failure marks the run failed with its reason."""
    # Millions of rows, lists and dicts that form no reference cycles: the cyclic collector, run again
    # and again as they pile up, took a third of the run at 100,000 applicants (build_instance 9 s → 4 s).
    with paused_gc():
        return _execute(run_id)


def _execute(run_id: int) -> MatchingRun:
    from kakehashi.matching import Instance, InstanceError, solve

    run = MatchingRun.objects.select_related("round").defer("instance", "result", "digest").get(pk=run_id)
    if run.is_finished:
        return run
    _progress(run_id, status=RunStatus.RUNNING, progress=5)
    started = time.perf_counter()
    try:
        data = MatchingRun.objects.filter(pk=run_id).values_list("instance", flat=True).get()
        if not data:
            data = build_instance(
                run.round,
                kind=run.kind,
                college_cap=run.college_cap,
                college_caps=run.college_caps,
                japanese_rule=run.japanese_rule,
            )
            _progress(run_id, instance=data, progress=20)
        instance = Instance.from_dict(data)
        below = [tuple(pair) for pair in (data.get("japanese_check") or {}).get("below", [])]
        del data
        result = solve(instance, algorithm=run.algorithm, proposing=run.proposing, seed=run.seed)
        if below:
            _progress(run_id, japanese_check=_japanese_check(result, below))
        _progress(run_id, progress=50)
    except (InstanceError, ValueError, ImportError) as error:
        _fail(run_id, str(error), started)
    except Exception as error:
        logger.exception("Matching run %s failed", run_id)
        _fail(run_id, _("The run failed: %(error)s") % {"error": error}, started)
    else:
        try:
            store_result(run_id, result, duration_ms=_elapsed(started))
        except Exception as error:
            logger.exception("Matching run %s could not be stored", run_id)
            _fail(run_id, _("The result could not be stored: %(error)s") % {"error": error}, started)
    return MatchingRun.objects.defer("instance", "result").get(pk=run_id)


def _japanese_check(result: Any, below: list[tuple[str, str]]) -> dict[str, Any]:
    """How many ranked pairs were below a place's minimum, and which of them the result assigned."""
    from kakehashi.matching.language import assigned_below

    inst = result.instance
    assignment = {
        inst.student_ids[s]: (inst.place_ids[p] if p >= 0 else None) for s, p in enumerate(result.assignment)
    }
    return {"below": len(below), "assigned_below": [list(pair) for pair in assigned_below(below, assignment)]}


def _elapsed(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _fail(run_id: int, reason: str, started: float) -> None:
    _progress(
        run_id, status=RunStatus.FAILED, progress=100, error=reason[:2000], duration_ms=_elapsed(started)
    )


ROW_BATCH = 2000


@transaction.atomic
def store_result(run_id: int, result: Any, *, duration_ms: int | None = None) -> None:
    """Store a solved run: one row per application (its place, choice obtained and explanation), one per
    place, the small part of the result and the digest pages show. The explanations are made and
    written a batch at a time (kakehashi.matching.Explainer), never all in memory."""
    from kakehashi.matching import Explainer

    inst = result.instance
    RunAssignment.objects.filter(run_id=run_id).delete()  # a retried attempt starts over
    RunPlace.objects.filter(run_id=run_id).delete()
    from kakehashi.internships.selectors.matching_runs import digest_of

    explainer = Explainer(inst, result.assignment, texts=False)  # worded by internships.explain
    _insert(
        RunAssignment,
        ["run_id", "application_id", "place_id", "rank", "explanation"],
        (
            (
                run_id,
                int(sid[1:]),
                int(entry["assigned"][1:]) if entry["assigned"] else None,
                entry["rank"],
                entry,
            )
            for sid, entry in explainer.students()
        ),
    )
    load = [0] * inst.n_places
    for p in result.assignment:
        if p >= 0:
            load[p] += 1
    _insert(
        RunPlace,
        ["run_id", "place_id", "capacity", "assigned", "explanation"],
        (
            (run_id, int(pid[1:]), entry["capacity"], load[p], entry)
            for p, (pid, entry) in enumerate(explainer.places())
        ),
    )
    analyze(RunAssignment, RunPlace)
    small = result.to_dict(assignment=False)
    MatchingRun.objects.filter(pk=run_id).update(
        result=small,
        digest=digest_of(run_id, small),
        stable=result.stable,
        status=RunStatus.DONE,
        progress=100,
        error="",
        duration_ms=duration_ms,
        updated_at=timezone.now(),
    )


def analyze(*models: Any) -> None:
    """Fresh planner statistics after a bulk insert on PostgreSQL (autovacuum comes later): without
    them the first pages of a new run of 100,000 rows are planned as if the tables were empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(model._meta.db_table for model in models)}")


def _insert(model: Any, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """Insert many rows: COPY on PostgreSQL (the explanations are large), batched INSERTs elsewhere.
    The last column is JSON."""
    if connection.vendor == "postgresql":
        fields = [model._meta.get_field(name.removesuffix("_id")).column for name in columns]
        sql = f"COPY {model._meta.db_table} ({', '.join(fields)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row[:-1], json_text(row[-1])))
        return
    batch: list[Any] = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) >= ROW_BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _check(run: MatchingRun) -> tuple[bool, list[str]]:
    """Check the stored assignment (rows) against the stored input, independently of the solver."""
    from kakehashi.matching import Instance, check

    data = MatchingRun.objects.filter(pk=run.pk).values_list("instance", flat=True).get()
    instance = Instance.from_dict(data)
    del data
    assignment = {
        f"a{app_id}": (f"p{place_id}" if place_id else None)
        for app_id, place_id in RunAssignment.objects.filter(run_id=run.pk)
        .values_list("application_id", "place_id")
        .iterator(chunk_size=10000)
    }
    report = check(instance, assignment)
    return report.ok, report.lines(instance)


def run_check(*, viewer: Viewer, run: MatchingRun) -> list[str]:
    """Check a run now (the run page asks for it in the background, see run_check_request)."""
    require(rules.can_manage_round(viewer, run.round))
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This run has no result to check yet."))
    ok, lines = _check(run)
    _progress(run.pk, stable=ok, checked_at=timezone.now(), check_status=RunStatus.DONE, check_problems=lines)
    run.stable = ok
    return lines


@transaction.atomic
def run_check_request(*, viewer: Viewer, run: MatchingRun) -> None:
    """Ask for the run's check; a background task (`check_run`) makes it and the run page shows it."""
    require(rules.can_manage_round(viewer, run.round))
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This run has no result to check yet."))
    if run.is_checking:
        raise ValidationError(_("This run is being checked; its page shows the progress."))
    _progress(run.pk, check_status=RunStatus.QUEUED, check_problems=[])
    from kakehashi.internships.tasks import check_run

    run_id = run.pk
    transaction.on_commit(lambda: check_run.enqueue(run_id))


def run_check_execute(*, run_id: int) -> MatchingRun:
    """The task's body: check the run and store the verdict with the problems found."""
    run = MatchingRun.objects.defer("instance", "result", "digest").get(pk=run_id)
    _progress(run_id, check_status=RunStatus.RUNNING)
    try:
        with paused_gc():  # as the run's (run_execute)
            ok, lines = _check(run)
    except Exception as error:
        logger.exception("Check of matching run %s failed", run_id)
        _progress(
            run_id,
            check_status=RunStatus.FAILED,
            check_problems=[_("The check failed: %(error)s") % {"error": error}],
        )
    else:
        _progress(
            run_id, stable=ok, checked_at=timezone.now(), check_status=RunStatus.DONE, check_problems=lines
        )
    return MatchingRun.objects.defer("instance", "result").get(pk=run_id)


def run_check_lost(*, run_id: int) -> None:
    """The check's worker died: the check is marked failed, and the office can ask for it again."""
    MatchingRun.objects.filter(pk=run_id, check_status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        check_status=RunStatus.FAILED,
        check_problems=[_("The check stopped unexpectedly. Check the run again.")],
        updated_at=timezone.now(),
    )
