"""Reads of matching runs for the office: the run form's college caps, the runs of a round, one run,
its digest (what the run page shows) and paginated rows, the names behind its keys, its statistics, and
the comparison of two runs."""

from collections import Counter
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
)
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kakehashi.accounts import names
from kakehashi.core import cached_figures
from kakehashi.core.permissions import Viewer
from kakehashi.core.query_params import id_param
from kakehashi.internships import rules
from kakehashi.internships.models import (
    Application,
    MatchingRun,
    Nomination,
    Phase,
    Place,
    Round,
    RunAssignment,
    RunKind,
    RunPlace,
    RunStatus,
)
from kakehashi.internships.models.applications import NAME_PART_FIELDS
from kakehashi.internships.selectors.applications import APPLICANTS

# Columns a page never shows: the input (large), the result (its problems, all of them) and the check's
# problems; the digest holds the few figures pages need.
HEAVY = ("instance", "result", "check_problems")


def colleges_of_nominees(round_: Round) -> list[tuple[str, str]]:
    """(key, name) of the colleges that have confirmed nominees in the round: the run form's caps."""
    from kakehashi.accounts.models import Organization

    colleges = Organization.objects.filter(
        internship_applications__round=round_,
        internship_applications__nomination=Nomination.NOMINATED,
        internship_applications__confirmed_at__isnull=False,
    ).distinct()
    return sorted(((college.key, str(college.name)) for college in colleges), key=lambda pair: pair[1])


def runs_of(viewer: Viewer, round_: Round) -> QuerySet[MatchingRun]:
    if not rules.can_manage_round(viewer, round_):
        return MatchingRun.objects.none()
    return MatchingRun.objects.filter(round=round_).defer(*HEAVY, "digest")


def run_for(viewer: Viewer, run_id: int, *, light: bool = False) -> MatchingRun:
    """The run; `light` leaves its (large) input and result in the database."""
    runs = MatchingRun.objects.select_related("round", "round__program")
    if light:
        runs = runs.defer(*HEAVY)
    run = runs.filter(pk=run_id).first()
    if run is None or not rules.can_manage_round(viewer, run.round):
        raise Http404
    return run


def run_assignment(run: MatchingRun) -> dict[str, str | None]:
    """The whole assignment as the engine writes it ({a12: p3 or None}), from the run's rows: for
    exports and tests, not for pages (they read a page of rows)."""
    return {
        f"a{app_id}": (f"p{place_id}" if place_id else None)
        for app_id, place_id in RunAssignment.objects.filter(run=run).values_list(
            "application_id", "place_id"
        )
    }


def run_input(run: MatchingRun) -> Any:
    """The run's stored input (to reproduce it), read when it is downloaded only."""
    return MatchingRun.objects.filter(pk=run.pk).values_list("instance", flat=True).get()


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

    return {college.key: str(college.name) for college in Organization.objects.filter(key__in=set(keys))}


def run_college_caps(run: MatchingRun) -> dict[str, int]:
    """The run's cap per college, by the college's name in the viewer's language."""
    names = college_names(run.college_caps)
    return {names.get(key, key): cap for key, cap in run.college_caps.items()}


# Pages show at most this many problems; the run's result keeps them all.
SHOWN_PROBLEMS = 100


def digest_of(run_id: int, small: dict[str, Any]) -> dict[str, Any]:
    """What the run page shows, from the run's small result and its place rows: the summary, the first
    problems and, by company, the students matched and the seats; a few numbers whatever the size."""
    by_company = (
        RunPlace.objects.filter(run_id=run_id)
        .values("place__company_id")
        .annotate(matched=Sum("assigned"), seats=Sum("capacity"))
        .order_by("place__company_id")
    )
    violations = small.get("violations", [])
    blocking = small.get("blocking_pairs", [])
    return {
        "summary": small.get("summary", {}),
        "violations": violations[:SHOWN_PROBLEMS],
        "blocking_pairs": blocking[:SHOWN_PROBLEMS],
        "problem_count": len(violations) + len(blocking),
        "by_company": [[row["place__company_id"], row["matched"], row["seats"]] for row in by_company],
    }


def run_digest(run: MatchingRun) -> dict[str, Any]:
    """The run's digest; a run stored before digests held these figures (see migration 0006) gets
    it now, once."""
    if run.digest and "by_company" in run.digest:
        return run.digest
    small = MatchingRun.objects.filter(pk=run.pk).values_list("result", flat=True).get() or {}
    run.digest = digest_of(run.pk, small)
    MatchingRun.objects.filter(pk=run.pk).update(digest=run.digest)
    return run.digest


