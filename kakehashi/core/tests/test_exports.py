"""No CSV or Excel file the platform writes turns a person's text into a live formula.

A name such as `=HYPERLINK("http://x","x")` typed by a student must reach the office's spreadsheet as
text. Each export below gets such a value planted where a person types it, and the downloaded cell is
checked: in Excel not a formula and starting with a quote; in CSV starting with a quote.
"""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kakehashi.core.exports import safe_cell

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://x","x")'


def _xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_neutral_in_xlsx(content: bytes) -> None:
    planted = [cell for cell in _xlsx_cells(content) if isinstance(cell.value, str) and FORMULA in cell.value]
    assert planted, "the planted value is not in the workbook"
    for cell in planted:
        assert cell.data_type != "f", cell.coordinate
        assert cell.value == "'" + FORMULA, cell.coordinate


def assert_neutral_in_csv(content: bytes) -> None:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    planted = [value for row in rows for value in row if FORMULA in value]
    assert planted, "the planted value is not in the file"
    assert all(value == "'" + FORMULA for value in planted)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_starts_with_a_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-5, 0, 3.5, None, date(2026, 1, 2), "Bat-Erdene", "a=b", ""])
def test_numbers_dates_and_plain_text_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def test_the_round_workbook(client_as) -> None:
    from kakehashi.internships.models import Application, Round

    round_ = Round.objects.get(program__key="jica-dx-2024", key="2025-03")
    application = Application.objects.filter(round=round_, submitted_at__isnull=False).first()
    # The name's parts are what the workbook prints (kakehashi.accounts.names).
    Application.objects.filter(pk=application.pk).update(
        name_latin=FORMULA, given_name_latin=FORMULA, family_name_latin=""
    )
    response = client_as("manager").get(f"/rounds/{round_.pk}/export.xlsx")
    assert_neutral_in_xlsx(response.content)


def test_the_gradebook(client_as) -> None:
    from kakehashi.learning.tests.factories import big_cohort

    cohort = big_cohort(learners=2, items=3, key="formula")
    # The name's parts are what pages and exports print (kakehashi.accounts.names).
    cohort.members.first().user.__class__.objects.filter(email="formula0@example.mn").update(
        name_latin=FORMULA, given_name_latin=FORMULA, family_name_latin=""
    )
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/gradebook.xlsx")
    assert_neutral_in_xlsx(b"".join(response.streaming_content))
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/gradebook.csv")
    assert_neutral_in_csv(b"".join(response.streaming_content))
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/students.xlsx")
    assert_neutral_in_xlsx(b"".join(response.streaming_content))
    response = client_as("instructor").get(f"/learning/cohorts/{cohort.pk}/students.csv")
    assert_neutral_in_csv(b"".join(response.streaming_content))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_expense_list(client_as, fmt: str) -> None:
    from kakehashi.programme.models import Expense

    expense = Expense.objects.filter(program__key="jica-dx-2024").first()
    Expense.objects.filter(pk=expense.pk).update(description=FORMULA)
    response = client_as("manager").get(f"/programme/expenses/?format={fmt}")
    assert response.status_code == 200
    (assert_neutral_in_csv if fmt == "csv" else assert_neutral_in_xlsx)(response.content)


def test_the_jica_report_workbook_free_text() -> None:
    from kakehashi.programme import reports
    from kakehashi.programme.models import Report, ReportKind

    report = Report.objects.filter(kind=ReportKind.QUARTERLY_EXPENDITURE).first()
    Report.objects.filter(pk=report.pk).update(summary=FORMULA, issues=FORMULA)
    report.refresh_from_db()
    assert_neutral_in_xlsx(reports.render_xlsx(reports.gather(report)))


def test_the_sensitive_reads_csv(client_as, demo_user) -> None:
    from kakehashi.privacy.models import SensitiveRead

    subject = demo_user("student")
    subject.__class__.objects.filter(pk=subject.pk).update(
        name_latin=FORMULA,
        name_local="",
        given_name_latin=FORMULA,
        family_name_latin="",
        given_name_local="",
        family_name_local="",
    )
    SensitiveRead.objects.create(
        subject=subject,
        reader=demo_user("safety"),
        model="privacy.personalrecord",
        object_id="1",
        field="passport_number",
        read_at=timezone.now(),
    )
    response = client_as("manager").get("/privacy/sensitive-reads/export.csv")
    assert_neutral_in_csv(b"".join(response) if response.streaming else response.content)


WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(|from openpyxl import [^\n]*\bWorkbook\b")


def test_every_csv_and_excel_file_is_written_through_the_one_helper() -> None:
    """A new export cannot forget the neutralising: csv writers and workbooks come only from core.exports."""
    package = Path(__file__).resolve().parents[2]
    helper = package / "core" / "exports.py"
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path != helper and "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if WRITERS.search(line)
    ]
    assert offenders == []
