"""Reads of rounds, places, applications, rankings, runs and results, always scoped to the viewer.

An object outside the viewer's scope raises Http404: a company never learns about another company's
rankings, a college never sees another college's applicants.
"""

from collections import Counter
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    MatchingRun,
    Nomination,
    Notification,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
    RunKind,
)

# --- rounds ------------------------------------------------------------------------------------------


def rounds_visible_to(viewer: Viewer) -> QuerySet[Round]:
    if viewer.program is None:
        return Round.objects.none()
    return Round.objects.filter(program=viewer.program).select_related("program")


def round_for(viewer: Viewer, round_id: int) -> Round:
    try:
        return rounds_visible_to(viewer).get(pk=round_id)
    except Round.DoesNotExist:
        raise Http404 from None


# --- places ------------------------------------------------------------------------------------------


def places_of(viewer: Viewer, round_: Round, *, search: str = "", status: str = "") -> QuerySet[Place]:
    """Approved places for everyone in the program; a company also sees its own drafts, the office all."""
    places = Place.objects.filter(round=round_).select_related("company")
    if not rules.can_manage_round(viewer, round_):
        places = places.filter(Q(status=PlaceStatus.APPROVED) | Q(company_id__in=rules.company_ids(viewer)))
    if search:
        places = places.filter(
            Q(title_en__icontains=search)
            | Q(title_ja__icontains=search)
            | Q(title_mn__icontains=search)
            | Q(field__icontains=search)
            | Q(skills__icontains=search)
            | Q(company__name_en__icontains=search)
        )
    if status:
        places = places.filter(status=status)
    return places


def place_for(viewer: Viewer, place_id: int) -> Place:
    place = Place.objects.select_related("round", "company").filter(pk=place_id).first()
    if place is None or not rules.can_see_round(viewer, place.round):
        raise Http404
    if not places_of(viewer, place.round).filter(pk=place.pk).exists():
        raise Http404
    return place


def own_place_for(viewer: Viewer, place_id: int) -> Place:
    """A place of one of the viewer's companies; any other company's place is unknown (404)."""
    place = place_for(viewer, place_id)
    if place.company_id not in rules.company_ids(viewer):
        raise Http404
    return place


# --- applications ------------------------------------------------------------------------------------


def applications_visible_to(
    viewer: Viewer, round_: Round, *, search: str = "", college_id: int | None = None, nomination: str = ""
) -> QuerySet[Application]:
    """Submitted applications the viewer screens: the office and the NGO see all, a teacher their college,
    a company the confirmed nominees who ranked one of its places."""
    apps = Application.objects.filter(round=round_, submitted_at__isnull=False).select_related("college")
    if rules.sees_all_applicants(viewer) and rules.can_see_round(viewer, round_):
        pass
    elif rules.college_ids(viewer):
        apps = apps.filter(college_id__in=rules.college_ids(viewer))
    elif rules.company_ids(viewer):
        apps = apps.filter(
            nomination=Nomination.NOMINATED,
            confirmed_at__isnull=False,
            pk__in=Choice.objects.filter(
                place__company_id__in=rules.company_ids(viewer), place__round=round_
            ).values("application_id"),
        )
    else:
        return Application.objects.none()
    if search:
        apps = apps.filter(
            Q(name_latin__icontains=search) | Q(name_cyrillic__icontains=search) | Q(skills__icontains=search)
        )
    if college_id:
        apps = apps.filter(college_id=college_id)
    if nomination:
        apps = apps.filter(nomination=nomination)
    return apps.order_by("name_latin", "pk")


def can_list_applicants(viewer: Viewer) -> bool:
    return rules.sees_all_applicants(viewer) or bool(rules.college_ids(viewer) or rules.company_ids(viewer))


def application_for(viewer: Viewer, application_id: int) -> Application:
    application = (
        Application.objects.select_related("round", "college", "student").filter(pk=application_id).first()
    )
    if application is None or not rules.can_see_round(viewer, application.round):
        raise Http404
    if application.student_id == viewer.user.pk:
        return application
    if not applications_visible_to(viewer, application.round).filter(pk=application.pk).exists():
        raise Http404
    return application


def my_application(viewer: Viewer, round_: Round) -> Application | None:
    return Application.objects.filter(round=round_, student=viewer.user).select_related("college").first()


def ranking_of(application: Application) -> list[Choice]:
    """The student's ranking, best first: one query whatever its length."""
    return list(
        Choice.objects.filter(application=application).select_related("place__company").order_by("position")
    )


def places_to_rank(application: Application, ranking: list[Choice]) -> list[Place]:
    """Approved places of the round the student has not ranked yet."""
    ranked = {choice.place_id for choice in ranking}
    return [
        place
        for place in Place.objects.filter(round_id=application.round_id, status=PlaceStatus.APPROVED)
        .select_related("company")
        .order_by("company__name_en", "title_en")
        if place.pk not in ranked
    ]


def visible_choices(viewer: Viewer, application: Application) -> list[Choice]:
    """The lines of a student's ranking the viewer may see: a company sees only its own places."""
    choices = ranking_of(application)
    if application.student_id == viewer.user.pk or rules.sees_all_applicants(viewer):
        return choices
    if application.college_id in rules.college_ids(viewer):
        return choices
    companies = rules.company_ids(viewer)
    return [choice for choice in choices if choice.place.company_id in companies]


def skill_profile(application: Application) -> Any:
    """The learning app's skill profile of the applicant (the caller checked the viewer may see it)."""
    from kakehashi.learning.selectors import skill_profile as learning_skill_profile

    return learning_skill_profile(application.student)


