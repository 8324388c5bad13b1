"""Internship rounds: places, applications with rankings, nominations, company rankings, matching runs,
published results and their acceptance."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.core.i18n import localized
from kakehashi.core.models import MultilingualTitle, TimeStampedModel


class Phase(models.TextChoices):
    """The phases of a round, in the order they follow each other."""

    DRAFT = "draft", _("Draft")
    PLACES = "places", _("Places open")
    APPLICATIONS = "applications", _("Applications")
    SCREENING = "screening", _("Screening")
    INTERVIEWS = "interviews", _("Interviews")
    RANKINGS = "rankings", _("Rankings")
    MATCHING = "matching", _("Matching")
    RESULTS = "results", _("Results")
    ACCEPTANCE = "acceptance", _("Acceptance")
    SECOND_RUN = "second_run", _("Second run")
    CLOSED = "closed", _("Closed")


PHASE_ORDER: list[str] = [value for value, _label in Phase.choices]
# The phases that have dates on the timeline (draft and closed have none).
DATED_PHASES: list[str] = PHASE_ORDER[1:-1]


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(phase)


class Round(TimeStampedModel):
    """One turn of the internship program: its places, applicants and matching."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds")
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    internship_starts_on = models.DateField(_("internship starts on"))
    internship_ends_on = models.DateField(_("internship ends on"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ("-internship_starts_on",)
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="one_round_key_per_program"),
            models.CheckConstraint(
                condition=models.Q(internship_ends_on__gte=models.F("internship_starts_on")),
                name="round_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("internships:round_detail", args=[self.pk])

    @property
    def phase_position(self) -> int:
        return phase_index(self.phase)

    def is_in(self, *phases: str) -> bool:
        return self.phase in phases

    def is_past(self, phase: str) -> bool:
        return self.phase_position > phase_index(phase)


class RoundPhase(models.Model):
    """The planned dates of one phase of a round; the round's `phase` field says which one is current."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("phase dates")
        verbose_name_plural = _("phase dates")
        constraints = [models.UniqueConstraint(fields=["round", "phase"], name="one_date_range_per_phase")]

    def __str__(self) -> str:
        return f"{self.round} / {self.get_phase_display()}"


class JapaneseLevel(models.TextChoices):
    N1 = "N1", "JLPT N1"
    N2 = "N2", "JLPT N2"
    N3 = "N3", "JLPT N3"
    N4 = "N4", "JLPT N4"
    N5 = "N5", "JLPT N5"
    NONE = "none", _("None")


class PlaceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Place(TimeStampedModel, MultilingualTitle):
    """An internship place a host company offers in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="places")
    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="internship_places")
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_mn = models.TextField(_("description (Mongolian)"), blank=True)
    field = models.CharField(_("field"), max_length=100)
    skills = models.CharField(_("skills wanted"), max_length=300, blank=True)
    japanese_level = models.CharField(
        _("Japanese level"), max_length=4, choices=JapaneseLevel.choices, default=JapaneseLevel.NONE
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=200)
    paid = models.BooleanField(
        _("paid"), default=False, help_text=_("Paid or unpaid decides the status of residence later.")
    )
    housing = models.BooleanField(_("housing provided"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.SUBMITTED
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # Bumped by every save of the company's ranking of this place: of two saves made from the same
    # version, only the first is taken (kakehashi.core.locking).
    ranking_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("internship place")
        verbose_name_plural = _("internship places")
        ordering = ("company__name_en", "title_en", "pk")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="place_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="place_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("internships:place_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def key(self) -> str:
        """The place's id in a matching instance."""
        return f"p{self.pk}"


class Nomination(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    NOMINATED = "nominated", _("Nominated")
    NOT_NOMINATED = "not_nominated", _("Not nominated")


def cv_path(instance: "Application", filename: str) -> str:
    return f"internships/cv/round-{instance.round_id}/{instance.student_id}.pdf"


class Application(TimeStampedModel):
    """A student's application in a round, with their profile, consent, and the screening decisions."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applications")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="internship_applications"
    )
    college = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="internship_applications"
    )
    name_latin = models.CharField(_("name in Latin script"), max_length=150)
    name_cyrillic = models.CharField(_("name in Cyrillic"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("year of study"), default=1)
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    japanese_level = models.CharField(
        _("Japanese level"), max_length=4, choices=JapaneseLevel.choices, default=JapaneseLevel.NONE
    )
    portfolio_links = models.TextField(_("portfolio links"), blank=True, help_text=_("One link a line."))
    statement = models.TextField(_("statement"), blank=True)
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_path, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    nomination = models.CharField(
        _("nomination"), max_length=15, choices=Nomination.choices, default=Nomination.PENDING
    )
    nomination_reason = models.TextField(_("reason"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every change of the student's ranking of places (optimistic locking).
    ranking_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("name_latin", "pk")
        constraints = [models.UniqueConstraint(fields=["round", "student"], name="one_application_per_round")]
        indexes = [models.Index(fields=["round", "college", "nomination"])]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("internships:application_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        if self.name_cyrillic and self.name_cyrillic != self.name_latin:
            return f"{self.name_cyrillic} ({self.name_latin})"
        return self.name_latin

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.nomination == Nomination.NOMINATED and self.confirmed_at is not None

    @property
    def key(self) -> str:
        """The student's id in a matching instance."""
        return f"a{self.pk}"


class Choice(models.Model):
    """One line of a student's ranking: a place and its position (1 is the first choice)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ("application", "position")
        constraints = [models.UniqueConstraint(fields=["application", "place"], name="rank_a_place_once")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.position}. {self.place_id}"


class CompanyRank(models.Model):
    """A company's rank of an applicant for one place; equal ranks are ties."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="company_ranks")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="company_ranks")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("company rank")
        verbose_name_plural = _("company ranks")
        ordering = ("place", "rank")
        constraints = [
            models.UniqueConstraint(fields=["place", "application"], name="rank_an_applicant_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="company_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.rank}. {self.application_id}"


class Algorithm(models.TextChoices):
    DA = "da", _("Deferred acceptance")
    DA_SIC = "da-sic", _("Deferred acceptance with stable improvement cycles")
    RANK_MAXIMAL = "rank-maximal", _("Rank-maximal")
    MIN_RANK_SUM = "min-rank-sum", _("Minimum rank sum")


class Proposing(models.TextChoices):
    STUDENTS = "students", _("Students propose")
    PLACES = "places", _("Places propose")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunKind(models.TextChoices):
    FIRST = "first", _("First run")
    SECOND = "second", _("Second run")


class MatchingRun(TimeStampedModel):
    """One run of the matching engine, kept with its parameters and input so it can be reproduced."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(_("kind"), max_length=10, choices=RunKind.choices, default=RunKind.FIRST)
    algorithm = models.CharField(
        _("algorithm"), max_length=20, choices=Algorithm.choices, default=Algorithm.DA
    )
    proposing = models.CharField(
        _("proposing side"), max_length=10, choices=Proposing.choices, default=Proposing.STUDENTS
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    college_cap = models.PositiveSmallIntegerField(
        _("college cap per place"),
        null=True,
        blank=True,
        help_text=_("At most this many students of one college in each place; empty for no cap."),
    )
    college_caps = models.JSONField(
        _("cap per college and place"),
        default=dict,
        blank=True,
        help_text=_("At most this many students of the college in each place, by college key."),
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    instance = models.JSONField(_("input"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    error = models.TextField(_("error"), blank=True)
    stable = models.BooleanField(_("stable"), null=True, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # What the run page shows, kept apart from the large input and result: the summary, the problems,
    # the assignment, the rank each student obtained and the places' capacities (see selectors.run_digest).
    digest = models.JSONField(_("digest"), default=dict, blank=True, editable=False)
    # Publication runs in the background: empty until asked for, then queued, running, done or failed.
    publication_status = models.CharField(
        _("publication status"), max_length=10, choices=RunStatus.choices, blank=True
    )
    publication_progress = models.PositiveSmallIntegerField(_("publication progress (%)"), default=0)
    publication_error = models.TextField(_("publication error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("internships:run_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def is_publishing(self) -> bool:
        return self.publication_status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def is_busy(self) -> bool:
        """Something is still happening in the background: the run page keeps polling."""
        return not self.is_finished or self.is_publishing

    @property
    def summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = self.result.get("summary", {})
        return summary


class PlacementStatus(models.TextChoices):
    OFFERED = "offered", _("Waiting for answers")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Placement(TimeStampedModel):
    """A published match of one applicant to one place; both sides accept, or either declines."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="placements")
    run = models.ForeignKey(MatchingRun, on_delete=models.PROTECT, related_name="placements")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="placements")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="placements")
    student_answer = models.CharField(
        _("student's answer"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED
    )
    company_answer = models.CharField(
        _("company's answer"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ("place__company__name_en", "pk")
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.application} -> {self.place}"


class Notification(models.Model):
    """A message to one person, written in their language when it was made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="notifications", null=True)
    kind = models.CharField(_("kind"), max_length=30)
    text = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:60]


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


class InterviewOutcome(models.TextChoices):
    PENDING = "pending", _("Not recorded yet")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")
    NO_SHOW = "no_show", _("Did not attend")


class InterviewSlot(TimeStampedModel):
    """An online interview time a company offers for one place; a nominee who ranked the place books it."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="interview_slots")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    interpreter = models.BooleanField(_("interpreter requested"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=InterviewOutcome.choices, default=InterviewOutcome.PENDING
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ("starts_at", "pk")

    def __str__(self) -> str:
        return f"{self.place} {self.starts_at:%Y-%m-%d %H:%M}"


class DeadlineReminder(models.Model):
    """That the reminder of a phase's deadline was sent on a day: sending twice the same day does nothing."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadline_reminders")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "phase", "sent_on"], name="one_reminder_per_phase_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.phase} / {self.sent_on}"
