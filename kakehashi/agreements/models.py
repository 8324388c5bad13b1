"""The three-party internship agreement (college, host company, student) with the program office.

An `Agreement` belongs to one intern case. Each change of its terms makes an `AgreementVersion`: the terms
as drawn up, the PDF exactly as shown to the signers and its SHA-256. A `Signature` records who signed
which version, when, from which address and the hash of the bytes they signed; a new version voids the
signatures of the older ones. The student's name is in the terms and the PDF: both are encrypted at rest.
"""

import base64
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.certificates.models import new_verification_code
from kakehashi.core.models import TimeStampedModel
from kakehashi.operations.models import InternCase
from kakehashi.privacy.fields import EncryptedCharField, EncryptedTextField


class Party(models.TextChoices):
    """The parties, in the order they sign."""

    COLLEGE = "college", _("College")
    COMPANY = "company", _("Host company")
    STUDENT = "student", _("Student")
    OFFICE = "office", _("Program office")


SIGNING_ORDER = (Party.COLLEGE, Party.COMPANY, Party.STUDENT, Party.OFFICE)


class AgreementStatus(models.TextChoices):
    SIGNING = "signing", _("Being signed")
    SIGNED = "signed", _("Signed by every party")


class Agreement(TimeStampedModel):
    case = models.OneToOneField(InternCase, on_delete=models.CASCADE, related_name="agreement")
    serial = models.CharField(_("serial number"), max_length=24, unique=True)
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=new_verification_code)
    issued_on = models.DateField(_("drawn up on"))
    # The student's language, printed beside Japanese: Mongolian or English.
    language = models.CharField(_("language"), max_length=2, default="mn")
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.SIGNING
    )
    # Whose turn it is ("" once signed): kept here so that lists show the status without a join.
    next_party = models.CharField(_("next to sign"), max_length=10, choices=Party.choices, blank=True)
    signed_at = models.DateTimeField(_("signed by every party at"), null=True, blank=True)
    final_pdf = EncryptedTextField(blank=True)  # base64 of the signed PDF with its signature page
    final_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("internship agreement")
        verbose_name_plural = _("internship agreements")

    def __str__(self) -> str:
        return self.serial

    @property
    def final_pdf_bytes(self) -> bytes:
        return base64.b64decode(self.final_pdf) if self.final_pdf else b""


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(_("drawn up at"))
    terms_json = EncryptedTextField()  # the terms as drawn up (the student's name among them)
    pdf = EncryptedTextField()  # base64 of the PDF exactly as shown and signed
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    # Which terms changed since the version before, as keys of terms.TERM_NAMES ("period,housing").
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ("agreement", "-number")
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_agreement_version")]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.number}"

    @property
    def terms(self) -> dict[str, Any]:
        return dict(json.loads(self.terms_json))

    @property
    def pdf_bytes(self) -> bytes:
        return base64.b64decode(self.pdf)

    @property
    def changed(self) -> list[str]:
        """What changed since the version before, named in the active language."""
        from django.utils.translation import get_language

        from kakehashi.agreements.terms import TERM_NAMES

        language = (get_language() or "en").split("-")[0]
        names = [TERM_NAMES.get(key, {}).get(language) or key for key in self.change_note.split(",") if key]
        return names

    @property
    def sha256_grouped(self) -> str:
        """The hash in groups of eight: it wraps on a phone and a person can compare it group by group."""
        return " ".join(self.sha256[i : i + 8] for i in range(0, len(self.sha256), 8))

    def stored_pdf_intact(self) -> bool:
        return hashlib.sha256(self.pdf_bytes).hexdigest() == self.sha256


class Signature(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="signatures")
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = EncryptedCharField(_("name"), max_length=300)
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    ip_address = models.GenericIPAddressField(_("client address"))
    sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64)
    voided_at = models.DateTimeField(_("void since"), null=True, blank=True)
    # The version whose change of terms voided this signature.
    voided_by = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="voided"
    )

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ("signed_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"],
                condition=models.Q(voided_at__isnull=True),
                name="one_valid_signature_per_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.party}"
