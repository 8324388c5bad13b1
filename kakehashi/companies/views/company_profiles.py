"""A host company's profile: the company user's own company, its profile page, and the profile edited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.companies import rules, selectors, services
from kakehashi.companies.forms import ProfileForm
from kakehashi.core.permissions import require, viewer_for


@login_required
def my_company(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    ids = selectors.my_company_ids(viewer)
    if not ids:
        raise Http404
    return redirect("companies:readiness", ids[0])


@login_required
def profile(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    return render(
        request,
        "companies/profile.html",
        {
            "organization": organization,
            "profile": selectors.profile_of(organization),
            "can_edit": rules.can_edit_company(viewer, organization.pk),
            "ready": selectors.is_company_ready(organization),
        },
    )


@login_required
def profile_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    require(rules.can_edit_company(viewer, organization.pk))
    form = ProfileForm(request.POST or None, instance=selectors.profile_of(organization))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(viewer=viewer, profile=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The company profile was saved."))
            return redirect("companies:profile", organization.pk)
    return render(request, "companies/profile_form.html", {"form": form, "organization": organization})
