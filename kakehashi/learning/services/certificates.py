"""Certificates: issued for a completed course, and the rate limit of the public verification page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer
from kakehashi.core.rate_limits import over_limit
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
    return Certificate.objects.create(
        user=viewer.user,
        course=course,
        issued_on=timezone.localdate(),
        name_printed=viewer.user.display_name,
        course_title_printed={"ja": course.title_ja, "en": course.title_en, "mn": course.title_mn},
    )


VERIFY_LIMIT = 30


VERIFY_WINDOW_SECONDS = 600


def verify_rate_limited(ip: str) -> bool:
    """Count one certificate lookup from this address; True once it went over 30 in 10 minutes."""
    return over_limit(f"learning:verify:{ip}", limit=VERIFY_LIMIT, window_seconds=VERIFY_WINDOW_SECONDS)
