"""A company's readiness to host interns: the checklist, the certificate once it is ready, an answer
(with its evidence file) sent by the company, verified or returned by the office, and the queue of
answers to verify.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.companies import rules, selectors, services
from kakehashi.companies.forms import AnswerForm, ReviewForm
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.privacy.uploads import serve_upload


@login_required
def readiness(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    return render(
        request,
        "companies/readiness.html",
        {
            "organization": organization,
            "readiness": selectors.readiness_of(viewer, organization),
            "can_answer": rules.can_answer_readiness(viewer, organization.pk),
            "can_verify": rules.can_verify_readiness(viewer),
            "review_form": ReviewForm(),
        },
    )


@login_required
def certificate(request: HttpRequest, organization_id: int) -> HttpResponse:
    """The readiness certificate, once the company is ready; before that there is none (404)."""
    from kakehashi.companies.documents import readiness_certificate_pdf

    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    state = selectors.readiness_of(viewer, organization)
    if not state.ready:
        raise Http404
    response = HttpResponse(
        readiness_certificate_pdf(state, request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="readiness-{organization.key}.pdf"'
    return response


@login_required
def answer_edit(request: HttpRequest, organization_id: int, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    require(rules.can_answer_readiness(viewer, organization.pk))
    item = selectors.readiness_item_for(item_id)
    answer = organization.readiness_answers.filter(item=item).first()
    form = AnswerForm(
        request.POST or None, request.FILES or None, initial={"text": answer.text if answer else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_submit(
                viewer=viewer,
                organization=organization,
                item=item,
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data.get("evidence") or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error("evidence" if form.cleaned_data.get("evidence") else None, error)
        else:
            messages.success(request, _("Your answer was sent for verification."))
            return redirect("companies:readiness", organization.pk)
    return render(
        request,
        "companies/answer_form.html",
        {"organization": organization, "item": item, "answer": answer, "form": form},
    )


@login_required
@require_POST
def answer_review(request: HttpRequest, organization_id: int, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    require(rules.can_verify_readiness(viewer))
    answer = selectors.answer_for(viewer, organization, item_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose verify or return."))
    else:
        try:
            services.answer_review(
                viewer=viewer,
                answer=answer,
                verify=form.cleaned_data["decision"] == "verify",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if form.cleaned_data["decision"] == "verify":
                messages.success(request, _("The answer was verified."))
            else:
                messages.success(request, _("The answer was returned to the company with your comment."))
    return redirect("companies:readiness", organization.pk)


@login_required
def answer_file(request: HttpRequest, organization_id: int, item_id: int) -> FileResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    answer = selectors.answer_for(viewer, organization, item_id)
    if not answer.evidence:
        raise Http404
    return serve_upload(answer.evidence)


@login_required
def verify_queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.answers_to_verify(viewer))
    return render(request, "companies/verify_queue.html", {"page": page})
