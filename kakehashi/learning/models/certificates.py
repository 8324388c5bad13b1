"""Certificates of a completed course, with their verification code (`new_certificate_code`, named by
the migrations) and the name and course title as they were printed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.multilingual.text import as_translated
from kakehashi.learning.models.courses import Course


def new_certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=new_certificate_code)
    # From the same allocator as the program's other certificates (kakehashi/certificates/serials.py).
    serial = models.CharField(_("serial number"), max_length=24, unique=True)
    issued_on = models.DateField(_("issued on"))
    # The name and the course title as they were printed, so that the public page shows what the PDF shows.
    name_printed = models.CharField(max_length=320)
    course_title_printed = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_one_certificate")]

    def __str__(self) -> str:
        return self.code

    def course_title(self) -> str:
        return str(as_translated(self.course_title_printed))
