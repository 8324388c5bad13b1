"""The end of an internship: the evaluations (of the intern, of the company) and their list, and the
completion certificate as a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.forms import EvaluationForm
from kakehashi.operations.models import EvaluationKind
from kakehashi.operations.views._common import _add_errors


@login_required
def evaluation_edit(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    if kind not in EvaluationKind.values:
        raise Http404
    require(rules.can_evaluate(viewer, case, kind))
    existing = case.evaluations.filter(kind=kind).first()
    initial = {}
    if existing:
        initial = {
            name: getattr(existing, name)
            for name in ("skills", "attitude", "japanese", "teamwork", "overall", "comment")
        }
        initial["skills_seen"] = selectors.skills_endorsed_in(existing)
    form = EvaluationForm(request.POST or None, initial=initial, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_save(viewer=viewer, case=case, kind=kind, scores=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect(case)
    return render(
        request,
        "operations/evaluation_form.html",
        {"case": case, "form": form, "kind_label": EvaluationKind(kind).label},
    )


@login_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    evaluations = selectors.evaluations_visible_to(viewer)
    return render(request, "operations/evaluation_list.html", {"page": paginate(request, evaluations)})


@login_required
def certificate(request: HttpRequest, case_id: int) -> HttpResponse:
    """The completion certificate as a PDF, once the internship has ended (a page says when, before)."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    # It shows the host's evaluation of the intern: for those who read evaluations (not the city officer).
    require(
        rules.can_read_diary(viewer, case),
        _("The certificate is for the intern, their host, college, safety officer and program office."),
    )
    if case.cancelled or case.departure_on >= timezone.localdate():
        return render(request, "operations/certificate_pending.html", {"case": case})
    from kakehashi.operations.certificate import certificate_pdf

    response = HttpResponse(
        certificate_pdf(case, request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{case.pk}.pdf"'
    return response
