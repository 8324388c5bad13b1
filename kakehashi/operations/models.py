"""Internship operations: one case per intern, its living-support checklist, status of residence, travel
and stay, daily safety check-ins with alerts, incidents, daily reports and evaluations."""

from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.accounts.roles import OrganizationKind
from kakehashi.accounts.sort_key_copies import SortKeyCopy, SortKeyCopyManager
from kakehashi.core import idempotency
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.text import language_choices
from kakehashi.privacy.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

# An unpaid internship of up to this many days can be done under short-term stay.
SHORT_TERM_STAY_MAX_DAYS = 90
DEFAULT_CHECKIN_DEADLINE = time(21, 0)


class SupportAnchor(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DEPARTURE = "departure", _("Departure")


class SupportItem(TimeStampedModel):
    """One item of a program's living-support checklist; the program office edits the list."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="support_items")
    key = models.SlugField(_("key"), max_length=60)
    title = TranslatedField(_("title"), max_length=300)
    owner_kind = models.CharField(_("owner"), max_length=30, choices=OrganizationKind.choices)
    due_days = models.IntegerField(
        _("due (days from the anchor date)"), default=0, help_text=_("Negative numbers mean before it.")
    )
    anchor = models.CharField(
        _("relative to"), max_length=10, choices=SupportAnchor.choices, default=SupportAnchor.ARRIVAL
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("support item")
        verbose_name_plural = _("support items")
        ordering = ("position", "pk")
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="one_support_item_key")]

    def __str__(self) -> str:
        return str(self.title)


class ResidenceRoute(models.TextChoices):
    SHORT_TERM_STAY = "short_term_stay", _("Short-term stay")
    DESIGNATED_ACTIVITIES = "designated_activities", _("Designated activities")


def route_for(*, paid: bool, arrival_on: date, departure_on: date) -> str:
    """Unpaid up to 90 days: short-term stay; paid (within a degree curriculum) or longer: designated
    activities."""
    days = (departure_on - arrival_on).days + 1
    if not paid and days <= SHORT_TERM_STAY_MAX_DAYS:
        return ResidenceRoute.SHORT_TERM_STAY
    return ResidenceRoute.DESIGNATED_ACTIVITIES


class CaseStage(models.TextChoices):
    PRE_DEPARTURE = "pre_departure", _("Pre-departure")
    IN_JAPAN = "in_japan", _("In Japan")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class InternCase(SortKeyCopy, TimeStampedModel):
    """One intern's internship, from the accepted result to the return home. The board lists the cases in
    the intern's name order from the case's own copy of their sort keys (accounts.sort_key_copies)."""

    PERSON_FIELD = "intern"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="intern_cases")
    intern = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intern_cases"
    )
    college = models.ForeignKey(
        Organization,
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="student_cases",
        null=True,
        blank=True,
    )
    host = models.ForeignKey(
        Organization, verbose_name=_("host company"), on_delete=models.PROTECT, related_name="hosted_cases"
    )
    arrival_on = models.DateField(_("arrival"))
    departure_on = models.DateField(_("departure"))
    paid = models.BooleanField(_("paid internship"), default=False)
    route = models.CharField(_("status of residence"), max_length=30, choices=ResidenceRoute.choices)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    checkin_deadline = models.TimeField(_("daily check-in deadline"), default=DEFAULT_CHECKIN_DEADLINE)
    # Where the case came from, without depending on the internships schema: the placement's id.
    placement_ref = models.PositiveIntegerField(_("placement"), null=True, blank=True, unique=True)
    round_ref = models.PositiveIntegerField(_("round"), null=True, blank=True, db_index=True)
    round_label = models.CharField(_("round"), max_length=200, blank=True)
    # Optimistic locking (kakehashi.core.locking.save_with_version). One version covers the case, its
    # residence documents and its travel-and-stay record: every edit form of them carries it.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = SortKeyCopyManager()

    class Meta:
        verbose_name = _("intern case")
        verbose_name_plural = _("intern cases")
        ordering = ("arrival_on", "intern__name_latin", "pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(departure_on__gte=models.F("arrival_on")), name="case_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["program", "arrival_on"])]

    def __str__(self) -> str:
        return f"{self.intern} @ {self.host}"

    @cached_property
    def round_name(self) -> Any:
        """The round's name in the reader's language (a TranslatedText) when the case came from a round of
        the internships app; else the label it was opened with. `round_label` is a copy made in one language
        at that moment, so it is shown only for cases without a round."""
        if self.round_ref:
            from django.apps import apps

            round_model = apps.get_model("internships", "Round")
            name = round_model.objects.filter(pk=self.round_ref).values_list("name", flat=True).first()
            if name:
                return name
        return self.round_label

    def get_absolute_url(self) -> str:
        return reverse("operations:case_detail", args=[self.pk])

    def stage_on(self, day: date) -> str:
        if self.cancelled:
            return CaseStage.CANCELLED
        if day < self.arrival_on:
            return CaseStage.PRE_DEPARTURE
        if day > self.departure_on:
            return CaseStage.FINISHED
        return CaseStage.IN_JAPAN

    def is_in_japan_on(self, day: date) -> bool:
        return self.stage_on(day) == CaseStage.IN_JAPAN

    @property
    def days(self) -> int:
        return (self.departure_on - self.arrival_on).days + 1


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")


OPEN_TASK_STATUSES = (TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)


class SupportTask(TimeStampedModel):
    """One item of the checklist for one intern, owned by one organization."""

    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(SupportItem, on_delete=models.PROTECT, related_name="tasks")
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="support_tasks",
        null=True,
        blank=True,
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.TODO)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("What was done, a reference or a link.")
    )
    blocked_reason = models.CharField(_("what blocks it"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("support task")
        verbose_name_plural = _("support tasks")
        ordering = ("due_on", "item__position", "pk")
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="one_task_per_item")]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.item} / {self.case}"

    def is_overdue_on(self, day: date) -> bool:
        return self.status in OPEN_TASK_STATUSES and self.due_on < day


class ResidenceDocument(models.Model):
    """One document of the status-of-residence checklist of a case."""

    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="residence_documents")
    key = models.SlugField(max_length=60)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("residence document")
        verbose_name_plural = _("residence documents")
        ordering = ("position", "pk")
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_residence_document")]

    def __str__(self) -> str:
        return self.key

    @property
    def title(self) -> str:
        from kakehashi.operations.residence import document_title

        return str(document_title(self.key))


class StayRecord(TimeStampedModel):
    """Status of residence, travel and stay of a case. Identity numbers, addresses, health notes and
    emergency contacts are encrypted at rest and read through an audited reveal."""

    case = models.OneToOneField(InternCase, on_delete=models.CASCADE, related_name="stay")
    # Status of residence
    passport_number = EncryptedCharField(_("passport number"), max_length=20, blank=True)
    passport_number_index = BlindIndexField(source="passport_number")
    passport_expires_on = models.DateField(_("passport expires on"), null=True, blank=True)
    residence_card_number = EncryptedCharField(_("residence card number"), max_length=20, blank=True)
    visa_issued_on = models.DateField(_("visa or certificate issued on"), null=True, blank=True)
    status_expires_on = models.DateField(_("period of stay ends on"), null=True, blank=True)
    # Travel
    outbound_flight = models.CharField(_("outbound flight"), max_length=100, blank=True)
    outbound_at = models.DateTimeField(_("outbound departure"), null=True, blank=True)
    return_flight = models.CharField(_("return flight"), max_length=100, blank=True)
    return_at = models.DateTimeField(_("return departure"), null=True, blank=True)
    itinerary = models.TextField(_("itinerary"), blank=True)
    insurance_provider = models.CharField(_("insurance provider"), max_length=200, blank=True)
    insurance_policy = models.CharField(_("insurance policy number"), max_length=100, blank=True)
    insurance_from = models.DateField(_("insured from"), null=True, blank=True)
    insurance_to = models.DateField(_("insured until"), null=True, blank=True)
    # Stay
    housing_name = models.CharField(
        _("housing"), max_length=200, blank=True, help_text=_("A name people can share, e.g. a dormitory.")
    )
    housing_provider = models.CharField(_("housing provider"), max_length=200, blank=True)
    housing_address = EncryptedTextField(_("housing address"), blank=True)
    housing_from = models.DateField(_("housing from"), null=True, blank=True)
    housing_to = models.DateField(_("housing until"), null=True, blank=True)
    emergency_contacts = EncryptedTextField(_("emergency contacts"), blank=True)
    health_notes = EncryptedTextField(_("health notes"), blank=True)

    class Meta:
        verbose_name = _("travel and stay")
        verbose_name_plural = _("travel and stay")

    def __str__(self) -> str:
        return str(self.case)

    def sensitive_subject(self) -> int:
        """Whose data this is, for kakehashi.privacy's record of sensitive reads."""
        return self.case.intern_id


SENSITIVE_FIELDS = (
    "passport_number",
    "residence_card_number",
    "housing_address",
    "emergency_contacts",
    "health_notes",
)


class CheckInStatus(models.TextChoices):
    OK = "ok", _("I am safe")
    NEED_HELP = "need_help", _("I need help")


class CheckIn(models.Model):
    """The intern's daily safety check-in: one tap a day."""

    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("at"))
    status = models.CharField(
        _("status"), max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.OK
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # A key the intern's browser makes for one tap (static/js/outbox.js): a tap saved offline and sent again
    # when the connection returns is recognised and recorded once (kakehashi.core.idempotency).
    idempotency_key = idempotency.model_field()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ("-day",)
        constraints = [
            models.UniqueConstraint(fields=["case", "day"], name="one_checkin_a_day"),
            idempotency.unique_per("case", "one_checkin_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.day}"


class AlertKind(models.TextChoices):
    MISSED_CHECKIN = "missed_checkin", _("Missed check-in")
    HELP_REQUESTED = "help_requested", _("Help requested")
    INCIDENT = "incident", _("Incident")
    # Raised by the platform itself when a safety email could not be sent: shown in the app, never emailed.
    EMAIL_FAILED = "email_failed", _("Safety email not delivered")


class Alert(models.Model):
    """An in-app alert to the travel and safety officers and the city; escalated when nobody
    acknowledges it in time."""

    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    day = models.DateField(_("day"))
    raised_at = models.DateTimeField(_("raised at"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # The safety ladder of a missed check-in (kakehashi.operations.services.safety): the intern is told at
    # once; then the safety officers and the city, then SMS, then the call list, each when it was reached.
    responders_at = models.DateTimeField(_("responders told at"), null=True, blank=True)
    sms_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)
    call_list_at = models.DateTimeField(_("call list opened at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ("-raised_at", "-pk")
        constraints = [models.UniqueConstraint(fields=["case", "kind", "day"], name="one_alert_a_day")]
        indexes = [models.Index(fields=["acknowledged_at", "escalated_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case} {self.day}"


class SafetySettings(models.Model):
    """The timings of a program's safety ladder for a missed check-in, in minutes after the alert (when
    the intern is told). A program without a row uses the defaults."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="safety_settings")
    responders_after = models.PositiveSmallIntegerField(
        _("tell the safety officers and the city after (minutes)"), default=30
    )
    sms_after = models.PositiveSmallIntegerField(_("send SMS after (minutes)"), default=60)
    call_list_after = models.PositiveSmallIntegerField(_("open the call list after (minutes)"), default=90)
    escalate_after = models.PositiveSmallIntegerField(
        _("escalate to the program office, college and company after (minutes)"), default=60
    )

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")

    def __str__(self) -> str:
        return str(self.program)

    @classmethod
    def of(cls, program_ids: "set[int]") -> "dict[int, SafetySettings]":
        """Each program's settings, the defaults for those without a row (one query)."""
        found = {s.program_id: s for s in cls.objects.filter(program_id__in=program_ids)}
        return {pk: found.get(pk) or cls(program_id=pk) for pk in program_ids}


class CheckInLinkUse(models.Model):
    """A one-tap check-in link that was used (only the hash of its token): a link works once."""

    token_hash = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    used_at = models.DateTimeField(_("used at"))

    class Meta:
        verbose_name = _("used check-in link")
        verbose_name_plural = _("used check-in links")

    def __str__(self) -> str:
        return f"{self.case_id} {self.day}"


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Incident(TimeStampedModel):
    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="incidents")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    what_happened = models.TextField(_("what happened"))
    actions = models.TextField(_("actions taken"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closure = models.TextField(_("closure"), blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ("-occurred_at", "-pk")

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.case}"

    def get_absolute_url(self) -> str:
        return reverse("operations:incident_detail", args=[self.pk])


class Notice(models.Model):
    """One link of a notification chain: who was told about an alert or an incident, and when."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notices", null=True, blank=True)
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="notices", null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        default=0,
        help_text=_("0 first responders, 1 escalation, 2 the intern, 3 SMS, 4 call list"),
    )
    sent_at = models.DateTimeField(_("sent at"))
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("email failed at"), null=True, blank=True)
    failure = models.CharField(_("why the email failed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ("sent_at", "pk")

    def __str__(self) -> str:
        return f"{self.recipient} {self.sent_at}"


class ReportLanguage:
    """Codes of the languages a report is often written in (the choices are every configured language)."""

    JA = "ja"
    EN = "en"
    MN = "mn"


class DailyReport(TimeStampedModel):
    """日報: what the intern did and learned that day."""

    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="reports")
    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=5, choices=language_choices)
    body = models.TextField(_("report"))
    # As CheckIn.idempotency_key: a report saved offline and sent again is recorded once.
    idempotency_key = idempotency.model_field()

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ("-day",)
        constraints = [
            models.UniqueConstraint(fields=["case", "day"], name="one_report_a_day"),
            idempotency.unique_per("case", "one_report_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.day}"

    def get_absolute_url(self) -> str:
        return reverse("operations:report_detail", args=[self.pk])

    @property
    def week_start(self) -> date:
        return self.day - timedelta(days=self.day.weekday())


class ReportComment(TimeStampedModel):
    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.body[:60]


class EvaluationKind(models.TextChoices):
    OF_INTERN = "of_intern", _("The company evaluates the intern")
    OF_COMPANY = "of_company", _("The intern evaluates the company")
    OF_PROGRAM = "of_program", _("The intern evaluates the program")


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class Evaluation(TimeStampedModel):
    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=12, choices=EvaluationKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    skills = models.PositiveSmallIntegerField(
        _("technical skills"), choices=SCORE_CHOICES, null=True, blank=True
    )
    attitude = models.PositiveSmallIntegerField(_("attitude"), choices=SCORE_CHOICES, null=True, blank=True)
    japanese = models.PositiveSmallIntegerField(_("Japanese"), choices=SCORE_CHOICES, null=True, blank=True)
    teamwork = models.PositiveSmallIntegerField(_("teamwork"), choices=SCORE_CHOICES, null=True, blank=True)
    overall = models.PositiveSmallIntegerField(_("overall"), choices=SCORE_CHOICES)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ("kind",)
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="one_evaluation_of_a_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case}"


class PackStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def residence_pack_path(instance: "ResidencePack", filename: str) -> str:
    return f"operations/residence-packs/{instance.case_id}/{filename}"


class ResidencePack(TimeStampedModel):
    """The generated status-of-residence documents of a case (kakehashi.operations.residence_pack), as one
    ZIP with its contents sheet; built in the background."""

    case = models.OneToOneField(InternCase, on_delete=models.CASCADE, related_name="residence_pack")
    route = models.CharField(_("status of residence"), max_length=30, choices=ResidenceRoute.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=residence_pack_path, blank=True)
    # [{"key", "filename", "prepared_by"}, ...] in the order of the ZIP (after the contents sheet).
    documents = models.JSONField(default=list, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("status-of-residence pack")
        verbose_name_plural = _("status-of-residence packs")

    def __str__(self) -> str:
        return str(self.case)

    @property
    def is_busy(self) -> bool:
        return self.status in (PackStatus.QUEUED, PackStatus.BUILDING)


def pack_upload_path(instance: "ResidencePackUpload", filename: str) -> str:
    return f"operations/residence-packs/{instance.case_id}/signed/{filename}"


class ResidencePackUpload(models.Model):
    """The signed copy of one document of a case's status-of-residence pack, uploaded by who prepares it."""

    case = models.ForeignKey(InternCase, on_delete=models.CASCADE, related_name="pack_uploads")
    key = models.SlugField(max_length=60)
    file = models.FileField(upload_to=pack_upload_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_signed_pack_document")]

    def __str__(self) -> str:
        return self.key
