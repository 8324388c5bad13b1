"""Reads of matching runs for the office: the run form's college caps, the runs of a round, one run,
its digest (what the run page shows) and paginated rows, the names behind its keys, its statistics, and
the comparison of two runs."""

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules
from kakehashi.internships.models import (
    Application,
    MatchingRun,
    Nomination,
    Phase,
    Place,
    Round,
    RunKind,
    RunStatus,
)


def colleges_of_nominees(round_: Round) -> list[tuple[str, str]]:
    """(key, name) of the colleges that have confirmed nominees in the round: the run form's caps."""
    from kakehashi.accounts.models import Organization

    colleges = Organization.objects.filter(
        internship_applications__round=round_,
        internship_applications__nomination=Nomination.NOMINATED,
        internship_applications__confirmed_at__isnull=False,
    ).distinct()
    return sorted(((college.key, college.name) for college in colleges), key=lambda pair: pair[1])


def runs_of(viewer: Viewer, round_: Round) -> QuerySet[MatchingRun]:
    if not rules.can_manage_round(viewer, round_):
        return MatchingRun.objects.none()
    return MatchingRun.objects.filter(round=round_).defer("instance", "result")


def run_for(viewer: Viewer, run_id: int, *, light: bool = False) -> MatchingRun:
    """The run; `light` leaves its (large) input and result in the database (see run_overview)."""
    runs = MatchingRun.objects.select_related("round", "round__program")
    if light:
        runs = runs.defer("instance", "result")
    run = runs.filter(pk=run_id).first()
    if run is None or not rules.can_manage_round(viewer, run.round):
        raise Http404
    return run


