"""Every change to the logframe, budget, expenses and reports goes through here."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, User
from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer, require
from kakehashi.notifications.services import notify
from kakehashi.privacy.uploads import validate_upload
from kakehashi.programme import figures, rules
from kakehashi.programme.models import (
    BudgetLine,
    Currency,
    Expense,
    ExpenseStatus,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    LogframeElement,
    MeetingRecord,
    Report,
    ReportStatus,
    ValueSource,
    fiscal_year_of,
)
from kakehashi.programme.selectors import spending_changed

RECEIPT_MAX_BYTES = 5 * 1024 * 1024


class StaleVersion(ValidationError):
    """Someone else saved this expense after it was opened."""


def check_receipt(upload: UploadedFile) -> None:
    """A PDF, PNG or JPEG of at most 5 MB, judged by its content, not its name."""
    try:
        validate_upload(upload, allowed={"pdf", "png", "jpg"}, max_bytes=RECEIPT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"receipt": error.messages}) from None


def yen(amount: Decimal, currency: str, rate: Decimal) -> int:
    if currency == Currency.JPY:
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if rate <= 0:
        raise ValidationError({"rate": _("Give the rate used to convert this amount into yen.")})
    return int((amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _check_expense(expense: Expense) -> None:
    program = expense.program
    if not program.starts_on <= expense.spent_on <= program.ends_on:
        raise ValidationError({"spent_on": _("The date must fall within the program's period.")})
    if expense.currency == Currency.JPY:
        expense.rate = Decimal(1)
    expense.amount_jpy = yen(expense.amount, expense.currency, expense.rate)
    expense.fiscal_year = fiscal_year_of(expense.spent_on)


EDITABLE_FIELDS = (
    "spent_on",
    "category",
    "description",
    "payee",
    "payee_is_person",
    "amount",
    "currency",
    "rate",
)


@transaction.atomic
def expense_create(*, viewer: Viewer, data: dict[str, Any], receipt: UploadedFile | None = None) -> Expense:
    require(rules.can_enter_expense(viewer))
    assert viewer.program is not None
    expense = Expense(program=viewer.program, entered_by=viewer.user, **data)
    if receipt is not None:
        check_receipt(receipt)
        expense.receipt = receipt  # type: ignore[assignment]
    _check_expense(expense)
    expense.full_clean(exclude=["entered_by", "approved_by"])
    expense.save()
    accountants = Membership.objects.filter(program=viewer.program, role=Role.ACCOUNTANT, is_active=True)
    notify(
        User.objects.filter(pk__in=accountants.values("user_id"), is_active=True).exclude(pk=viewer.user.pk),
        "programme.expense_to_approve",
        {"amount": f"{expense.amount_jpy:,}", "description": expense.description},
        url=reverse("programme:expense_detail", args=[expense.pk]),
        about=f"expense:{expense.pk}",
    )
    return expense


@transaction.atomic
def expense_update(
    *,
    viewer: Viewer,
    expense: Expense,
    version: int,
    data: dict[str, Any],
    receipt: UploadedFile | None = None,
) -> Expense:
    """Save changes made to the version the person opened; if someone saved meanwhile, refuse."""
    require(rules.can_enter_expense(viewer))
    if expense.status != ExpenseStatus.ENTERED:
        raise ValidationError(_("An approved expense cannot be changed."))
    for name, value in data.items():
        setattr(expense, name, value)
    if receipt is not None:
        check_receipt(receipt)
        expense.receipt = receipt  # type: ignore[assignment]
    _check_expense(expense)
    expense.full_clean(exclude=["entered_by", "approved_by"])
    fields = [*EDITABLE_FIELDS, "amount_jpy", "fiscal_year", "receipt"]
    if receipt is not None:
        expense.receipt.save(receipt.name or "receipt", receipt, save=False)
    _save_if_current(expense, version, {name: getattr(expense, name) for name in fields})
    return expense


def _save_if_current(expense: Expense, version: int, values: dict[str, Any]) -> None:
    """The optimistic lock: one UPDATE that only matches the version the person saw."""
    updated = Expense.objects.filter(pk=expense.pk, version=version).update(
        **values, version=version + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise StaleVersion(
            _("Someone else changed this expense after you opened it. Reload the page and try again.")
        )
    expense.version = version + 1
    spending_changed()  # an UPDATE sends no signal


@transaction.atomic
def expense_approve(*, viewer: Viewer, expense: Expense, version: int) -> Expense:
    require(rules.can_approve_expense(viewer), _("Only the accountant approves expenses."))
    if expense.status != ExpenseStatus.ENTERED:
        raise ValidationError(_("This expense is not waiting for approval."))
    now = timezone.now()
    _save_if_current(
        expense, version, {"status": ExpenseStatus.APPROVED, "approved_by": viewer.user, "approved_at": now}
    )
    expense.status, expense.approved_by, expense.approved_at = ExpenseStatus.APPROVED, viewer.user, now
    return expense


@transaction.atomic
def expense_settle(*, viewer: Viewer, expense: Expense, version: int) -> Expense:
    require(rules.can_approve_expense(viewer), _("Only the accountant settles expenses."))
    if expense.status != ExpenseStatus.APPROVED:
        raise ValidationError(_("Only an approved expense can be settled."))
    now = timezone.now()
    _save_if_current(expense, version, {"status": ExpenseStatus.SETTLED, "settled_at": now})
    expense.status, expense.settled_at = ExpenseStatus.SETTLED, now
    return expense


@transaction.atomic
def budget_line_save(*, viewer: Viewer, fiscal_year: int, category: str, amount_jpy: int) -> BudgetLine:
    require(rules.can_manage_budget(viewer))
    assert viewer.program is not None
    if amount_jpy < 0:
        raise ValidationError({"amount_jpy": _("A budget cannot be negative.")})
    line, _created = BudgetLine.objects.update_or_create(
        program=viewer.program,
        fiscal_year=fiscal_year,
        category=category,
        defaults={"amount_jpy": amount_jpy},
    )
    return line


# --- indicators ------------------------------------------------------------------------------------


@transaction.atomic
def indicators_snapshot(*, viewer: Viewer, period_end: date) -> int:
    """Record every figure-backed indicator's value at the end of a period; returns how many were known."""
    require(rules.can_manage_logframe(viewer))
    assert viewer.program is not None
    return snapshot_program(viewer.program, period_end, recorded_by=viewer.user)


