"""Certificates the program issues (internship completion, company readiness), each with a serial number,
a verification code and the words it states fixed when it was first issued.

A certificate is issued once per thing it certifies (`source`) and never re-dated: a later download prints
the same serial, date and statement. Course certificates keep their own table in learning (they existed
first, with codes already printed); they take their serial from the same allocator (`serials.py`).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.privacy.fields import EncryptedTextField


def new_verification_code() -> str:
    """12 characters from an alphabet without look-alikes (0/O, 1/I): about 60 bits, printed in groups."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class CertificateKind(models.TextChoices):
    COURSE = "course", _("Course certificate")
    INTERNSHIP = "internship", _("Internship completion certificate")
    READINESS = "readiness", _("Company readiness certificate")


class IssuedCertificate(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    # What is certified, e.g. "internship:case:12": one certificate per thing, whoever downloads it.
    source = models.CharField(max_length=80, unique=True)
    serial = models.CharField(_("serial number"), max_length=24, unique=True)
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=new_verification_code)
    issued_on = models.DateField(_("issued on"))
    # The holder's name as printed (a person's name for an intern: encrypted at rest) and what the
    # certificate states, per language, exactly as printed: the public page shows nothing more.
    holder_printed = EncryptedTextField(_("holder"))
    statement_printed = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("issued certificate")
        verbose_name_plural = _("issued certificates")

    def __str__(self) -> str:
        return self.serial
