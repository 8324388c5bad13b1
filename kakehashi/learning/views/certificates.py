"""Certificates: issued for a completed course, downloaded as a PDF, and verified by code on a public
page."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.client_address import client_ip
from kakehashi.core.permissions import viewer_for
from kakehashi.learning import documents, selectors, services
from kakehashi.learning.views._common import _errors


@login_required
@require_POST
def certificate_issue(request: HttpRequest, course_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    course = selectors.course_for(viewer, course_id)
    try:
        services.certificate_issue(viewer=viewer, course=course)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Your certificate is ready."))
    return redirect(course)


@login_required
def certificate_pdf(request: HttpRequest, certificate_id: int) -> FileResponse:
    viewer = viewer_for(request)
    certificate = selectors.certificate_for(viewer, certificate_id)
    pdf = documents.certificate_pdf(certificate, request.build_absolute_uri("/learning/verify/"))
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Public: no sign-in. Shows only the name, the course and the date of a valid code. Lookups are
    limited per address, so that codes cannot be guessed by trying many."""
    code = request.GET.get("code", "").strip()[:40]
    if code and services.verify_rate_limited(client_ip(request)):
        context = {"code": code, "limited": True}
        return render(request, "learning/verify.html", context, status=429)
    certificate = selectors.certificate_by_code(code) if code else None
    return render(request, "learning/verify.html", {"code": code, "certificate": certificate})
