"""Reads of the program's logframe, budget, expenses and reports, scoped by the viewer."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from kakehashi.accounts.models import Program
from kakehashi.core import cached_figures
from kakehashi.core.permissions import Viewer, require
from kakehashi.programme import rules
from kakehashi.programme.models import (
    BudgetLine,
    Expense,
    ExpenseStatus,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Level,
    LogframeElement,
    MeetingRecord,
    Report,
    fiscal_year_of,
)
from kakehashi.programme.reference import category_choices

# Expenses count against the budget once the accountant approved them.
SPENT = (ExpenseStatus.APPROVED, ExpenseStatus.SETTLED)


def program_of(viewer: Viewer) -> Program:
    require(rules.can_view_programme(viewer))
    assert viewer.program is not None
    return viewer.program


# --- logframe ----------------------------------------------------------------------------------------


def logframe_of(program: Program) -> list[LogframeElement]:
    """Every element with its indicators, their targets and values: four queries whatever the size, kept
    in the cache until an element, an indicator, a target or a value changes (logframe_changed; nothing
    writes them in bulk). The elements carry every language of their texts: one copy for every reader."""

    def read() -> list[LogframeElement]:
        indicators = Indicator.objects.prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("period_end")),
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period_end")),
        )
        return list(
            LogframeElement.objects.filter(program=program)
            .prefetch_related(Prefetch("indicators", queryset=indicators))
            .order_by("order", "pk")
        )

    return cached_figures.figure("logframe", (program.pk,), read)


def logframe_changed(**_kwargs: object) -> None:
    """Forget the cached logframes (a signal receiver on its four models)."""
    cached_figures.changed("logframe")


def logframe_for(viewer: Viewer) -> list[LogframeElement]:
    return logframe_of(program_of(viewer))


def indicator_for(viewer: Viewer, indicator_id: int) -> Indicator:
    program = program_of(viewer)
    try:
        return Indicator.objects.select_related("element").get(pk=indicator_id, element__program=program)
    except Indicator.DoesNotExist:
        raise Http404 from None


def activities_of(program: Program) -> list[LogframeElement]:
    return list(LogframeElement.objects.filter(program=program, level=Level.ACTIVITY).order_by("order", "pk"))


def activity_for(viewer: Viewer, activity_id: int) -> LogframeElement:
    program = program_of(viewer)
    try:
        return LogframeElement.objects.get(pk=activity_id, program=program, level=Level.ACTIVITY)
    except LogframeElement.DoesNotExist:
        raise Http404 from None


@dataclass
class IndicatorRow:
    element: LogframeElement
    indicator: Indicator
    target: Decimal | None
    latest: IndicatorValue | None


def indicator_rows(elements: list[LogframeElement]) -> list[IndicatorRow]:
    rows = []
    for element in elements:
        for indicator in element.indicators.all():
            targets = list(indicator.targets.all())
            values = list(indicator.values.all())
            rows.append(
                IndicatorRow(
                    element=element,
                    indicator=indicator,
                    target=targets[-1].value if targets else None,
                    latest=values[-1] if values else None,
                )
            )
    return rows


# --- budget and expenses ---------------------------------------------------------------------------


def expenses_for(
    viewer: Viewer, *, search: str = "", status: str = "", fiscal_year: int | None = None, category: str = ""
) -> QuerySet[Expense]:
    require(rules.can_view_expenses(viewer))
    expenses = Expense.objects.filter(program=viewer.program).select_related("entered_by", "approved_by")
    if search:
        expenses = expenses.filter(Q(description__icontains=search) | Q(payee__icontains=search))
    if status:
        expenses = expenses.filter(status=status)
    if fiscal_year:
        expenses = expenses.filter(fiscal_year=fiscal_year)
    if category:
        expenses = expenses.filter(category=category)
    return expenses.order_by("-spent_on", "-pk")


def expense_for(viewer: Viewer, expense_id: int) -> Expense:
    require(rules.can_view_expenses(viewer))
    try:
        return Expense.objects.select_related("program", "entered_by", "approved_by").get(
            pk=expense_id, program=viewer.program
        )
    except Expense.DoesNotExist:
        raise Http404 from None


def fiscal_years_of(program: Program) -> list[int]:
    return list(range(fiscal_year_of(program.starts_on), fiscal_year_of(program.ends_on) + 1))


def target_periods_of(program: Program) -> list[date]:
    """Targets are set at the end of each fiscal year of the program, and at its end."""
    ends = [
        date(year + 1, 3, 31) for year in fiscal_years_of(program) if date(year + 1, 3, 31) < program.ends_on
    ]
    return [*ends, program.ends_on]


@dataclass
class BudgetRow:
    category: str
    label: str
    budget: dict[int, int] = field(default_factory=dict)
    actual: dict[int, int] = field(default_factory=dict)
    years: list[tuple[int, int, int]] = field(default_factory=list)  # (year, actual, budget) for templates

    @property
    def budget_total(self) -> int:
        return sum(self.budget.values())

    @property
    def actual_total(self) -> int:
        return sum(self.actual.values())

    @property
    def remaining(self) -> int:
        return self.budget_total - self.actual_total

    @property
    def rate(self) -> Decimal | None:
        if not self.budget_total:
            return None
        return (Decimal(self.actual_total) * 100 / self.budget_total).quantize(Decimal("0.1"))


@dataclass
class BudgetTable:
    years: list[int]
    rows: list[BudgetRow]
    total: BudgetRow


def budget_table(program: Program, *, until: date | None = None, since: date | None = None) -> BudgetTable:
    """Budget against actual by JICA category and fiscal year: two queries."""
    years = fiscal_years_of(program)
    rows = {key: BudgetRow(key, str(label)) for key, label in category_choices()}
    for line in BudgetLine.objects.filter(program=program):
        rows[line.category].budget[line.fiscal_year] = line.amount_jpy
    spent = Expense.objects.filter(program=program, status__in=SPENT)
    if until:
        spent = spent.filter(spent_on__lte=until)
    if since:
        spent = spent.filter(spent_on__gte=since)
    for entry in spent.values("category", "fiscal_year").annotate(total=Sum("amount_jpy")):
        rows[entry["category"]].actual[entry["fiscal_year"]] = entry["total"]
    total = BudgetRow("total", "")
    for row in rows.values():
        for year in years:
            total.budget[year] = total.budget.get(year, 0) + row.budget.get(year, 0)
            total.actual[year] = total.actual.get(year, 0) + row.actual.get(year, 0)
    for row in [*rows.values(), total]:
        row.years = [(year, row.actual.get(year, 0), row.budget.get(year, 0)) for year in years]
    return BudgetTable(years=years, rows=list(rows.values()), total=total)


def spending_changed(**_kwargs: object) -> None:
    """Forget the cached budget figures (a signal receiver on expenses and budget lines, and called by the
    writes that send no signal: the expense's optimistic-lock UPDATE, bulk inserts)."""
    cached_figures.changed("spending")


def dashboard_figures(program: Program) -> tuple[BudgetTable, dict[str, Any]]:
    """The dashboard's budget table and burn chart: four aggregate queries over every expense, kept in the
    cache (per program and language: the categories are named) until an expense or a budget line changes."""
    parts = (program.pk, get_language(), timezone.localdate().strftime("%Y-%m"))
    return cached_figures.figure("spending", parts, lambda: (budget_table(program), burn_series(program)))


def budget_for(viewer: Viewer) -> BudgetTable:
    return budget_table(program_of(viewer))


def burn_series(program: Program) -> dict[str, Any]:
    """Cumulative approved spending by month against the budget spread evenly over the program."""
    by_month: dict[str, int] = defaultdict(int)
    for entry in (
        Expense.objects.filter(program=program, status__in=SPENT)
        .annotate(month=TruncMonth("spent_on"))
        .values("month")
        .annotate(total=Sum("amount_jpy"))
        .order_by("month")
    ):
        by_month[entry["month"].strftime("%Y-%m")] += entry["total"]
    budget_total = BudgetLine.objects.filter(program=program).aggregate(total=Sum("amount_jpy"))["total"] or 0
    months = []
    day = program.starts_on.replace(day=1)
    while day <= program.ends_on:
        months.append(day.strftime("%Y-%m"))
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    today = timezone.localdate().strftime("%Y-%m")
    actual: list[int | None] = []
    running = 0
    for month in months:
        running += by_month.get(month, 0)
        actual.append(running if month <= today else None)
    planned = [round(budget_total * (i + 1) / len(months)) for i in range(len(months))]
    return {"labels": months, "actual": actual, "planned": planned}


# --- reports ---------------------------------------------------------------------------------------


def reports_for(viewer: Viewer, *, kind: str = "") -> QuerySet[Report]:
    program = program_of(viewer)
    reports = Report.objects.filter(program=program).defer(
        "summary", "progress_notes", "issues", "next_steps", "error"
    )
    if kind:
        reports = reports.filter(kind=kind)
    return reports.order_by("-period_end", "kind")


def report_for(viewer: Viewer, report_id: int) -> Report:
    try:
        return reports_for(viewer).get(pk=report_id)
    except Report.DoesNotExist:
        raise Http404 from None


# --- meeting records -------------------------------------------------------------------------------


def meetings_for(viewer: Viewer, *, search: str = "") -> QuerySet[MeetingRecord]:
    program = program_of(viewer)
    records = MeetingRecord.objects.filter(program=program).prefetch_related("organizations")
    if search:
        records = records.filter(Q(title__icontains=search) | Q(decisions__icontains=search))
    return records.order_by("-held_on", "-pk")


def meeting_for(viewer: Viewer, record_id: int) -> MeetingRecord:
    try:
        return meetings_for(viewer).get(pk=record_id)
    except MeetingRecord.DoesNotExist:
        raise Http404 from None


def category_series(table: BudgetTable) -> dict[str, Any]:
    """Budget and actual per category, for the bar chart."""
    return {
        "labels": [row.label for row in table.rows],
        "budget": [row.budget_total for row in table.rows],
        "actual": [row.actual_total for row in table.rows],
    }
