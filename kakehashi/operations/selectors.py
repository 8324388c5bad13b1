"""Reads of intern cases, always scoped to the viewer: a case outside the viewer's scope answers 404."""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kakehashi.accounts import names
from kakehashi.accounts.models import Organization, User
from kakehashi.core import cached_figures, sql
from kakehashi.core.multilingual.query import translated_contains, translated_order
from kakehashi.core.multilingual.text import as_translated, fallback_chain, text_in
from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import (
    OPEN_TASK_STATUSES,
    Alert,
    DailyReport,
    Incident,
    InternCase,
    SupportItem,
    SupportTask,
    TaskStatus,
)


def cases_visible_to(
    viewer: Viewer, *, search: str = "", stage: str = "", round_ref: int | None = None
) -> QuerySet[InternCase]:
    require(rules.can_list_cases(viewer))
    cases = InternCase.objects.all()
    scope = rules.case_scope(viewer)
    if scope is not None:
        cases = cases.filter(scope)
    if viewer.program is not None and not viewer.is_platform_admin:
        # The viewer's own case is always theirs; others' cases are those of the current program.
        cases = cases.filter(Q(program=viewer.program) | Q(intern_id=viewer.user.pk))
    elif viewer.program is not None:
        cases = cases.filter(program=viewer.program)
    if search:
        cases = cases.filter(
            Q(intern__name_latin__icontains=search)
            | Q(intern__name_local__icontains=search)
            | translated_contains("host__name", search)
        )
    today = timezone.localdate()
    if stage == "pre_departure":
        cases = cases.filter(cancelled=False, arrival_on__gt=today)
    elif stage == "in_japan":
        cases = cases.filter(cancelled=False, arrival_on__lte=today, departure_on__gte=today)
    elif stage == "finished":
        cases = cases.filter(cancelled=False, departure_on__lt=today)
    if round_ref:
        cases = cases.filter(round_ref=round_ref)
    # By arrival, then the intern's name in the reader's language from the case's own copy of the sort key
    # (accounts.sort_key_copies): the cases are sorted alone and only a page of them joined to the people.
    return cases.select_related("intern", "host", "college").order_by(
        "arrival_on", names.sort_key_field(get_language()), "pk"
    )


# What the case list shows of a case, its host and college: sorting the program's cases by arrival and name
# carried every column of the three (a person's row is twenty columns) through the sort.
_CASE_LIST_FIELDS = ("arrival_on", "departure_on", "route", "intern", "host__name", "college__name")
# What a list shows of an intern, read for the page's cases alone: the name (its parts in both scripts) and
# the address.
_INTERN_SHOWN = ("pk", "email", "preferred_language", *names.NAME_FIELDS)


def case_list(viewer: Viewer, *, search: str = "", stage: str = "") -> QuerySet[InternCase]:
    """The case list's rows: cases_visible_to, reading only the columns the list shows. The interns of the
    page alone are read afterwards, by id (a name and an address): joined, each of the program's 1,000 cases
    looked its person up before the sort (1.3 of the query's 3 ms)."""
    return (
        cases_visible_to(viewer, search=search, stage=stage)
        .select_related(None)
        .select_related("host", "college")
        .only(*_CASE_LIST_FIELDS)
        .prefetch_related(Prefetch("intern", queryset=User.objects.only(*_INTERN_SHOWN)))
    )