def _after_or_before(
    applications: QuerySet[Application], query: Any, round_id: int, per_page: int
) -> tuple[list[Application], bool] | None:
    """Keyset pagination over applications in the page language's name order (sort key, id): the rows
    after the application named by `after`, or before the one named by `before` (its id, never its name,
    in the link), at most `per_page` of them, and whether there are more beyond them; None without a
    cursor (or an unknown one). A deep page costs as little as the first: PostgreSQL walks the (round,
    sort key, id) index from the cursor instead of counting off every row before it."""
    after, before = id_param(query, "after"), id_param(query, "before")
    if not (after or before):
        return None
    return _seek(applications, round_id, after or before or 0, per_page, after=bool(after))


def _seek(
    applications: QuerySet[Application],
    round_id: int,
    row_id: int,
    per_page: int,
    *,
    after: bool,
    at: bool = False,
) -> tuple[list[Application], bool] | None:
    """The rows after (or before) the application `row_id` in name order, or from it on with `at`."""
    key = _sort_key_field()
    cursor = Application.objects.filter(round_id=round_id, pk=row_id).values_list(key, "pk").first()
    if cursor is None:
        return None
    # A row comparison, (sort key, id) > (the cursor's), which PostgreSQL reads as a range of the index
    # (round, sort key, id): written as "key > name OR (key = name AND id > pk)" it filtered the index
    # from the round's first row, 9 ms for page 1,000 of 100,000 rows against 0.4 ms.
    row = Tuple(F(key), F("pk"))
    if after:
        comparison = TupleGreaterThanOrEqual if at else TupleGreaterThan
        rows = list(applications.filter(comparison(row, cursor)).order_by(key, "pk")[: per_page + 1])
        return rows[:per_page], len(rows) > per_page
    rows = list(applications.filter(TupleLessThan(row, cursor)).order_by(f"-{key}", "-pk")[: per_page + 1])
    return rows[:per_page][::-1], len(rows) > per_page


def _sort_key_field() -> str:
    """The application column holding the page language's name order (names.sort_key)."""
    return names.sort_key_field(get_language())


# What a row needs to show the applicant's name in the page's language (Application.display_name).
_NAME_COLUMNS = ("pk", "name_latin", "name_cyrillic", *NAME_PART_FIELDS)


# Pages up to this one are counted off (OFFSET of at most 1,000 rows); deeper ones are sought.
SEEK_FROM_PAGE = 20


def run_page_starts(run: MatchingRun, rows: QuerySet[Application], per_page: int) -> list[int]:
    """The id of each page's first application in the page language's name order: read once (the whole
    run's ids in order, about 0.3 s at 100,000 rows) and kept with the applicant figures, which are forgotten
    whenever an application (its name) changes. Ids only: no name goes to the cache."""

    def starts() -> list[int]:
        return list(rows.values_list("pk", flat=True))[::per_page]

    return cached_figures.figure(APPLICANTS, ("run-page-starts", run.pk, get_language(), per_page), starts)


def run_row_page(request: Any, run: MatchingRun, digest: dict[str, Any], per_page: int = 50) -> Page[Any]:
    """The page of the run's rows asked for: one row per student, ordered by name and paginated in the
    database (the count is the run's, stored in its digest); only this page's rows are read."""
    # From the applications' side, along their index (round, sort key, id): a page is read in the page
    # language's name order without sorting the run's 100,000 rows; each joins its row of the run by
    # (run, application).
    key = _sort_key_field()
    rows = (
        Application.objects.filter(round_id=run.round_id, run_assignments__run=run)
        .select_related("college")
        .annotate(row_place_id=F("run_assignments__place_id"), row_rank=F("run_assignments__rank"))
        .only(*_NAME_COLUMNS, key, "college__name")
        .order_by(key, "pk")
    )
    paginator: Paginator[Any] = Paginator(rows, per_page)
    count = digest.get("summary", {}).get("students")
    if count is not None:
        paginator.__dict__["count"] = count  # known: no COUNT over the run's rows
    page = paginator.get_page(request.GET.get("page"))
    # The next and previous links carry the first or last row's id (`after`, `before`): read from there.
    keyset = _after_or_before(rows, request.GET, run.round_id, per_page)
    if keyset is None and page.number > SEEK_FROM_PAGE:
        # A page number typed or kept in a bookmark: read from the page's first row, found in the run's
        # page starts, rather than counting off (OFFSET) the rows of every page before it.
        starts = run_page_starts(run, rows, per_page)
        if page.number <= len(starts):
            keyset = _seek(rows, run.round_id, starts[page.number - 1], per_page, after=True, at=True)
    applications: list[Any] = keyset[0] if keyset is not None else list(page.object_list)
    page.first_key = applications[0].pk if applications else None  # type: ignore[attr-defined]
    page.last_key = applications[-1].pk if applications else None  # type: ignore[attr-defined]
    places = {
        place.pk: place
        for place in Place.objects.filter(pk__in={a.row_place_id for a in applications if a.row_place_id})
        .select_related("company")
        .only("pk", "title", "company__name")
    }
    page.object_list = []
    for application in applications:
        place = places.get(application.row_place_id)
        page.object_list.append(
            {
                "student": application.display_name,
                "college": str(application.college.name) if application.college else "",
                "place": str(place.title) if place else "",
                "company": str(place.company.name) if place else "",
                "rank": application.row_rank,
                "key": application.key,
            }
        )
    return page


