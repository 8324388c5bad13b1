"""Application views: the student's application form (with the consent to the transfer to Japan), the
list of applicants of a round, an application's page and its CV."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.internships import rules, selectors, services
from kakehashi.internships.forms import ApplicationForm, NominationForm
from kakehashi.internships.models import Nomination
from kakehashi.internships.models.applications import name_parts_of
from kakehashi.privacy.uploads import serve_upload


@login_required
def application_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_apply(viewer, round_), _("Only students of a partner college can apply."))
    application = selectors.my_application(viewer, round_)
    initial = {}
    if application is None:
        initial = name_parts_of(viewer.user)
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}
        try:
            application = services.application_save(
                viewer=viewer,
                round_=round_,
                data=data,
                cv=form.cleaned_data.get("cv_upload"),
                consent=request.POST.get("consent") == "yes",
            )
            if "submit" in request.POST:
                services.application_submit(viewer=viewer, application=application)
                messages.success(request, _("Your application was submitted."))
            else:
                messages.success(request, _("Your application was saved as a draft."))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect("internships:my_ranking", round_id=round_.pk)
    return render(
        request,
        "internships/application_form.html",
        {
            "form": form,
            "round": round_,
            "application": application,
            **_consent_context(viewer),
        },
    )


def _consent_context(viewer: Any) -> dict[str, Any]:
    """The privacy app's current text of the consent to the transfer to Japan, and whether it is given."""
    from kakehashi.privacy import services as privacy
    from kakehashi.privacy.models import ConsentKind

    kind = ConsentKind.CROSS_BORDER_TRANSFER
    return {"consent_text": privacy.current_text(kind), "consent": privacy.active_consent(viewer.user, kind)}


@login_required
def applicant_list(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(selectors.can_list_applicants(viewer))
    search = request.GET.get("q", "").strip()
    nomination = request.GET.get("nomination", "")
    # The list shows names, college, level and screening: the long texts stay in the database.
    applications = selectors.applications_visible_to(
        viewer, round_, search=search, nomination=nomination
    ).defer("statement", "portfolio_links", "nomination_reason", "skills")
    count = selectors.applicants_count(viewer, round_, applications, search=search, nomination=nomination)
    page = paginate(request, applications, count=count, from_row=True)
    selectors.with_verified_japanese(page.object_list)
    template = "internships/applicant_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "round": round_,
            "page": page,
            "search": search,
            "nomination": nomination,
            "nominations": Nomination.choices,
            "is_company": bool(rules.company_ids(viewer)) and not rules.sees_all_applicants(viewer),
            "can_export": rules.can_export(viewer, round_),
        },
    )


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    is_company = (
        bool(rules.company_ids(viewer))
        and not rules.sees_all_applicants(viewer)
        and application.student_id != viewer.user.pk
    )
    return render(
        request,
        "internships/application_detail.html",
        {
            "application": application,
            "choices": selectors.visible_choices(viewer, application),
            "can_nominate": rules.can_nominate(viewer, application),
            "can_confirm": rules.can_confirm(viewer, application),
            "nomination_form": NominationForm(),
            "skill_profile": selectors.skill_profile(application) if is_company else None,
            "links": [line.strip() for line in application.portfolio_links.splitlines() if line.strip()],
        },
    )


@login_required
def application_cv(request: HttpRequest, application_id: int) -> HttpResponseBase:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    if not application.cv:
        raise Http404
    return serve_upload(application.cv, filename="cv.pdf")