def case_for(viewer: Viewer, case_id: int) -> InternCase:
    require(rules.can_list_cases(viewer))
    case = (
        InternCase.objects.select_related("intern", "host", "college", "program", "stay")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not rules.can_see_case(viewer, case):
        raise Http404
    return case


def my_case(viewer: Viewer) -> InternCase | None:
    """The viewer's current case as an intern: the one running, else the next, else the last."""
    # Not the stay: five of its columns are encrypted, and the home reads this case on every visit.
    cases = list(
        InternCase.objects.filter(intern=viewer.user, cancelled=False)
        .select_related("host", "college", "program")
        .order_by("arrival_on")
    )
    if not cases:
        return None
    today = timezone.localdate()
    running = [c for c in cases if c.arrival_on <= today <= c.departure_on]
    upcoming = [c for c in cases if c.arrival_on > today]
    return (running or upcoming or cases[-1:])[0]


def housemates(viewer: Viewer, case: InternCase) -> list[InternCase]:
    """Who else (among the cases the viewer sees) lives in the same housing during the same period."""
    name = case.stay.housing_name
    if not name:
        return []
    return list(
        cases_visible_to(viewer)
        .filter(
            stay__housing_name=name,
            cancelled=False,
            arrival_on__lte=case.departure_on,
            departure_on__gte=case.arrival_on,
        )
        .exclude(pk=case.pk)[:50]
    )


def tasks_of(case: InternCase) -> list[SupportTask]:
    return list(case.tasks.select_related("item", "owner", "updated_by").order_by("due_on", "item__position"))


def task_for(viewer: Viewer, case: InternCase, task_id: int) -> SupportTask:
    task = case.tasks.select_related("item", "owner", "case").filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


def support_items_of(viewer: Viewer) -> QuerySet[SupportItem]:
    from kakehashi.operations.services import support_items_ensure

    require(rules.can_edit_support_items(viewer))
    if viewer.program is None:
        return SupportItem.objects.none()
    support_items_ensure(viewer.program)
    return SupportItem.objects.filter(program=viewer.program).order_by("position", "pk")


def support_item_for(viewer: Viewer, item_id: int) -> SupportItem:
    item = support_items_of(viewer).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def board_changed(**_kwargs: object) -> None:
    """Forget the board's cached figures (a signal receiver, and called after bulk writes)."""
    cached_figures.changed("board")


# The board shows this many open items of each case, the blocked first, then by due date; the case
# page lists them all ("+3 more" links there). Fifty cases of a dozen items each were 700 chips a page.
BOARD_ITEMS_SHOWN = 4


@dataclass(frozen=True)
class BoardItem:
    """One chip of the board: an open item as its page shows it (operations_board.open_items)."""

    status: str
    due_on: date
    title: str
    owner_name: str


def board(viewer: Viewer, *, round_ref: int | None = None, blocked_only: bool = False) -> dict[str, Any]:
    """Who is blocked where: the open items of every case, by owner and status, and the number of cases
    (`count`, for the pager). A fixed number of queries whatever the number of cases (one aggregate and
    one count, both kept in the cache, one page of cases, one prefetch, then
    `attach_board_items` for the page, which also counts each case's open items), and a fixed amount of
    work a page: at most BOARD_ITEMS_SHOWN items of each of its cases, with the number of the others."""
    require(rules.can_see_board(viewer))
    today = timezone.localdate()
    cases = cases_visible_to(viewer, round_ref=round_ref).filter(cancelled=False, departure_on__gte=today)
    if blocked_only:
        cases = cases.filter(tasks__status=TaskStatus.BLOCKED).distinct()

    def counted() -> tuple[list[Any], int]:
        summary = (
            SupportTask.objects.filter(case__in=cases.values("pk"), status__in=OPEN_TASK_STATUSES)
            .values("owner__name", "owner_id")
            .annotate(
                blocked=Count("pk", filter=Q(status=TaskStatus.BLOCKED)),
                overdue=Count("pk", filter=Q(due_on__lt=today)),
                open=Count("pk"),
            )
            .order_by("-blocked", "-overdue", translated_order("owner__name"))
        )
        return list(summary), cases.count()

    # Counted over every open item of the cases, with the number of cases for the pager: kept until a
    # case, an item or an organization changes (the query is built only when counted: building it was a
    # third of this function's time).
    program_id = viewer.program.pk if viewer.program is not None else 0
    parts = (viewer.is_platform_admin, program_id, viewer.user.pk, round_ref, blocked_only, today, "count")
    summary_rows, count = cached_figures.figure("board", parts, counted)
    by_owner = [
        {
            **row,
            "name": str(as_translated(row["owner__name"])),
        }
        for row in summary_rows
    ]
    # In the interns' name order from the cases' own copies of their sort keys (accounts.sort_key_copies):
    # joined to the people, PostgreSQL read all 100,000 of them to order 1,000 cases; looked up one by one,
    # 1,000 lookups were most of the page's query.
    cases = (
        cases.select_related(None)
        .select_related("host")
        # What a row shows: the sort carried every column of the case and of two organizations.
        .only("arrival_on", "intern", "host__name")
        .prefetch_related(
            # Only what a name is shown with (its parts in both scripts), not the whole person.
            Prefetch("intern", queryset=User.objects.only(*_INTERN_SHOWN)),
        )
        .order_by("arrival_on", names.sort_key_field(get_language()), "pk")
    )
    return {"cases": cases, "count": count, "by_owner": by_owner, "today": today}


def attach_board_items(cases: list[InternCase]) -> None:
    """Give each case of a board page its first BOARD_ITEMS_SHOWN open items, the blocked first, then by
    due date, as `open_tasks`, and the number of all its open items as `open_count`: one query, ranked,
    counted and cut in SQL, read as plain values. Two hundred chips a page were six hundred model instances
    (item, owner, task) when prefetched, most of the page's time; then the ORM took 5 ms to build and
    compile the ranked query that PostgreSQL runs in 1 ms, so it is written here (kakehashi.core.sql)."""
    for case in cases:
        case.open_tasks = []  # type: ignore[attr-defined]
        case.open_count = 0  # type: ignore[attr-defined]
    if not cases:
        return
    task, item, owner = SupportTask, SupportItem, Organization
    case_id, status, due_on = (sql.column(task, name) for name in ("case", "status", "due_on"))
    statuses = [str(status) for status in OPEN_TASK_STATUSES]
    query = (
        f"SELECT case_id, status, due_on, title, owner_name, open_count FROM ("  # noqa: S608 - names from the models, values as parameters
        f"SELECT t.{case_id} AS case_id, t.{status} AS status, t.{due_on} AS due_on, "
        f"i.{sql.column(item, 'title')} AS title, o.{sql.column(owner, 'name')} AS owner_name, "
        f"ROW_NUMBER() OVER (PARTITION BY t.{case_id} ORDER BY CASE WHEN t.{status} = %s THEN 0 ELSE 1 END, "
        f"t.{due_on}, t.{sql.column(task, 'id')}) AS rank, "
        f"COUNT(*) OVER (PARTITION BY t.{case_id}) AS open_count "
        f"FROM {sql.table(task)} t "
        f"JOIN {sql.table(item)} i ON i.{sql.column(item, 'id')} = t.{sql.column(task, 'item')} "
        f"LEFT JOIN {sql.table(owner)} o ON o.{sql.column(owner, 'id')} = t.{sql.column(task, 'owner')} "
        f"WHERE t.{case_id} IN ({sql.placeholders([case.pk for case in cases])}) "
        f"AND t.{status} IN ({sql.placeholders(statuses)})"
        ") ranked WHERE rank <= %s ORDER BY case_id, rank"
    )
    params: list[str | int] = [
        str(TaskStatus.BLOCKED),
        *[case.pk for case in cases],
        *statuses,
        BOARD_ITEMS_SHOWN,
    ]
    by_case = {case.pk: case for case in cases}
    chain = fallback_chain()  # once for the page's two hundred titles and owners
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for case_pk, task_status, task_due_on, title, owner_name, open_count in cursor:
            case = by_case[case_pk]
            case.open_tasks.append(  # type: ignore[attr-defined]
                BoardItem(
                    task_status,
                    _as_date(task_due_on),
                    text_in(_as_texts(title), chain),
                    text_in(_as_texts(owner_name), chain),
                )
            )
            case.open_count = open_count  # type: ignore[attr-defined]


def _as_texts(value: str | dict[str, str] | None) -> dict[str, str] | None:
    """A translated column as a cursor gives it: JSON text (Django reads JSON columns as text and decodes
    them in the field; SQLite has no JSON type), or already a dict."""
    return json.loads(value) if isinstance(value, str) else value


def _as_date(value: date | str) -> date:
    """A date column as a cursor gives it: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def alerts_visible_to(viewer: Viewer, *, open_only: bool = False) -> QuerySet[Alert]:
    require(rules.can_see_alerts(viewer))
    alerts = Alert.objects.select_related("case__intern", "case__host", "acknowledged_by")
    if not viewer.is_platform_admin:
        alerts = alerts.filter(case__program=viewer.program)
    if open_only:
        alerts = alerts.filter(acknowledged_at__isnull=True)
    return alerts.order_by("acknowledged_at", "-raised_at", "-pk")


def alert_for(viewer: Viewer, alert_id: int) -> Alert:
    alert = alerts_visible_to(viewer).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert


def incident_for(viewer: Viewer, incident_id: int) -> Incident:
    require(rules.can_list_cases(viewer))
    incident = (
        Incident.objects.select_related("case__intern", "case__host", "reported_by")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None or not rules.can_see_case(viewer, incident.case):
        raise Http404
    return incident


def week_of(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def reports_of_week(case: InternCase, week_start: date) -> list[tuple[date, DailyReport | None]]:
    """Each day of the week with its report (or None), comments prefetched."""
    end = week_start + timedelta(days=6)
    reports = {
        report.day: report
        for report in case.reports.filter(day__range=(week_start, end)).prefetch_related("comments__author")
    }
    return [(week_start + timedelta(days=i), reports.get(week_start + timedelta(days=i))) for i in range(7)]


def report_for(viewer: Viewer, report_id: int) -> DailyReport:
    require(rules.can_list_cases(viewer))
    report = DailyReport.objects.select_related("case__intern", "case__host").filter(pk=report_id).first()
    if report is None or not rules.can_see_case(viewer, report.case):
        raise Http404
    require(
        rules.can_read_diary(viewer, report.case),
        _("Daily reports are read by the intern's host, college, safety officer and program office."),
    )
    return report


def evaluations_visible_to(viewer: Viewer) -> QuerySet[Any]:
    """Evaluations of the cases whose diary the viewer reads: the college's teachers see their own
    students'; the city officer (living support) none."""
    from kakehashi.operations.models import Evaluation

    cases = cases_visible_to(viewer)
    scope = rules.case_scope(viewer, diary=True)
    if scope is not None:
        cases = cases.filter(scope)
    return (
        Evaluation.objects.filter(case__in=cases.values("pk"))
        .select_related("case__intern", "case__host", "author")
        .order_by("case__arrival_on", "case_id", "kind")
    )


def skills_endorsed_in(evaluation: Any) -> list[int]:
    """The skills an evaluation endorsed (ids, for the form's initial ticks); the caller read the
    evaluation through `case_for` and `can_evaluate`."""
    from kakehashi.learning.models import SkillEndorsement

    return list(
        SkillEndorsement.objects.filter(source=f"evaluation:{evaluation.pk}").values_list(
            "skill_id", flat=True
        )
    )


# --- figures for the programme app: counts, never people ------------------------------------------------


def cases_count(program: Any, until: date | None = None) -> int:
    cases = InternCase.objects.filter(program=program, cancelled=False)
    if until is not None:
        cases = cases.filter(arrival_on__lte=until)
    return cases.count()


def safe_completion_rate(program: Any, until: date | None = None) -> float | None:
    """Share (0 to 1) of the internships finished (by `until`) without a high or critical incident; None
    before the first one ends."""
    finished = InternCase.objects.filter(
        program=program, cancelled=False, departure_on__lt=until or timezone.localdate()
    )
    total = finished.count()
    if not total:
        return None
    serious = finished.filter(incidents__severity__in=["high", "critical"]).distinct().count()
    return (total - serious) / total


def residence_pack_of(viewer: Viewer, case: InternCase) -> Any:
    """The status-of-residence pack of a case the viewer reached through `case_for`, or None."""
    from kakehashi.operations.models import ResidencePack

    require(rules.can_see_residence_pack(viewer, case))
    return ResidencePack.objects.filter(case=case).first()


def pack_uploads_of(viewer: Viewer, case: InternCase) -> dict[str, Any]:
    """The signed copies uploaded for the pack of a case, by document key (the list shows when each came)."""
    from kakehashi.operations.models import ResidencePackUpload

    require(rules.can_see_residence_pack(viewer, case))
    return {upload.key: upload for upload in ResidencePackUpload.objects.filter(case=case)}


def pack_upload_of(viewer: Viewer, case: InternCase, key: str) -> Any:
    from kakehashi.operations.models import ResidencePackUpload

    require(rules.can_see_residence_pack(viewer, case))
    return ResidencePackUpload.objects.filter(case=case, key=key).first()