# --- company rankings --------------------------------------------------------------------------------


def candidates_for(viewer: Viewer, place: Place) -> list[tuple[Application, int | None, int]]:
    """(applicant, the company's rank or None, the applicant's position of this place) for every confirmed
    nominee who ranked the place: three queries whatever their number."""
    own_place_for(viewer, place.pk)
    choices = (
        Choice.objects.filter(
            place=place, application__nomination=Nomination.NOMINATED, application__confirmed_at__isnull=False
        )
        .select_related("application__college")
        .order_by("application__name_latin", "application_id")
    )
    ranks = dict(CompanyRank.objects.filter(place=place).values_list("application_id", "rank"))
    return [(c.application, ranks.get(c.application_id), c.position) for c in choices]


def not_placed_for(viewer: Viewer, place: Place, *, search: str = "") -> QuerySet[CompanyRank]:
    """After publication, the confirmed nominees the company ranked for its place who were not placed
    there, with the company's rank and (annotated `position`) where they put the place in their own
    ranking. Nothing about other companies: not where, or whether, they were placed elsewhere."""
    own_place_for(viewer, place.pk)
    if not MatchingRun.objects.filter(round_id=place.round_id, published_at__isnull=False).exists():
        return CompanyRank.objects.none()
    position = Choice.objects.filter(place_id=place.pk, application_id=OuterRef("application_id")).values(
        "position"
    )[:1]
    ranks = (
        CompanyRank.objects.filter(
            place=place,
            application__nomination=Nomination.NOMINATED,
            application__confirmed_at__isnull=False,
        )
        .exclude(application__placements__place=place)
        .select_related("application__college")
        .annotate(position=Subquery(position))
        .order_by("rank", "application__name_latin", "application_id")
    )
    if search:
        ranks = ranks.filter(
            Q(application__name_latin__icontains=search) | Q(application__name_cyrillic__icontains=search)
        )
    return ranks


# --- matching runs -----------------------------------------------------------------------------------


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
        pk: (name, college)
        for pk, name, college in Application.objects.filter(pk__in=ids).values_list(
            "pk", "name_latin", "college__key"
        )
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
    return {
        "summary": summary,
        "by_group": summary.get("by_group", {}),
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


# --- results -----------------------------------------------------------------------------------------


def placements_visible_to(viewer: Viewer, round_: Round) -> QuerySet[Placement]:
    """The student's own placements, a company's placements on its places, all for the office."""
    # Not the run: its stored input and result are large, and this list needs neither.
    placements = Placement.objects.filter(round=round_).select_related(
        "place__company", "application__college"
    )
    if rules.can_manage_round(viewer, round_):
        return placements
    return placements.filter(
        Q(application__student=viewer.user) | Q(place__company_id__in=rules.company_ids(viewer))
    )


def placement_for(viewer: Viewer, placement_id: int) -> Placement:
    placement = Placement.objects.select_related("round").filter(pk=placement_id).first()
    if placement is None or not rules.can_see_round(viewer, placement.round):
        raise Http404
    try:
        return placements_visible_to(viewer, placement.round).get(pk=placement_id)
    except Placement.DoesNotExist:
        raise Http404 from None


def accepted_placements(round_: Round) -> QuerySet[Placement]:
    """Placements both sides accepted: the operations app opens one case per intern from these."""
    return Placement.objects.filter(round=round_, status=PlacementStatus.ACCEPTED).select_related(
        "application__student", "application__college", "place__company"
    )


def application_counts(round_: Round) -> dict[str, int]:
    counts = Application.objects.filter(round=round_).aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        nominated=Count("pk", filter=Q(nomination=Nomination.NOMINATED)),
        confirmed=Count("pk", filter=Q(nomination=Nomination.NOMINATED, confirmed_at__isnull=False)),
    )
    places = Place.objects.filter(round=round_).aggregate(
        places=Count("pk"), approved=Count("pk", filter=Q(status=PlaceStatus.APPROVED))
    )
    placements = Placement.objects.filter(round=round_).aggregate(
        placed=Count("pk", filter=~Q(status=PlacementStatus.DECLINED)),
        accepted=Count("pk", filter=Q(status=PlacementStatus.ACCEPTED)),
    )
    return {**counts, **places, **placements}


def notifications_of(viewer: Viewer) -> QuerySet[Notification]:
    return Notification.objects.filter(user=viewer.user)


def published_runs(round_: Round) -> dict[str, MatchingRun]:
    """The round's published runs by kind, without their (large) input and result."""
    runs = MatchingRun.objects.filter(round=round_, published_at__isnull=False).defer("instance", "result")
    return {run.kind: run for run in runs}


def _explanation_in(run: MatchingRun, key: str) -> Any:
    """One student's explanation, read inside the database: the run's result is not loaded whole."""
    return (
        MatchingRun.objects.filter(pk=run.pk)
        .values_list(f"result__explanations__students__{key}", flat=True)
        .first()
    )


def student_explanation(round_: Round, application: Application) -> tuple[bool, Any]:
    """(whether any run is published, the student's explanation from the run that decided their result)."""
    published = published_runs(round_)
    if not published:
        return False, None
    second = published.get(RunKind.SECOND)
    if second is not None:
        found = _explanation_in(second, application.key)
        if found is not None:
            return True, found
    first = published.get(RunKind.FIRST)
    return True, _explanation_in(first, application.key) if first is not None else None
