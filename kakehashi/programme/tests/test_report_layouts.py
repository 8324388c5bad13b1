"""Each kind of report to JICA has its own sections, and the expense settlement report settles every
expense of the period by category without naming persons."""

import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from kakehashi.accounts.models import Program
from kakehashi.programme import reports
from kakehashi.programme.models import Expense, ExpenseStatus, Report, ReportKind
from kakehashi.programme.report_layouts import LAYOUTS

pytestmark = pytest.mark.django_db

PERIOD = (date(2030, 4, 1), date(2030, 6, 30))  # after the demo's expenses: only this test's count


def program() -> Program:
    return Program.objects.get(key="jica-dx-2024")


def report_of(kind: str, **narrative: str) -> Report:
    return Report.objects.create(
        program=program(), kind=kind, period_start=PERIOD[0], period_end=PERIOD[1], **narrative
    )


def pdf_text(report: Report) -> str:
    pdf = reports.render_pdf(reports.gather(report))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return "".join(text.decode().split())  # pdftotext breaks Japanese lines anywhere


def expense(category: str, amount: int, *, payee: str, person: bool = False, day: int = 10) -> Expense:
    return Expense.objects.create(
        program=program(),
        spent_on=date(2030, 5, day),
        category=category,
        description=f"{category} {amount}",
        payee=payee,
        payee_is_person=person,
        amount=Decimal(amount),
        amount_jpy=amount,
        fiscal_year=2030,
        status=ExpenseStatus.APPROVED,
    )


@pytest.mark.parametrize("kind", list(LAYOUTS))
def test_each_kind_prints_its_own_headings_in_order_and_no_other_kinds(kind: str) -> None:
    text = pdf_text(report_of(kind))
    positions = [text.find(f"{n}.{section.heading_ja}") for n, section in enumerate(LAYOUTS[kind], 1)]
    assert -1 not in positions, (kind, positions)
    assert positions == sorted(positions)
    own = {section.heading_ja for section in LAYOUTS[kind]}
    others = {s.heading_ja for k, layout in LAYOUTS.items() if k != kind for s in layout} - own
    assert [heading for heading in others if heading in text] == []


def test_the_kinds_differ() -> None:
    layouts = {tuple(s.key for s in layout) for layout in LAYOUTS.values()}
    assert len(layouts) == len(LAYOUTS)


def test_the_settlement_report_settles_each_category_and_lists_expenses_without_persons_names() -> None:
    expense("overseas_airfare", 120_000, payee="MIAT Mongolian Airlines")
    expense("overseas_airfare", 80_000, payee="ANA", day=20)
    expense("overseas_per_diem", 15_000, payee="Батсүх Өлзий", person=True)
    report = report_of(ReportKind.EXPENSE_SETTLEMENT, issues="領収書はすべて保管しています。")
    content = reports.gather(report)
    by_label = {row.label: row for row in content.settlement}
    airfare = next(row for row in content.settlement if "航空賃" in row.label)
    assert (airfare.actual, airfare.count) == (200_000, 2)
    assert by_label["合計"].actual == 215_000
    assert by_label["合計"].count == 3
    assert airfare.difference == airfare.budget - 200_000
    text = pdf_text(report)
    assert "MIATMongolianAirlines" in text
    assert "Батсүх" not in text
    assert "個人" in text
    assert "領収書はすべて保管しています。" in text
    book = load_workbook(BytesIO(reports.render_xlsx(content)))
    lines = book["支出明細"]
    assert [cell.value for cell in lines[1]][:5] == ["支出日", "費目", "内容", "支払先", "金額（円）"]
    first = [cell.value for cell in lines[2]]
    assert first[0].date() == date(2030, 5, 10)  # a real date cell, not text
    assert "Батсүх" not in {str(cell.value) for row in lines.iter_rows() for cell in row}


def test_the_monthly_report_lists_only_the_activities_of_its_month() -> None:
    month = reports.gather(report_of(ReportKind.MONTHLY))
    assert month.activities, "the demo logframe has activities"
    content = reports.gather(report_of(ReportKind.COMPLETION))
    in_month = month.activities_in_period
    assert all(
        (a.planned_start and a.planned_start <= PERIOD[1] and a.planned_end >= PERIOD[0])
        or (a.actual_start and a.actual_start <= PERIOD[1])
        for a in in_month
    )
    assert len(in_month) <= len(content.activities)


def test_the_narrative_form_asks_only_for_the_texts_the_kind_prints_and_keeps_the_others(client_as) -> None:
    report = report_of(ReportKind.QUARTERLY_EXPENDITURE, summary="前の文章", issues="")
    page = client_as("manager").get(f"/programme/reports/{report.pk}/").content.decode()
    assert 'name="issues"' in page
    assert 'name="summary"' not in page
    assert "特記事項" in page
    client_as("manager").post(f"/programme/reports/{report.pk}/", {"issues": "為替差額あり"})
    report.refresh_from_db()
    assert (report.issues, report.summary) == ("為替差額あり", "前の文章")
