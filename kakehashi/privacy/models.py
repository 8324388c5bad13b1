"""Personal data protection: consent, sensitive personal records, audited reads, deletion requests."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.privacy.fields import BlindIndexField, EncryptedCharField, EncryptedTextField


class ConsentKind(models.TextChoices):
    CROSS_BORDER_TRANSFER = "cross_border_transfer", _("Transfer of personal data to Japan")
    SENSITIVE_DATA = "sensitive_data", _("Sensitive personal data (health, identity documents)")
    TALENT_POOL = "talent_pool", _("Being found by the program's companies (talent pool)")


class ConsentText(models.Model):
    """One version of what a person agrees to, in every language people read (a person consents to text they
    can read: the office writes all of them). A new version asks again."""

    kind = models.CharField(_("kind"), max_length=40, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = TranslatedField(_("title"), max_length=200)
    text = TranslatedField(_("text"), multiline=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ("kind", "-version")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_consent_text_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Consent(models.Model):
    """A person gave consent to one version of a text; withdrawing keeps the record, with its date."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ("-given_at",)
        indexes = [models.Index(fields=["user", "text"])]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.text}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class PersonalRecord(TimeStampedModel):
    """A person's sensitive data, encrypted at rest. Shown masked; read in clear only through `reveal`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_record"
    )
    passport_number = EncryptedCharField(_("passport number"), max_length=20, blank=True)
    passport_number_index = BlindIndexField(source="passport_number")
    residence_card_number = EncryptedCharField(_("residence card number"), max_length=20, blank=True)
    residence_card_number_index = BlindIndexField(source="residence_card_number")
    health_notes = EncryptedTextField(_("health notes"), blank=True)
    emergency_contact = EncryptedTextField(_("emergency contact"), blank=True)
    # Optimistic locking (kakehashi.core.locking.save_with_version).
    version = models.PositiveIntegerField(default=0, editable=False)

    SENSITIVE_FIELDS = ("passport_number", "residence_card_number", "health_notes", "emergency_contact")

    class Meta:
        verbose_name = _("personal record")
        verbose_name_plural = _("personal records")

    def __str__(self) -> str:
        return str(self.user)


class SensitiveRead(models.Model):
    """Who read which person's sensitive field in clear, and when."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="sensitive_reads"
    )
    model = models.CharField(_("record"), max_length=100)
    object_id = models.CharField(max_length=40)
    field = models.CharField(_("field"), max_length=100)
    read_at = models.DateTimeField(_("read at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sensitive read")
        verbose_name_plural = _("sensitive reads")
        ordering = ("-read_at",)

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.model}.{self.field} of {self.subject_id}"

    def _model_class(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None

    @property
    def record_label(self) -> str:
        """Which kind of record was read, e.g. "personal record", in the viewer's language."""
        model = self._model_class()
        return str(model._meta.verbose_name) if model is not None else self.model

    @property
    def field_label(self) -> str:
        """Which field was read, e.g. "passport number", in the viewer's language."""
        model = self._model_class()
        if model is None:
            return self.field
        try:
            field = model._meta.get_field(self.field)
        except FieldDoesNotExist:
            return self.field
        if field.auto_created and field.related_model is not None:
            # The rows of a relation read together, e.g. a conversation's "messages".
            return str(field.related_model._meta.verbose_name_plural)
        return str(getattr(field, "verbose_name", self.field))


class DeletionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the program office")
    APPROVED = "approved", _("Approved: the data was anonymised")
    REJECTED = "rejected", _("Rejected")


class DeletionRequest(TimeStampedModel):
    """A person asks for their personal data to be deleted; the program office decides."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="deletion_requests"
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeletionStatus.choices, default=DeletionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.user_id} ({self.status})"
