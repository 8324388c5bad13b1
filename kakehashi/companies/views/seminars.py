"""Seminars for prospective host companies: the list (POST adds one) and the attendance of a seminar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.companies import rules, selectors, services
from kakehashi.companies.forms import SeminarForm
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.core.query_params import parse_id


@login_required
def seminar_list(request: HttpRequest) -> HttpResponse:
    """Seminars of the program; POST adds one."""
    viewer = viewer_for(request)
    seminars = selectors.seminars(viewer)
    can_edit = rules.can_edit_pipeline(viewer)
    form = SeminarForm(request.POST or None)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                seminar = services.seminar_save(viewer=viewer, seminar=form.save(commit=False))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The seminar was added."))
                return redirect("companies:seminar_detail", seminar.pk)
    return render(
        request,
        "companies/seminar_list.html",
        {"page": paginate(request, seminars), "form": form, "can_edit": can_edit},
    )


@login_required
def seminar_detail(request: HttpRequest, seminar_id: int) -> HttpResponse:
    """Who attended; POST saves the ticked companies."""
    viewer = viewer_for(request)
    seminar = selectors.seminar_for(viewer, seminar_id)
    can_edit = rules.can_edit_pipeline(viewer)
    if request.method == "POST":
        require(can_edit)
        ids = [pk for value in request.POST.getlist("company") if (pk := parse_id(value))]
        services.seminar_attendance_set(viewer=viewer, seminar=seminar, company_ids=ids)
        messages.success(request, _("The attendance was saved."))
        return redirect("companies:seminar_detail", seminar.pk)
    attended = set(seminar.attendees.values_list("pk", flat=True))
    companies = selectors.outreach_companies(viewer).select_related(None).only("pk", "name")
    return render(
        request,
        "companies/seminar_detail.html",
        {"seminar": seminar, "companies": companies, "attended": attended, "can_edit": can_edit},
    )
