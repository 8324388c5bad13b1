"""Host companies: their profile, the outreach pipeline that finds them, readiness, network support."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.core import idempotency
from kakehashi.core.fields import WebURLField
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.query import DEFAULT_ORDER_LANGUAGES, translated_order
from kakehashi.core.validators import no_control_characters


class Industry(models.TextChoices):
    MACHINERY = "machinery", _("Machinery")
    PRECISION = "precision", _("Precision parts")
    CONSTRUCTION = "construction", _("Construction")
    WATER = "water", _("Water and sewage")
    IT = "it", _("IT and software")
    ELECTRIC = "electric", _("Electrical equipment")
    OTHER = "other", _("Other")


class CompanySize(models.TextChoices):
    MICRO = "micro", _("1 to 19 employees")
    SMALL = "small", _("20 to 99 employees")
    MEDIUM = "medium", _("100 to 299 employees")
    LARGE = "large", _("300 employees or more")


class Stage(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CONTACTED = "contacted", _("Contacted")
    INTERESTED = "interested", _("Interested")
    REGISTERED = "registered", _("Registered")
    PREPARING = "preparing", _("Preparing")
    READY = "ready", _("Ready")
    HOSTING = "hosting", _("Hosting")
    HIRING = "hiring", _("Hiring")


STAGE_ORDER = [value for value, _label in Stage.choices]
# From these stages on, the company has registered: it is an organization of the platform.
STAGES_NEEDING_ORGANIZATION = frozenset(STAGE_ORDER[STAGE_ORDER.index(Stage.REGISTERED) :])
# From these stages on, every required readiness item must be verified.
STAGES_NEEDING_READINESS = frozenset(STAGE_ORDER[STAGE_ORDER.index(Stage.READY) :])


MEETING_PLACEHOLDERS = ("interview_id", "place_id")
_https_only = URLValidator(schemes=["https"])


def meeting_url(pattern: str, **values: object) -> str:
    """The meeting link of one interview from the company's pattern ("https://meet.example/kk-{interview_id}",
    or one fixed room's address)."""
    return pattern.format(**{name: values.get(name, "") for name in MEETING_PLACEHOLDERS})


def validate_meeting_url_pattern(value: str) -> None:
    """An https address, with no placeholder but {interview_id} and {place_id}."""
    message = _(
        "Enter an address that starts with https://; it may contain {interview_id} and {place_id}, "
        "which are filled in for each interview."
    )
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise ValidationError(message, code="invalid") from None
    if not names <= set(MEETING_PLACEHOLDERS):
        raise ValidationError(message, code="invalid")
    try:
        _https_only(meeting_url(value, interview_id=1, place_id=1))
    except ValidationError:
        raise ValidationError(message, code="invalid") from None


