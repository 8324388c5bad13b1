"""The host-company dashboard: the pipeline and readiness in figures for the program."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kakehashi.companies import rules, selectors
from kakehashi.core.permissions import viewer_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    data = selectors.dashboard(viewer)
    return render(
        request,
        "companies/dashboard.html",
        {"data": data, "show_names": rules.can_see_names_on_dashboard(viewer)},
    )