def publication_refusal(run: MatchingRun) -> str | None:
    """Why this run cannot be published (now), or None: the service refuses with it, and the run page
    offers "Publish this run" only when it is None (and says why not otherwise)."""
    if run.status != RunStatus.DONE or run.checked_at is None:
        return _("Check the run before you publish it.")
    if not run.stable:
        return _("This run is not stable; it cannot be published.")
    if run.published_at is not None:
        return _("This run is already published.")
    if run.is_publishing:
        return _("This run is being published; its page shows the progress.")
    if (
        MatchingRun.objects.filter(round=run.round, kind=run.kind)
        .exclude(pk=run.pk)
        .filter(
            Q(published_at__isnull=False) | Q(publication_status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        )
        .exists()
    ):
        return _("A run of this kind is already published for this round.")
    expected_phase = Phase.SECOND_RUN if run.kind == RunKind.SECOND else Phase.MATCHING
    if run.round.phase != expected_phase:
        return _("This run can be published only in the phase it was made for.")
    return None


def college_names(keys: Any) -> dict[str, str]:
    """{college key: name in the active language} for the keys a run stores (its groups and caps)."""
    from kakehashi.accounts.models import Organization

    return {college.key: college.name for college in Organization.objects.filter(key__in=set(keys))}


def run_college_caps(run: MatchingRun) -> dict[str, int]:
    """The run's cap per college, by the college's name in the viewer's language."""
    names = college_names(run.college_caps)
    return {names.get(key, key): cap for key, cap in run.college_caps.items()}


def digest_of(instance: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The small part of a run's input and result that its page shows."""
    explanations = result.get("explanations", {}).get("students", {})
    return {
        "summary": result.get("summary", {}),
        "violations": result.get("violations", []),
        "blocking_pairs": result.get("blocking_pairs", []),
        "assignment": result.get("assignment", {}),
        "ranks": {key: entry.get("rank") for key, entry in explanations.items() if entry.get("rank")},
        "capacities": {entry["id"]: entry["capacity"] for entry in instance.get("places", [])},
    }


def run_digest(run: MatchingRun) -> dict[str, Any]:
    """The run's digest; a run stored without one (older, or made by the demo) gets it now, once."""
    if run.digest:
        return run.digest
    instance, result = MatchingRun.objects.filter(pk=run.pk).values_list("instance", "result").get()
    run.digest = digest_of(instance, result)
    MatchingRun.objects.filter(pk=run.pk).update(digest=run.digest)
    return run.digest


def run_row_page(request: Any, run: MatchingRun, digest: dict[str, Any], per_page: int = 50) -> Any:
    """The page of the run's rows asked for: students ordered by name in the database and paginated
    first; names, colleges and places are then read for this page's students only."""
    from kakehashi.core.pagination import paginate

    assignment, ranks = digest["assignment"], digest["ranks"]
    ordered = [
        pk
        for pk in Application.objects.filter(round_id=run.round_id)
        .order_by("name_latin", "pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=5000)
        if f"a{pk}" in assignment
    ]
    page = paginate(request, ordered, per_page=per_page)
    ids = list(page.object_list)
    people = {
        application.pk: (application.name_latin, application.college.name if application.college else "")
        for application in Application.objects.filter(pk__in=ids)
        .select_related("college")
        .only("pk", "name_latin", "college__name_en", "college__name_ja", "college__name_mn")
    }
    place_ids = {int(assignment[f"a{pk}"][1:]) for pk in ids if assignment.get(f"a{pk}")}
    places = {
        place.key: (place.title, place.company.name)
        for place in Place.objects.filter(pk__in=place_ids).select_related("company")
    }
    rows = []
    for pk in ids:
        key = f"a{pk}"
        name, college = people.get(pk, (key, ""))
        title, company = places.get(assignment.get(key) or "", ("", ""))
        rows.append(
            {
                "student": name,
                "college": college,
                "place": title,
                "company": company,
                "rank": ranks.get(key),
                "key": key,
            }
        )
    page.object_list = rows
    return page


def run_labels(run: MatchingRun) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Names of the run's students ({a12: name}) and places ({p3: (title, company)})."""
    app_ids = [int(s["id"][1:]) for s in run.instance.get("students", [])]
    place_ids = [int(p["id"][1:]) for p in run.instance.get("places", [])]
    students = {
        f"a{pk}": str(name)
        for pk, name in Application.objects.filter(pk__in=app_ids).values_list("pk", "name_latin")
    }
    places = {
        place.key: (place.title, place.company.name)
        for place in Place.objects.filter(pk__in=place_ids).select_related("company")
    }
    return students, places


def run_statistics(run: MatchingRun, overview: dict[str, Any] | None = None) -> dict[str, Any]:
    """By college (from the engine's summary), by company and by rank; from the run's digest."""
    if overview is None:
        overview = run_digest(run)
    summary = overview["summary"]
    companies = {
        place.key: place.company.name
        for place in Place.objects.filter(pk__in=[int(key[1:]) for key in overview["capacities"]])
        .select_related("company")
        .only("pk", "company")
    }
    by_company: Counter[str] = Counter()
    for place_key in overview["assignment"].values():
        if place_key:
            by_company[companies.get(place_key, place_key)] += 1
    capacity: Counter[str] = Counter()
    for place_key, seats in overview["capacities"].items():
        capacity[companies.get(place_key, place_key)] += seats
    by_group = summary.get("by_group", {})
    names = college_names(by_group)
    return {
        "summary": summary,
        # Colleges by name in the viewer's language (the engine keeps their keys).
        "by_group": {names.get(key, key): row for key, row in by_group.items()},
        "by_rank": summary.get("by_rank", {}),
        "by_company": sorted((name, by_company[name], capacity[name]) for name in capacity),
    }


def compare_runs(first: MatchingRun, second: MatchingRun) -> list[dict[str, Any]]:
    students_a, places_a = run_labels(first)
    students_b, places_b = run_labels(second)
    assignment_a = first.result.get("assignment", {})
    assignment_b = second.result.get("assignment", {})
    rows = []
    for student in sorted(set(assignment_a) | set(assignment_b)):
        a, b = assignment_a.get(student), assignment_b.get(student)
        rows.append(
            {
                "student": students_a.get(student) or students_b.get(student, student),
                "a": places_a.get(a, ("", ""))[0] if a else "",
                "b": places_b.get(b, ("", ""))[0] if b else "",
                "same": a == b,
            }
        )
    return rows
