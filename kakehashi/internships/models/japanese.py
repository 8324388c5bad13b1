"""Japanese ability a student proved: a JLPT or NAT-TEST result with its certificate, verified by the
program office. Screening, companies' ranking pages and the matching run use the verified level, not the
level typed into an application."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import TimeStampedModel
from kakehashi.internships.models.places import JapaneseLevel

# N1 is the highest level: a smaller number is a better level. "none" ranks below N5.
LEVEL_RANK = {"N1": 1, "N2": 2, "N3": 3, "N4": 4, "N5": 5, JapaneseLevel.NONE: 6}


def meets(level: str | None, minimum: str) -> bool:
    """Whether `level` (None: nothing verified) reaches a place's `minimum` ("none" asks for nothing)."""
    if minimum == JapaneseLevel.NONE:
        return True
    return level is not None and LEVEL_RANK[level] <= LEVEL_RANK[minimum]


class JapaneseTest(models.TextChoices):
    JLPT = "jlpt", _("JLPT (Japanese-Language Proficiency Test)")
    NAT = "nat", _("NAT-TEST (levels 1Q to 5Q, read as N1 to N5)")


class ResultStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


def certificate_path(instance: "JapaneseResult", filename: str) -> str:
    # A random name: the file's place says nothing of whose it is.
    return f"internships/japanese/{secrets.token_hex(12)}"


class JapaneseResult(TimeStampedModel):
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    test = models.CharField(_("test"), max_length=8, choices=JapaneseTest.choices, default=JapaneseTest.JLPT)
    level = models.CharField(
        _("level passed"), max_length=4, choices=[c for c in JapaneseLevel.choices if c[0] != "none"]
    )
    taken_on = models.DateField(_("date of the test"))
    certificate = models.FileField(
        _("certificate of the result (PDF, PNG or JPEG)"), upload_to=certificate_path
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Japanese test result")
        verbose_name_plural = _("Japanese test results")
        ordering = ("-taken_on", "-pk")
        indexes = [models.Index(fields=["student", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_test_display()} {self.level}"