def snapshot_program(program: Any, period_end: date, recorded_by: Any = None) -> int:
    known = 0
    for indicator in Indicator.objects.filter(element__program=program).exclude(source=""):
        value = figures.measure(indicator.source, program, period_end)
        if value is None:
            continue
        existing = IndicatorValue.objects.filter(indicator=indicator, period_end=period_end).first()
        if existing is not None and existing.source == ValueSource.MANUAL:
            continue  # a value someone entered with evidence is not overwritten by a figure
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            period_end=period_end,
            defaults={
                "value": value,
                "source": ValueSource.FIGURE,
                "recorded_by": recorded_by,
                "evidence": "",
            },
        )
        known += 1
    return known


@transaction.atomic
def indicator_value_enter(
    *,
    viewer: Viewer,
    indicator: Indicator,
    period_end: date,
    value: Decimal,
    evidence: str,
    evidence_file: UploadedFile | None = None,
) -> IndicatorValue:
    require(rules.can_manage_logframe(viewer))
    if not evidence.strip() and evidence_file is None:
        raise ValidationError({"evidence": _("Say where this value comes from, or attach the evidence.")})
    if evidence_file is not None:
        check_receipt(evidence_file)
    entry, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period_end=period_end,
        defaults={
            "value": value,
            "source": ValueSource.MANUAL,
            "evidence": evidence.strip(),
            "recorded_by": viewer.user,
        },
    )
    if evidence_file is not None:
        entry.evidence_file.save(evidence_file.name or "evidence", evidence_file)
    return entry


@transaction.atomic
def indicator_save(*, viewer: Viewer, indicator: Indicator, targets: dict[date, Decimal | None]) -> Indicator:
    """Save an indicator's definition and its targets; a target left empty is removed."""
    require(rules.can_manage_logframe(viewer))
    if indicator.source and indicator.source not in figures.FIGURES:
        raise ValidationError({"source": _("This platform figure does not exist.")})
    indicator.full_clean()
    indicator.save()
    for period_end, value in targets.items():
        if value is None:
            IndicatorTarget.objects.filter(indicator=indicator, period_end=period_end).delete()
        else:
            IndicatorTarget.objects.update_or_create(
                indicator=indicator, period_end=period_end, defaults={"value": value}
            )
    return indicator


@transaction.atomic
def activity_dates_save(
    *,
    viewer: Viewer,
    activity: LogframeElement,
    actual_start: date | None,
    actual_end: date | None,
) -> LogframeElement:
    require(rules.can_manage_logframe(viewer))
    if actual_start and actual_end and actual_end < actual_start:
        raise ValidationError({"actual_end": _("An activity cannot end before it starts.")})
    activity.actual_start, activity.actual_end = actual_start, actual_end
    activity.save(update_fields=["actual_start", "actual_end"])
    return activity


# --- reports ---------------------------------------------------------------------------------------


NARRATIVE_FIELDS = ("summary", "progress_notes", "issues", "next_steps")


@transaction.atomic
def report_create(*, viewer: Viewer, kind: str, period_start: date, period_end: date) -> Report:
    require(rules.can_build_reports(viewer))
    assert viewer.program is not None
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if Report.objects.filter(program=viewer.program, kind=kind, period_end=period_end).exists():
        raise ValidationError(_("A report of this kind already exists for this period."))
    report = Report(program=viewer.program, kind=kind, period_start=period_start, period_end=period_end)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_update(*, viewer: Viewer, report: Report, narrative: dict[str, str]) -> Report:
    require(rules.can_build_reports(viewer))
    # Only the texts given: a report's kind prints some of them (report_layouts.py), the form asks only those.
    changed = [name for name in NARRATIVE_FIELDS if name in narrative]
    for name in changed:
        setattr(report, name, (narrative[name] or "").strip())
    report.save(update_fields=[*changed, "updated_at"])
    return report


@transaction.atomic
def report_build(*, viewer: Viewer, report: Report) -> Report:
    """Queue the report to be built in the background; the status page follows its progress."""
    require(rules.can_build_reports(viewer))
    if report.status in (ReportStatus.QUEUED, ReportStatus.BUILDING):
        raise ValidationError(_("This report is already being built."))
    report.status, report.progress, report.error, report.built_by = ReportStatus.QUEUED, 0, "", viewer.user
    report.save(update_fields=["status", "progress", "error", "built_by", "updated_at"])
    from kakehashi.programme.tasks import build_report

    report_id = report.pk
    transaction.on_commit(lambda: build_report.enqueue(report_id))
    return report


# --- meeting records -------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(*, viewer: Viewer, record: MeetingRecord, organizations: Any) -> MeetingRecord:
    require(rules.can_record_meetings(viewer))
    assert viewer.program is not None
    if record.pk is None:
        record.program = viewer.program
        record.recorded_by = viewer.user
    elif record.program_id != viewer.program.pk:
        require(False)
    record.full_clean(exclude=["recorded_by"])
    record.save()
    record.organizations.set(organizations)
    return record
