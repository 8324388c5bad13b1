"""Certificates: issued for a completed course (verified on the program's one page, kakehashi/certificates)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.certificates.models import CertificateKind
from kakehashi.certificates.serials import create_with_serial
from kakehashi.core.permissions import Viewer
from kakehashi.learning import selectors
from kakehashi.learning.models import (
    Certificate,
    Course,
)


@transaction.atomic
def certificate_issue(*, viewer: Viewer, course: Course) -> Certificate:
    existing = Certificate.objects.filter(user=viewer.user, course=course).first()
    if existing is not None:
        return existing
    if not selectors.progress_in(viewer, course).is_complete:
        raise ValidationError(_("Finish every part of the course that counts towards completion first."))
    return create_with_serial(
        Certificate,
        CertificateKind.COURSE,
        timezone.localdate(),
        user=viewer.user,
        course=course,
        # Both scripts, whatever the page's language: the certificate is read in Mongolia and in Japan.
        name_printed=viewer.user.name_in_both_scripts,
        course_title_printed=dict(course.title),
    )
