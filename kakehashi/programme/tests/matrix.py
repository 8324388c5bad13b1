"""The programme app's rows of the URL x role matrix."""

from datetime import date
from decimal import Decimal

from kakehashi.core.testing.matrix import PROGRAM_OFFICE, MatrixContext, Row, expect
from kakehashi.programme.models import (
    Expense,
    ExpenseStatus,
    Indicator,
    Level,
    LogframeElement,
    MeetingRecord,
    Report,
)

READERS = PROGRAM_OFFICE | {"funder"}
MANAGERS = {"admin", "manager"}
ACCOUNTANTS = {"admin", "accountant"}


def entered_expense(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> Expense:
        return Expense.objects.create(
            program=c.program(),
            spent_on=date(2025, 6, 1),
            fiscal_year=2025,
            category="equipment",
            description="Matrix expense",
            payee="Matrix Ltd.",
            amount=Decimal(1000),
            amount_jpy=1000,
            entered_by=c.user("accountant"),
        )

    return c.once("expense", make).pk


def approved_expense(c: MatrixContext) -> int:
    return Expense.objects.filter(program=c.program(), status=ExpenseStatus.APPROVED, receipt="").first().pk


def indicator(c: MatrixContext) -> int:
    return Indicator.objects.filter(element__program=c.program()).first().pk  # type: ignore[union-attr]


def activity(c: MatrixContext) -> int:
    return LogframeElement.objects.filter(program=c.program(), level=Level.ACTIVITY).first().pk  # type: ignore[union-attr]


def report(c: MatrixContext) -> int:
    return Report.objects.filter(program=c.program()).first().pk  # type: ignore[union-attr]


def meeting(c: MatrixContext) -> int:
    return MeetingRecord.objects.filter(program=c.program()).first().pk  # type: ignore[union-attr]


ROWS = [
    Row("programme:dashboard", expect(READERS)),
    Row("programme:indicators", expect(READERS)),
    Row(
        "programme:indicators_snapshot",
        expect(MANAGERS, yes=302),
        method="post",
        data=lambda c: {"period_end": "2025-03-31"},
    ),
    Row("programme:indicator_edit", expect(MANAGERS), kwargs=lambda c: {"indicator_id": indicator(c)}),
    Row("programme:indicator_value", expect(MANAGERS), kwargs=lambda c: {"indicator_id": indicator(c)}),
    Row("programme:schedule", expect(READERS)),
    Row("programme:activity_edit", expect(MANAGERS), kwargs=lambda c: {"activity_id": activity(c)}),
    Row("programme:budget", expect(READERS)),
    Row("programme:budget_edit", expect(PROGRAM_OFFICE)),
    Row("programme:expense_list", expect(PROGRAM_OFFICE)),
    Row("programme:expense_create", expect(PROGRAM_OFFICE)),
    Row(
        "programme:expense_detail",
        expect(PROGRAM_OFFICE),
        kwargs=lambda c: {"expense_id": entered_expense(c)},
    ),
    Row(
        "programme:expense_edit", expect(PROGRAM_OFFICE), kwargs=lambda c: {"expense_id": entered_expense(c)}
    ),
    Row(
        "programme:expense_approve", expect(ACCOUNTANTS), kwargs=lambda c: {"expense_id": entered_expense(c)}
    ),
    Row(
        "programme:expense_approve",
        expect(ACCOUNTANTS, yes=302),
        method="post",
        kwargs=lambda c: {"expense_id": entered_expense(c)},
        data=lambda c: {"version": 1},
        label="expense_approve posted",
    ),
    Row(
        "programme:expense_settle", expect(ACCOUNTANTS), kwargs=lambda c: {"expense_id": approved_expense(c)}
    ),
    Row(
        "programme:expense_receipt",
        expect(PROGRAM_OFFICE, yes=404),
        kwargs=lambda c: {"expense_id": approved_expense(c)},
        label="expense_receipt of an expense without a receipt",
    ),
    Row("programme:report_list", expect(READERS)),
    Row("programme:report_create", expect(MANAGERS)),
    Row("programme:report_detail", expect(READERS), kwargs=lambda c: {"report_id": report(c)}),
    Row("programme:report_build", expect(MANAGERS), kwargs=lambda c: {"report_id": report(c)}),
    Row("programme:report_status", expect(READERS), kwargs=lambda c: {"report_id": report(c)}),
    Row(
        "programme:report_download",
        expect(READERS, yes=404),
        kwargs=lambda c: {"report_id": report(c), "fmt": "pdf"},
        label="report_download of a report not built yet",
    ),
    Row("programme:meeting_list", expect(READERS)),
    Row("programme:meeting_create", expect(PROGRAM_OFFICE)),
    Row("programme:meeting_detail", expect(READERS), kwargs=lambda c: {"record_id": meeting(c)}),
    Row("programme:meeting_edit", expect(PROGRAM_OFFICE), kwargs=lambda c: {"record_id": meeting(c)}),
    Row("programme:meeting_pdf", expect(READERS), kwargs=lambda c: {"record_id": meeting(c)}),
    Row("programme:iati_export", expect(READERS)),
    Row("api:programme_indicators", expect(READERS, anon=401)),
    Row("api:programme_budget", expect(READERS, anon=401)),
]
