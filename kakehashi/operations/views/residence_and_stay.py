"""Status of residence, travel and stay: the residence documents and their edit form, the travel and
stay record and its edit form, the recorded reveal of the sensitive fields, and the intern's
printable sheet (which reveals, and records, the address and emergency contacts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.permissions import require, viewer_for
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.forms import ResidenceForm, TravelForm
from kakehashi.operations.models import SENSITIVE_FIELDS
from kakehashi.operations.sheet import labels as sheet_labels
from kakehashi.operations.views._common import _add_errors


@login_required
def residence(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    return render(
        request,
        "operations/residence.html",
        {
            "case": case,
            "stay": case.stay,
            "documents": case.residence_documents.all(),
            "can_see_sensitive": rules.can_see_sensitive(viewer, case),
            "can_edit": rules.can_edit_stay(viewer, case),
            "can_read_diary": rules.can_read_diary(viewer, case),
        },
    )


@login_required
def residence_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_edit_stay(viewer, case))
    stay = case.stay
    initial = {
        "route": case.route,
        "documents": [d.key for d in case.residence_documents.all() if d.done],
        "passport_expires_on": stay.passport_expires_on,
        "visa_issued_on": stay.visa_issued_on,
        "status_expires_on": stay.status_expires_on,
        "version": case.version,
    }
    form = ResidenceForm(request.POST or None, initial=initial, case=case)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.residence_update(
                viewer=viewer,
                case=case,
                expected_version=data.pop("version"),
                route=data.pop("route"),
                done_keys=data.pop("documents"),
                dates=data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The status of residence was saved."))
            return redirect("operations:residence", case.pk)
    return render(request, "operations/residence_edit.html", {"case": case, "form": form})


@login_required
def travel(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    return render(
        request,
        "operations/travel.html",
        {
            "case": case,
            "stay": case.stay,
            "housemates": selectors.housemates(viewer, case),
            "can_see_sensitive": rules.can_see_sensitive(viewer, case),
            "can_edit": rules.can_edit_stay(viewer, case),
            "can_read_diary": rules.can_read_diary(viewer, case),
        },
    )


@login_required
def travel_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_edit_stay(viewer, case))
    form = TravelForm(request.POST or None, instance=case.stay)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_update(
                viewer=viewer,
                case=case,
                expected_version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Travel and stay were saved."))
            return redirect("operations:travel", case.pk)
    return render(request, "operations/travel_edit.html", {"case": case, "form": form})


@login_required
def sensitive(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET explains that reading is recorded; POST reveals the sensitive fields and records the read."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_see_sensitive(viewer, case))
    values = None
    if request.method == "POST":
        values = services.sensitive_reveal(viewer=viewer, case=case)
    labels = {
        name: getattr(case.stay._meta.get_field(name), "verbose_name", name) for name in SENSITIVE_FIELDS
    }
    rows = [(labels[name], values.get(name, "")) for name in SENSITIVE_FIELDS] if values is not None else []
    return render(
        request, "operations/sensitive.html", {"case": case, "rows": rows, "revealed": values is not None}
    )


@login_required
def sheet(request: HttpRequest, case_id: int) -> HttpResponse:
    """A printable one-page sheet for the intern, in Mongolian and Japanese. Reading it is recorded."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    values = services.sensitive_reveal(
        viewer=viewer, case=case, fields=("housing_address", "emergency_contacts")
    )
    return render(
        request,
        "operations/sheet.html",
        {
            "case": case,
            "stay": case.stay,
            "secret": values,
            "tasks": selectors.tasks_of(case),
            "L": sheet_labels(),
            "route": sheet_labels()[case.route],
        },
    )
