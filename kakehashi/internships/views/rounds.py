"""Round views: the list of rounds, creating one, a round's page with its phase timeline, moving it to
another phase or correcting a phase's dates, and the round's Excel export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.internships import exports, rules, selectors, services
from kakehashi.internships.forms import PhaseDatesForm, PhaseForm, RoundForm
from kakehashi.internships.models import DATED_PHASES, Phase, RoundPhase


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.rounds_visible_to(viewer))
    return render(
        request,
        "internships/round_list.html",
        {"page": page, "can_create": rules.can_manage_rounds(viewer)},
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_manage_rounds(viewer))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(viewer=viewer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round was created."))
            warning = services.phase_plan_warning(round_.internship_starts_on)
            if warning:
                messages.warning(request, warning)
            return redirect(round_)
    return render(request, "internships/round_form.html", {"form": form})


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    phases = {p.phase: p for p in RoundPhase.objects.filter(round=round_)}
    timeline = [
        {
            "phase": phase,
            "label": Phase(phase).label,
            "dates": phases.get(phase),
            "state": "done" if round_.is_past(phase) else "current" if round_.phase == phase else "next",
        }
        for phase in DATED_PHASES
    ]
    context = {
        "round": round_,
        "timeline": timeline,
        "can_manage": rules.can_manage_round(viewer, round_),
        "can_apply": rules.can_apply(viewer, round_),
        # Interviews are booked by applicants only (their page refuses anyone else).
        "has_application": selectors.my_application(viewer, round_) is not None,
        "can_list_applicants": selectors.can_list_applicants(viewer),
        "can_arrange_interpreters": rules.can_arrange_interpreters(viewer, round_),
        "is_company": bool(rules.company_ids(viewer)),
        "counts": selectors.application_counts(round_) if rules.can_manage_round(viewer, round_) else None,
    }
    return render(request, "internships/round_detail.html", context)


@login_required
def round_phase(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_manage_round(viewer, round_))
    phase_form = PhaseForm(initial={"phase": round_.phase})
    dates_form = PhaseDatesForm(prefix="dates")
    if request.method == "POST":
        if request.POST.get("action") == "dates":
            dates_form = PhaseDatesForm(request.POST, prefix="dates")
            if dates_form.is_valid():
                try:
                    services.phase_dates_save(viewer=viewer, round_=round_, **dates_form.cleaned_data)
                except ValidationError as error:
                    dates_form.add_error(None, error)
                else:
                    messages.success(request, _("The dates were saved."))
                    return redirect(round_)
        else:
            phase_form = PhaseForm(request.POST)
            if phase_form.is_valid():
                try:
                    services.round_set_phase(
                        viewer=viewer, round_=round_, phase=phase_form.cleaned_data["phase"]
                    )
                except ValidationError as error:
                    phase_form.add_error(None, error)
                else:
                    messages.success(request, _("The round moved to the new phase."))
                    return redirect(round_)
    return render(
        request,
        "internships/round_phase.html",
        {"round": round_, "phase_form": phase_form, "dates_form": dates_form},
    )


@login_required
def round_export(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_export(viewer, round_))
    response = HttpResponse(
        exports.round_workbook(round_),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="round-{round_.key}.xlsx"'
    return response
