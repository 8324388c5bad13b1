"""Reports built from the platform's data: PDF (WeasyPrint, fonts from kakehashi/core/pdf.py) and Excel, in Japanese."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kakehashi.core.pdf import html_to_pdf
from kakehashi.programme import selectors
from kakehashi.programme.models import Expense, Report, ReportKind, ReportStatus
from kakehashi.programme.reference import category_names, load

REPORT_NAMES_JA = {r["key"]: r["ja"] for r in load("jica_expense_categories")["reports"]}


@dataclass
class ReportContent:
    report: Report
    title_ja: str
    budget: selectors.BudgetTable
    period_budget: selectors.BudgetTable
    indicators: list[selectors.IndicatorRow]
    activities: list[Any]
    expense_count: int
    period_total: int


def gather(report: Report) -> ReportContent:
    """Everything the report shows, read from the platform as it is now."""
    program = report.program
    elements = selectors.logframe_of(program)
    spent = Expense.objects.filter(
        program=program,
        status__in=selectors.SPENT,
        spent_on__gte=report.period_start,
        spent_on__lte=report.period_end,
    )
    return ReportContent(
        report=report,
        title_ja=REPORT_NAMES_JA.get(report.kind, report.get_kind_display()),
        budget=selectors.budget_table(program, until=report.period_end),
        period_budget=selectors.budget_table(program, since=report.period_start, until=report.period_end),
        indicators=selectors.indicator_rows(elements),
        activities=[e for e in elements if e.level == "activity"],
        expense_count=spent.count(),
        period_total=spent.aggregate(total=Sum("amount_jpy"))["total"] or 0,
    )


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
    sheet.append(["事業名", report.program.title_ja or report.program.title_en])
    sheet.append(["対象期間", f"{report.period_start:%Y年%m月%d日}～{report.period_end:%Y年%m月%d日}"])
    sheet.append(["期間中の支出（円）", content.period_total])
    sheet.append(["期間中の支出件数", content.expense_count])
    for label, text in (
        ("期間の概要", report.summary),
        ("活動の進捗", report.progress_notes),
        ("課題と対応", report.issues),
        ("次期の予定", report.next_steps),
    ):
        sheet.append([label, text])
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
                item.indicator.title_ja or item.indicator.title_en,
                float(item.indicator.baseline) if item.indicator.baseline is not None else None,
                float(item.target) if item.target is not None else None,
                float(latest.value) if latest and latest.value is not None else None,
                latest.period_end.isoformat() if latest else None,
                latest.get_source_display() if latest else None,
            ]
        )
    indicators.column_dimensions["C"].width = 50
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
