"""Certificates: issued for a completed course, downloaded as a PDF, and verified by code on a public
page."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    pdf = documents.certificate_pdf(certificate, request.build_absolute_uri("/"))
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Certificates printed before serial numbers point here: the program's one verification page now
    answers for every kind of certificate."""
    target = reverse("certificates:verify")
    if request.GET.get("code"):
        target += "?" + urlencode({"code": request.GET["code"][:40]})
    return redirect(target, permanent=True)
