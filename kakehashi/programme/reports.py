"""Reports built from the platform's data: PDF (WeasyPrint, fonts from kakehashi/core/pdf.py) and Excel, in Japanese."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kakehashi.core.dates import written_range
from kakehashi.core.pdf import html_to_pdf
from kakehashi.programme import selectors
from kakehashi.programme.models import Expense, Level, Report, ReportKind, ReportStatus, fiscal_year_of
from kakehashi.programme.reference import category_names, load
from kakehashi.programme.report_layouts import FilledSection, sections_of

REPORT_NAMES_JA = {r["key"]: r["ja"] for r in load("jica_expense_categories")["reports"]}


# The settlement report lists each expense in the PDF up to this many; the workbook lists them all.
PDF_EXPENSE_LINES = 400


@dataclass(frozen=True)
class SettlementRow:
    label: str
    budget: int  # the budget of the fiscal years the period touches
    actual: int
    count: int

    @property
    def difference(self) -> int:
        return self.budget - self.actual


@dataclass(frozen=True)
class ExpenseLine:
    spent_on: Any
    category: str
    description: str
    payee: str  # "個人" for a person: the funder sees figures, not people
    amount_jpy: int
    has_receipt: bool


@dataclass
class ReportContent:
    report: Report
    title_ja: str
    sections: tuple[FilledSection, ...]
    budget: selectors.BudgetTable
    period_budget: selectors.BudgetTable
    indicators: list[selectors.IndicatorRow]
    activities: list[Any]
    expense_count: int
    period_total: int
    settlement: list[SettlementRow] = field(default_factory=list)
    expense_lines: list[ExpenseLine] = field(default_factory=list)

    @property
    def made_on(self) -> Any:
        """The day the report is made (its header gives it in the 令和 era, as JICA's forms do)."""
        return timezone.localdate()

    @property
    def indicators_goal(self) -> list[selectors.IndicatorRow]:
        return [r for r in self.indicators if r.element.level in (Level.GOAL, Level.PURPOSE)]

    @property
    def indicators_outputs(self) -> list[selectors.IndicatorRow]:
        return [r for r in self.indicators if r.element.level == Level.OUTPUT]

    @property
    def activities_in_period(self) -> list[Any]:
        """Activities planned or carried out during the period (a month shows only its own)."""
        start, end = self.report.period_start, self.report.period_end
        return [
            a
            for a in self.activities
            if _overlaps(a.planned_start, a.planned_end, start, end)
            or _overlaps(a.actual_start, a.actual_end or end, start, end)
        ]

    @property
    def expense_lines_in_pdf(self) -> list[ExpenseLine]:
        return self.expense_lines[:PDF_EXPENSE_LINES]


def _overlaps(first: Any, last: Any, start: Any, end: Any) -> bool:
    return first is not None and last is not None and first <= end and last >= start


def _settlement(
    program: Any, spent: Any, budget: selectors.BudgetTable, period_start: Any, period_end: Any
) -> tuple[list[SettlementRow], list[ExpenseLine]]:
    """Per category: the budget of the fiscal years the period touches, what was spent, how many expenses;
    and every expense of the period, persons' names left out."""
    years = set(range(fiscal_year_of(period_start), fiscal_year_of(period_end) + 1))
    totals = {
        row["category"]: (row["total"], row["count"])
        for row in spent.values("category").annotate(total=Sum("amount_jpy"), count=Count("pk"))
    }
    rows = [
        SettlementRow(
            label=row.label,
            budget=sum(amount for year, amount in row.budget.items() if year in years),
            actual=totals.get(row.category, (0, 0))[0] or 0,
            count=totals.get(row.category, (0, 0))[1],
        )
        for row in budget.rows
    ]
    rows.append(
        SettlementRow(
            label="合計",
            budget=sum(r.budget for r in rows),
            actual=sum(r.actual for r in rows),
            count=sum(r.count for r in rows),
        )
    )
    names = category_names()
    lines = [
        ExpenseLine(
            spent_on=expense.spent_on,
            category=names[expense.category]["ja"] if expense.category in names else expense.category,
            description=expense.description,
            payee="個人" if expense.payee_is_person else expense.payee,
            amount_jpy=expense.amount_jpy,
            has_receipt=bool(expense.receipt),
        )
        for expense in spent.order_by("spent_on", "pk").only(
            "spent_on", "category", "description", "payee", "payee_is_person", "amount_jpy", "receipt"
        )
    ]
    return rows, lines


def gather(report: Report) -> ReportContent:
    """Everything the report shows, read from the platform as it is now. JICA's reports are Japanese
    documents: expense categories and other texts written in several languages are read in Japanese."""
    with translation.override("ja"):
        return _gather(report)


def _gather(report: Report) -> ReportContent:
    program = report.program
    elements = selectors.logframe_of(program)
    spent = Expense.objects.filter(
        program=program,
        status__in=selectors.SPENT,
        spent_on__gte=report.period_start,
        spent_on__lte=report.period_end,
    )
    budget = selectors.budget_table(program, until=report.period_end)
    content = ReportContent(
        report=report,
        title_ja=REPORT_NAMES_JA.get(report.kind, report.get_kind_display()),
        sections=sections_of(report),
        budget=budget,
        period_budget=selectors.budget_table(program, since=report.period_start, until=report.period_end),
        indicators=selectors.indicator_rows(elements),
        activities=[e for e in elements if e.level == Level.ACTIVITY],
        expense_count=spent.count(),
        period_total=spent.aggregate(total=Sum("amount_jpy"))["total"] or 0,
    )
    if report.kind == ReportKind.EXPENSE_SETTLEMENT:
        content.settlement, content.expense_lines = _settlement(
            program, spent, budget, report.period_start, report.period_end
        )
    return content


def render_pdf(content: ReportContent) -> bytes:
    with translation.override("ja"):
        html = render_to_string(
            "programme/pdf/report.html", {"c": content, "program": content.report.program}
        )
    return html_to_pdf(html)


def render_xlsx(content: ReportContent) -> bytes:
    from openpyxl.styles import Font

    from kakehashi.core.exports import new_workbook, workbook_bytes

    report = content.report
    book = new_workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "概要"
    bold = Font(bold=True)
    sheet.append([content.title_ja])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["事業名", report.program.title.in_language("ja")])
    sheet.append(["対象期間", written_range(report.period_start, report.period_end, "ja")])
    sheet.append(["期間中の支出（円）", content.period_total])
    sheet.append(["期間中の支出件数", content.expense_count])
    for section in content.sections:
        if section.narrative:
            sheet.append([section.heading_ja, section.text])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80

    names = category_names()
    money = book.create_sheet("予算執行状況")
    years = content.budget.years
    header = ["費目"] + [f"{y}年度 予算" for y in years] + [f"{y}年度 実績" for y in years]
    header += ["予算計", "実績計", "残額", "執行率（%）"]
    money.append(header)
    for cell in money[1]:
        cell.font = bold
    for row in [*content.budget.rows, content.budget.total]:
        label = names[row.category]["ja"] if row.category in names else "合計"
        money.append(
            [label]
            + [row.budget.get(y, 0) for y in years]
            + [row.actual.get(y, 0) for y in years]
            + [
                row.budget_total,
                row.actual_total,
                row.remaining,
                float(row.rate) if row.rate is not None else None,
            ]
        )
    money.column_dimensions["A"].width = 36

    period = book.create_sheet("当期支出")
    period.append(["費目", "当期支出（円）"])
    for row in [*content.period_budget.rows, content.period_budget.total]:
        label = names[row.category]["ja"] if row.category in names else "合計"
        period.append([label, row.actual_total])
    period.column_dimensions["A"].width = 36

    indicators = book.create_sheet("成果指標")
    indicators.append(["区分", "番号", "指標", "ベースライン", "目標値", "実績値", "時点", "出所"])
    for item in content.indicators:
        latest = item.latest
        indicators.append(
            [
                item.element.get_level_display(),
                item.element.key,
                item.indicator.title.in_language("ja"),
                float(item.indicator.baseline) if item.indicator.baseline is not None else None,
                float(item.target) if item.target is not None else None,
                float(latest.value) if latest and latest.value is not None else None,
                latest.period_end.isoformat() if latest else None,
                latest.get_source_display() if latest else None,
            ]
        )
    indicators.column_dimensions["C"].width = 50
    if content.settlement:
        settlement = book.create_sheet("費目別精算")
        settlement.append(["費目", "予算（対象年度）", "実績", "差額", "件数"])
        for settled in content.settlement:
            settlement.append(
                [settled.label, settled.budget, settled.actual, settled.difference, settled.count]
            )
        settlement.column_dimensions["A"].width = 36
        lines = book.create_sheet("支出明細")
        lines.append(["支出日", "費目", "内容", "支払先", "金額（円）", "証憑"])
        for line in content.expense_lines:
            lines.append(
                [
                    line.spent_on,  # a real date cell, shown as 2026/04/01
                    line.category,
                    line.description,
                    line.payee,
                    line.amount_jpy,
                    "有" if line.has_receipt else "無",
                ]
            )
            lines.cell(row=lines.max_row, column=1).number_format = "yyyy/mm/dd"
        lines.column_dimensions["B"].width = 30
        lines.column_dimensions["C"].width = 50
    return workbook_bytes(book)


def build(report: Report, progress: Callable[[int], None] | None = None) -> Report:
    """Build the PDF and the workbook, reporting progress (0-100) as it goes."""

    def step(percent: int) -> None:
        report.progress = percent
        report.save(update_fields=["progress", "updated_at"])
        if progress:
            progress(percent)

    report.status = ReportStatus.BUILDING
    report.save(update_fields=["status", "updated_at"])
    # The figures of the period are recorded first, so the report and the indicators page agree.
    from kakehashi.programme.services import snapshot_program

    snapshot_program(report.program, report.period_end, recorded_by=report.built_by)
    step(10)
    with translation.override("ja"):
        content = gather(report)
        step(30)
        stem = f"{report.kind}-{report.period_end:%Y%m%d}"
        report.xlsx.save(f"{stem}.xlsx", ContentFile(render_xlsx(content)), save=False)
        step(50)
        report.pdf.save(f"{stem}.pdf", ContentFile(render_pdf(content)), save=False)
    report.status, report.progress, report.built_at = ReportStatus.READY, 100, timezone.now()
    report.save(update_fields=["status", "progress", "built_at", "pdf", "xlsx", "updated_at"])
    return report


__all__ = ["ReportKind", "build", "gather"]