def run_statistics(run: MatchingRun, overview: dict[str, Any] | None = None) -> dict[str, Any]:
    """By college (from the engine's summary), by company and by rank; from the run's digest."""
    from kakehashi.accounts.models import Organization

    if overview is None:
        overview = run_digest(run)
    summary = overview["summary"]
    figures = overview.get("by_company", [])
    names = {
        company.pk: str(company.name)
        for company in Organization.objects.filter(pk__in=[row[0] for row in figures]).only("pk", "name")
    }
    by_company: Counter[str] = Counter()
    capacity: Counter[str] = Counter()
    for company_id, matched, seats in figures:
        name = names.get(company_id, str(company_id))
        by_company[name] += matched
        capacity[name] += seats
    by_group = summary.get("by_group", {})
    college = college_names(by_group)
    return {
        "summary": summary,
        # Colleges by name in the viewer's language (the engine keeps their keys).
        "by_group": {college.get(key, key): row for key, row in by_group.items()},
        "by_rank": summary.get("by_rank", {}),
        "by_company": sorted((name, by_company[name], capacity[name]) for name in capacity),
    }


def compare_runs(
    first: MatchingRun, second: MatchingRun, query: Any = None, per_page: int = 50
) -> dict[str, Any]:
    """A page of students with both runs' places, in name order: the students of the round in either
    run, read by keyset from the link's cursor (`after`, `before`); then only this page's rows of the
    two runs and their places. {"rows", "has_previous", "has_next", "first_key", "last_key"}."""
    from django.db.models import Exists, OuterRef
    from django.http import QueryDict

    query = query if query is not None else QueryDict()
    students = (
        Application.objects.filter(round_id=first.round_id)
        .filter(
            Exists(RunAssignment.objects.filter(application=OuterRef("pk"), run__in=[first.pk, second.pk]))
        )
        .only(*_NAME_COLUMNS, key := _sort_key_field())
    )
    keyset = _after_or_before(students, query, first.round_id, per_page)
    if keyset is None:
        found = list(students.order_by(key, "pk")[: per_page + 1])
        applications, more, has_previous = found[:per_page], len(found) > per_page, False
    else:
        applications, more = keyset
        backwards = id_param(query, "before") is not None
        has_previous = more if backwards else True
        more = True if backwards else more
    placed: dict[tuple[int, int], int | None] = {}
    for run_id, app_id, place_id in RunAssignment.objects.filter(
        run__in=[first.pk, second.pk], application_id__in=[a.pk for a in applications]
    ).values_list("run_id", "application_id", "place_id"):
        placed[(run_id, app_id)] = place_id
    titles = {
        place.pk: str(place.title)
        for place in Place.objects.filter(pk__in={p for p in placed.values() if p}).only("pk", "title")
    }
    rows = []
    for application in applications:
        a, b = placed.get((first.pk, application.pk)), placed.get((second.pk, application.pk))
        rows.append(
            {
                "student": application.display_name,
                "a": titles.get(a, "") if a else "",
                "b": titles.get(b, "") if b else "",
                "same": a == b,
            }
        )
    return {
        "rows": rows,
        "has_previous": has_previous,
        "has_next": more,
        "first_key": applications[0].pk if applications else None,
        "last_key": applications[-1].pk if applications else None,
    }
