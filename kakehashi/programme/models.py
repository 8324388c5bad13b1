"""The program's logframe, schedule, budget and expenses, reports and meeting records."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Program
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.programme.reference import category_choices


def fiscal_year_of(day: date) -> int:
    """The Japanese fiscal year (April to March) a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


class Level(models.TextChoices):
    GOAL = "goal", _("Overall goal")
    PURPOSE = "purpose", _("Project purpose")
    OUTPUT = "output", _("Output")
    ACTIVITY = "activity", _("Activity")


class LogframeElement(models.Model):
    """One row of the Project Design Matrix. Activities carry the schedule (planned and actual dates)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="logframe")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    key = models.CharField(_("number"), max_length=20)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    summary = TranslatedField(_("summary"), multiline=True)
    assumptions = TranslatedField(_("important assumptions"), multiline=True, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    is_milestone = models.BooleanField(_("milestone"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("logframe element")
        verbose_name_plural = _("logframe elements")
        ordering = ("order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["program", "level", "key"], name="one_logframe_key_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.summary}"


class Measure(models.TextChoices):
    UNIT = "unit", _("Unit")
    PERCENTAGE = "percentage", _("Percentage")


class Indicator(models.Model):
    """An objectively verifiable indicator. `source` names a platform figure; empty means entered by hand."""

    element = models.ForeignKey(LogframeElement, on_delete=models.CASCADE, related_name="indicators")
    title = TranslatedField(_("title"), max_length=300)
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices, default=Measure.UNIT)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)
    source = models.CharField(_("platform figure"), max_length=80, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ("order", "pk")

    def __str__(self) -> str:
        return str(self.title)

    @property
    def source_label(self) -> str:
        """The platform figure the indicator reads, named in the reader's language (never its key)."""
        from kakehashi.programme.figures import FIGURES

        entry = FIGURES.get(self.source)
        return str(entry.label) if entry else ""


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ("period_end",)
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="one_target_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end}: {self.value}"


class ValueSource(models.TextChoices):
    FIGURE = "figure", _("Platform figure")
    MANUAL = "manual", _("Entered with evidence")


def evidence_path(instance: "IndicatorValue", filename: str) -> str:
    return f"programme/evidence/{instance.indicator_id}/{filename}"


class IndicatorValue(TimeStampedModel):
    """The actual value of an indicator, snapshotted at the end of a reporting period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ValueSource.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ("period_end",)
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="one_value_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end}: {self.value}"


class BudgetLine(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budget_lines")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.CharField(_("category"), max_length=40, choices=category_choices())
    amount_jpy = models.PositiveBigIntegerField(_("budget (JPY)"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ("fiscal_year", "category")
        constraints = [
            models.UniqueConstraint(fields=["program", "fiscal_year", "category"], name="one_budget_line")
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} {self.get_category_display()}"


class Currency(models.TextChoices):
    JPY = "JPY", _("Japanese yen")
    MNT = "MNT", _("Mongolian tögrög")


class ExpenseStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    APPROVED = "approved", _("Approved")
    SETTLED = "settled", _("Settled")


def receipt_path(instance: "Expense", filename: str) -> str:
    return f"programme/receipts/{instance.program_id}/{filename}"


class Expense(TimeStampedModel):
    """An expense, in yen or tögrög; the yen amount at the rate used is stored, never recomputed."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="expenses")
    spent_on = models.DateField(_("date"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    category = models.CharField(_("category"), max_length=40, choices=category_choices())
    description = models.CharField(_("description"), max_length=300)
    payee = models.CharField(_("payee"), max_length=200)
    payee_is_person = models.BooleanField(
        _("the payee is a person"),
        default=False,
        help_text=_("A person's name is never shown to the funder."),
    )
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.JPY)
    rate = models.DecimalField(_("rate (JPY per unit)"), max_digits=12, decimal_places=6, default=Decimal(1))
    amount_jpy = models.BigIntegerField(_("amount (JPY)"), editable=False)
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.ENTERED
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ("-spent_on", "-pk")
        indexes = [
            models.Index(fields=["program", "fiscal_year", "category"]),
            # The expense list's order: its page is read along this index and stops at the page's last row
            # (without it, PostgreSQL joined and sorted every expense of the program to show 25).
            models.Index(fields=["program", "-spent_on", "-id"], name="programme_expense_list_idx"),
            # The dashboard's "waiting for approval" count: the few entered expenses, not all of the
            # program's (10,000 at 100,000 students: 2 ms of every office dashboard).
            models.Index(
                fields=["program"],
                condition=models.Q(status=ExpenseStatus.ENTERED),
                name="programme_expense_entered_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("programme:expense_detail", args=[self.pk])


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly work report")
    QUARTERLY_WORK = "quarterly_work", _("Quarterly work report")
    QUARTERLY_EXPENDITURE = "quarterly_expenditure", _("Quarterly expenditure report")
    COMPLETION = "completion", _("Completion report")
    EXPENSE_SETTLEMENT = "expense_settlement", _("Expense settlement report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Waiting to be built")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def report_path(instance: "Report", filename: str) -> str:
    return f"programme/reports/{instance.program_id}/{filename}"


class Report(TimeStampedModel):
    """A report to the funder for one period: figures from the platform, narrative written by people."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=25, choices=ReportKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    summary = models.TextField(_("summary of the period"), blank=True)
    progress_notes = models.TextField(_("progress of activities"), blank=True)
    issues = models.TextField(_("issues and countermeasures"), blank=True)
    next_steps = models.TextField(_("plans for the next period"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to=report_path, blank=True)
    xlsx = models.FileField(upload_to=report_path, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ("-period_end", "kind")
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "period_end"], name="one_report_per_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}–{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("programme:report_detail", args=[self.pk])


class MeetingRecord(TimeStampedModel):
    """A meeting record (打合簿): what the program office and its partners or the funder agreed.

    The organizations that took part are shown to everyone who reads the program; the attendees' names
    are the program office's only.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="meeting_records")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("subject"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organizations = models.ManyToManyField(
        "accounts.Organization", verbose_name=_("organizations present"), related_name="+", blank=True
    )
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("Names; never shown to the funder."))
    agenda = models.TextField(_("agenda"), blank=True)
    decisions = models.TextField(_("what was agreed"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")
        ordering = ("-held_on", "-pk")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programme:meeting_detail", args=[self.pk])
