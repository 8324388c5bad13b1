from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.accounts import selectors, services
from kakehashi.accounts.forms import OrganizationForm
from kakehashi.accounts.models import Organization
from kakehashi.accounts.roles import OrganizationKind
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import (
    Viewer,
    can_browse_people,
    can_manage_members,
    can_manage_organizations,
    require,
    viewer_for,
)


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    page = paginate(request, selectors.organizations_visible_to(viewer, search=search, kind=kind))
    context = {
        "page": page,
        "search": search,
        "kind": kind,
        "kinds": OrganizationKind.choices,
        "can_create": can_manage_organizations(viewer),
    }
    template = "accounts/organization_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.organization_for(viewer, organization_id)
    people = (
        paginate(request, selectors.people_visible_to(viewer, organization_id=organization.pk), from_row=True)
        if can_browse_people(viewer)
        else None
    )
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "people": people,
            "can_edit": can_manage_organizations(viewer),
            "can_manage_members": can_manage_members(viewer, organization),
        },
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(can_manage_organizations(viewer))
    return _organization_form(request, viewer, Organization())


@login_required
def organization_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.organization_for(viewer, organization_id)
    require(can_manage_organizations(viewer))
    return _organization_form(request, viewer, organization)


def _organization_form(request: HttpRequest, viewer: Viewer, organization: Organization) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organization_save(viewer=viewer, organization=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organization was saved."))
            return redirect(saved)
    return render(request, "accounts/organization_form.html", {"form": form, "organization": organization})