class CompanyProfile(TimeStampedModel):
    """What the program knows about a registered host company."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="company_profile", verbose_name=_("company")
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = WebURLField(_("website"), blank=True)
    contact_people = models.TextField(
        _("contact people"), blank=True, help_text=_("One person a line: name, role, email or phone.")
    )
    languages_spoken = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("For example: Japanese, English.")
    )
    hosting_history = models.TextField(_("hosting history"), blank=True)
    meeting_url_pattern = models.CharField(
        _("video meeting link for interviews"),
        max_length=300,
        blank=True,
        validators=[validate_meeting_url_pattern],
        help_text=_(
            "Used for each interview booked without its own link: a fixed meeting room's address, or one "
            "with {interview_id} filled in for each interview, e.g. https://meet.example.com/kakehashi-{interview_id}"
        ),
    )

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profiles")

    def __str__(self) -> str:
        return str(self.organization)

    def get_absolute_url(self) -> str:
        return reverse("companies:profile", args=[self.organization_id])


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported list")
    PUBLIC_FORM = "public_form", _("Public interest form")


class OutreachCompany(TimeStampedModel):
    """A company in the pipeline of one program; linked to its organization once it registers."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="outreach_companies")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization on the platform"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_entries",
    )
    # The company's name as each language's readers know it (a Japanese company often has no Mongolian
    # name: a page shows another language's, marked with its lang, via `|with_lang`).
    name = TranslatedField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = WebURLField(_("website"), blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=150, blank=True, validators=[no_control_characters]
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.PROSPECT)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.MANUAL)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("company in the pipeline")
        verbose_name_plural = _("companies in the pipeline")
        ordering = (translated_order("name", languages=DEFAULT_ORDER_LANGUAGES), "pk")
        indexes = [models.Index(fields=["program", "stage", "-updated_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization"],
                condition=models.Q(organization__isnull=False),
                name="one_outreach_entry_per_organization",
            ),
            models.CheckConstraint(condition=~models.Q(name={}), name="outreach_company_has_a_name"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("companies:outreach_detail", args=[self.pk])


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    SEMINAR = "seminar", _("Seminar")
    EMAIL = "email", _("Email")


class OutreachActivity(TimeStampedModel):
    company = models.ForeignKey(OutreachCompany, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    happened_on = models.DateField(_("date"))
    summary = models.TextField(_("what happened"))
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    due_on = models.DateField(_("next step due on"), null=True, blank=True)
    done = models.BooleanField(_("next step done"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ("-happened_on", "-pk")
        indexes = [models.Index(fields=["done", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    APPLIED = "applied", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class ProspectImport(TimeStampedModel):
    """An uploaded list of prospects, checked, waiting for the uploader to confirm it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("prospect import")
        verbose_name_plural = _("prospect imports")

    def __str__(self) -> str:
        return self.file_name


# --- readiness -----------------------------------------------------------------------------------


class ReadinessArea(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = TranslatedField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("readiness area")
        verbose_name_plural = _("readiness areas")
        ordering = ("position", "key")

    def __str__(self) -> str:
        return str(self.title)


class ReadinessItem(models.Model):
    area = models.ForeignKey(ReadinessArea, on_delete=models.PROTECT, related_name="items")
    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = TranslatedField(_("title"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("readiness item")
        verbose_name_plural = _("readiness items")
        ordering = ("area__position", "position", "key")

    def __str__(self) -> str:
        return str(self.title)


class AnswerStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


def evidence_path(instance: "ReadinessAnswer", filename: str) -> str:
    return f"readiness/{instance.organization_id}/{filename}"


class ReadinessAnswer(TimeStampedModel):
    """A company's evidence for one readiness item, and the reviewer's decision on it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="readiness_answers")
    item = models.ForeignKey(ReadinessItem, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("what the company has done"))
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True, max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.SUBMITTED
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("readiness answer")
        verbose_name_plural = _("readiness answers")
        constraints = [models.UniqueConstraint(fields=["organization", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.organization_id} / {self.item_id}"


class Seminar(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="readiness_seminars")
    title = TranslatedField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        OutreachCompany, blank=True, related_name="seminars", verbose_name=_("companies that attended")
    )

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ("-held_on", "pk")

    def __str__(self) -> str:
        return str(self.title)


# --- network support -----------------------------------------------------------------------------


class SupportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class SupportRequest(TimeStampedModel):
    """A host company or a partner college asks its country's telecom partner for network help."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="support_requests")
    requester = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="support_requests_made",
        verbose_name=_("requested by"),
    )
    telecom = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="support_requests_received",
        verbose_name=_("telecom partner"),
    )
    site = models.CharField(_("site"), max_length=300)
    need = models.TextField(_("what is needed"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=12, choices=SupportStatus.choices, default=SupportStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The form's hidden key: the same form posted twice makes one request (kakehashi.core.idempotency).
    idempotency_key = idempotency.model_field()

    class Meta:
        verbose_name = _("network support request")
        verbose_name_plural = _("network support requests")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="support_dates_ordered"
            ),
            idempotency.unique_per("created_by", "one_support_request_per_post"),
        ]

    def __str__(self) -> str:
        return self.site

    def get_absolute_url(self) -> str:
        return reverse("companies:support_detail", args=[self.pk])


class SupportComment(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.body[:40]
