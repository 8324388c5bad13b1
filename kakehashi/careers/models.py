"""Employment after the internship: job offers, hires with the change of status of residence, retention
check-ins at 3, 6, 12, 24 and 36 months, residence status periods and job changes, and an opt-in alumni
directory."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.core.models import TimeStampedModel

# Follow-up for three years after the start (the program's aim is employment that lasts).
RETENTION_MONTHS = (3, 6, 12, 24, 36)


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JobOffer(TimeStampedModel):
    """内定: a company offers a student a job after graduation."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="job_offers")
    company = models.ForeignKey(
        Organization, verbose_name=_("company"), on_delete=models.PROTECT, related_name="job_offers"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="job_offers",
    )
    college = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="students_job_offers", null=True, blank=True
    )
    title = models.CharField(_("job title"), max_length=200)
    description = models.TextField(_("what the work is"), blank=True)
    monthly_salary_jpy = models.PositiveIntegerField(_("monthly salary (JPY)"), null=True, blank=True)
    graduation_on = models.DateField(_("expected graduation"))
    start_on = models.DateField(_("proposed start"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_on__gte=models.F("graduation_on")),
                name="offer_starts_after_graduation",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.company})"

    def get_absolute_url(self) -> str:
        return reverse("careers:offer_detail", args=[self.pk])


class Hire(TimeStampedModel):
    """An accepted offer becomes a hire: start date and the change to Engineer/Specialist in Humanities/
    International Services (技術・人文知識・国際業務)."""

    offer = models.OneToOneField(JobOffer, on_delete=models.CASCADE, related_name="hire")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="hires")
    company = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="hires")
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hires")
    start_on = models.DateField(_("start date"))
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    left_on = models.DateField(_("left the company on"), null=True, blank=True)

    class Meta:
        verbose_name = _("hire")
        verbose_name_plural = _("hires")
        ordering = ("-start_on", "-pk")

    def __str__(self) -> str:
        return f"{self.employee} @ {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("careers:hire_detail", args=[self.pk])


class HireDocument(models.Model):
    """One document of the change of status of residence to 技術・人文知識・国際業務."""

    hire = models.ForeignKey(Hire, on_delete=models.CASCADE, related_name="documents")
    key = models.SlugField(max_length=60)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("hire document")
        verbose_name_plural = _("hire documents")
        ordering = ("position", "pk")
        constraints = [models.UniqueConstraint(fields=["hire", "key"], name="one_hire_document")]

    def __str__(self) -> str:
        return self.key

    @property
    def title(self) -> str:
        from kakehashi.careers.checklist import document_title

        return str(document_title(self.key))


class RetentionCheck(models.Model):
    """A short survey to both sides, 3, 6, 12, 24 and 36 months after the start."""

    hire = models.ForeignKey(Hire, on_delete=models.CASCADE, related_name="retention_checks")
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"))
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    company_satisfaction = models.PositiveSmallIntegerField(
        _("company's satisfaction"), null=True, blank=True
    )
    company_comment = models.TextField(_("company's comment"), blank=True)
    company_answered_at = models.DateTimeField(null=True, blank=True)
    employee_satisfaction = models.PositiveSmallIntegerField(
        _("employee's satisfaction"), null=True, blank=True
    )
    employee_wants_to_stay = models.BooleanField(_("wants to stay"), null=True, blank=True)
    employee_comment = models.TextField(_("employee's comment"), blank=True)
    employee_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("retention check-in")
        verbose_name_plural = _("retention check-ins")
        ordering = ("months",)
        constraints = [models.UniqueConstraint(fields=["hire", "months"], name="one_retention_check")]

    def __str__(self) -> str:
        return f"{self.hire} +{self.months}m"

    @property
    def is_complete(self) -> bool:
        return self.company_answered_at is not None and self.employee_answered_at is not None


class ResidenceKind(models.TextChoices):
    CHANGE = "change", _("Change of status")
    RENEWAL = "renewal", _("Renewal")


class ResidencePeriod(models.Model):
    """A period of stay granted to a hired graduate: the change to 技術・人文知識・国際業務, then each
    renewal, with its dates, so that the renewal before expiry is not missed."""

    hire = models.ForeignKey(Hire, on_delete=models.CASCADE, related_name="residence_periods")
    kind = models.CharField(_("kind"), max_length=10, choices=ResidenceKind.choices)
    status = models.CharField(
        _("status of residence"),
        max_length=120,
        default="技術・人文知識・国際業務 (Engineer/Specialist in Humanities/International Services)",
    )
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("period of stay")
        verbose_name_plural = _("periods of stay")
        ordering = ("-expires_on", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("granted_on")), name="residence_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hire}: {self.granted_on}–{self.expires_on}"


class JobChange(models.Model):
    """The graduate left the host company: where they went (if they said), so the program knows who
    stayed in Niigata. Recording one ends the hire (`Hire.left_on`)."""

    hire = models.OneToOneField(Hire, on_delete=models.CASCADE, related_name="job_change")
    left_on = models.DateField(_("left on"))
    new_employer = models.CharField(_("new employer"), max_length=200, blank=True)
    stays_in_niigata = models.BooleanField(_("the new job is in Niigata Prefecture"), null=True, blank=True)
    reason = models.TextField(_("reason, as the graduate or the company gave it"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job change")
        verbose_name_plural = _("job changes")

    def __str__(self) -> str:
        return f"{self.hire} → {self.new_employer or '?'}"


class AlumniProfile(TimeStampedModel):
    """A former intern who chose to be listed in the alumni directory."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alumni_profile"
    )
    listed = models.BooleanField(_("list me in the alumni directory"), default=False)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    contact = models.CharField(_("how to reach me"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("alumni profile")
        verbose_name_plural = _("alumni profiles")

    def __str__(self) -> str:
        return str(self.user)


class HirePackStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def hire_pack_path(instance: "HirePack", filename: str) -> str:
    return f"careers/hire-packs/{instance.hire_id}/{filename}"


class HirePack(TimeStampedModel):
    """The generated documents of a hire's change of status of residence (kakehashi.careers.hire_pack), as
    one ZIP with its contents sheet; built in the background."""

    hire = models.OneToOneField(Hire, on_delete=models.CASCADE, related_name="pack")
    status = models.CharField(
        _("status"), max_length=10, choices=HirePackStatus.choices, default=HirePackStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=hire_pack_path, blank=True)
    documents = models.JSONField(default=list, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hire document pack")
        verbose_name_plural = _("hire document packs")

    def __str__(self) -> str:
        return str(self.hire)

    @property
    def is_busy(self) -> bool:
        return self.status in (HirePackStatus.QUEUED, HirePackStatus.BUILDING)
