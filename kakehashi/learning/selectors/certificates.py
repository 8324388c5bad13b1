"""Certificates: the viewer's own, and the public look-up of a code on the verify page."""

from __future__ import annotations

from django.http import Http404

from kakehashi.core.permissions import Viewer
from kakehashi.learning.models import Certificate


def my_certificates(viewer: Viewer) -> dict[int, Certificate]:
    return {c.course_id: c for c in Certificate.objects.filter(user=viewer.user)}


def certificate_for(viewer: Viewer, certificate_id: int) -> Certificate:
    cert = Certificate.objects.select_related("course").filter(pk=certificate_id, user=viewer.user).first()
    if cert is None:
        raise Http404
    return cert


def certificate_by_code(code: str) -> Certificate | None:
    """Public: anyone may verify a code; only name, course and date are shown."""
    code = code.strip().upper()
    if not code:
        return None
    return Certificate.objects.filter(code=code).first()
