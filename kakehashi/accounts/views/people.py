from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kakehashi.accounts import selectors
from kakehashi.accounts.roles import Role
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import (
    can_browse_people,
    can_see_private_data_of,
    require,
    viewer_for,
)
from kakehashi.core.query_params import id_param


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(can_browse_people(viewer))
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    organization = request.GET.get("organization", "")
    organization_id = id_param(request.GET, "organization")
    people = selectors.people_visible_to(viewer, search=search, role=role, organization_id=organization_id)
    total = selectors.people_count(viewer, people, search=search, organization_id=organization_id, role=role)
    context = {
        "page": paginate(request, people, count=total, from_row=True),
        "search": search,
        "role": role,
        "organization": organization,
        "roles": Role.choices,
        "organizations": selectors.organizations_visible_to(viewer),
        "can_import": selectors.can_import_people(viewer),
    }
    template = "accounts/person_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    person = selectors.person_for(viewer, person_id)
    memberships = person.visible_memberships  # type: ignore[attr-defined]
    show_private = person.pk == viewer.user.pk or can_see_private_data_of(
        viewer, [m.organization_id for m in memberships]
    )
    return render(
        request,
        "accounts/person_detail.html",
        {"person": person, "memberships": memberships, "show_private": show_private},
    )
