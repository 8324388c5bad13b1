"""The agreement's page (status, the current version to read, each party's signature in turn), its PDFs,
the office's drawing up, a party's signature, and the public verification of a signed agreement's code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.agreements import rules, selectors, services
from kakehashi.core.client_address import client_ip
from kakehashi.core.permissions import viewer_for


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def detail(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    agreement = selectors.agreement_of(case)
    page = selectors.page_of(agreement) if agreement is not None else None
    mine = rules.parties_of_viewer(viewer, case)
    turn = next((step for step in page.steps if step.is_next), None) if page else None
    return render(
        request,
        "agreements/detail.html",
        {
            "case": case,
            "page": page,
            "status": selectors.status_text(agreement),
            "can_draw_up": rules.can_draw_up(viewer, case),
            "my_parties": mine,
            "my_turn": turn is not None and turn.party in mine,
        },
    )


@login_required
@require_POST
def draw_up(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    services.agreement_draw_up(viewer=viewer, case=case)
    messages.success(request, _("The agreement is drawn up from the case's current terms."))
    return redirect("agreements:detail", case_id=case.pk)


@login_required
@require_POST
def sign(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    agreement = selectors.agreement_of(case)
    if agreement is None:
        raise Http404
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that you read the agreement before you sign it."))
        return redirect("agreements:detail", case_id=case.pk)
    try:
        services.agreement_sign(
            viewer=viewer,
            agreement=agreement,
            sha256=request.POST.get("sha256", ""),
            ip=client_ip(request),
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Your signature is recorded."))
    return redirect("agreements:detail", case_id=case.pk)


@login_required
def version_pdf(request: HttpRequest, case_id: int, number: int) -> HttpResponse:
    """The bytes of a version exactly as stored: what its signers were shown and signed."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    agreement = selectors.agreement_of(case)
    if agreement is None:
        raise Http404
    version = selectors.version_of(agreement, number)
    return _pdf(version.pdf_bytes, f"agreement-{agreement.serial}-v{version.number}.pdf")


@login_required
def signed_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    agreement = selectors.agreement_of(case)
    if agreement is None or not agreement.final_pdf:
        raise Http404
    return _pdf(agreement.final_pdf_bytes, f"agreement-{agreement.serial}-signed.pdf")


def verify(request: HttpRequest) -> HttpResponse:
    """Public: a code shows the agreement's status and the parties' organizations, or a plain "not found"."""
    code = request.GET.get("code", "").strip().upper()[:20]
    if code and services.verify_rate_limited(client_ip(request)):
        return render(request, "agreements/verify.html", {"code": code, "limited": True}, status=429)
    found = selectors.verified(code) if code else None
    return render(request, "agreements/verify.html", {"code": code, "agreement": found})
