"""The logframe's indicators: the table (also as CSV or Excel), a snapshot of the values the platform
knows, a value entered by hand, and an indicator's definition and targets edited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kakehashi.core.permissions import require, viewer_for
from kakehashi.programme import exports, rules, selectors, services
from kakehashi.programme.forms import IndicatorForm, IndicatorValueForm, SnapshotForm
from kakehashi.programme.views._common import _add_errors, _fmt


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    elements = selectors.logframe_for(viewer)
    rows = selectors.indicator_rows(elements)
    if fmt := _fmt(request):
        headers = [
            _("Level"),
            _("Number"),
            _("Indicator"),
            _("Baseline"),
            _("Target"),
            _("Actual"),
            _("As of"),
        ]
        return exports.table_response(
            fmt,
            "indicators",
            headers,
            (
                [
                    r.element.get_level_display(),
                    r.element.key,
                    str(r.indicator.title),
                    r.indicator.baseline,
                    r.target,
                    r.latest.value if r.latest else None,
                    r.latest.period_end if r.latest else None,
                ]
                for r in rows
            ),
            title=_("Indicators"),
        )
    return render(
        request,
        "programme/indicators.html",
        {
            "elements": elements,
            "can_manage": rules.can_manage_logframe(viewer),
            "snapshot_form": SnapshotForm(),
        },
    )


@login_required
@require_POST
def indicators_snapshot(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_manage_logframe(viewer))
    form = SnapshotForm(request.POST)
    if form.is_valid():
        known = services.indicators_snapshot(viewer=viewer, period_end=form.cleaned_data["period_end"])
        messages.success(
            request,
            ngettext(
                "%(count)d indicator value was recorded from the platform.",
                "%(count)d indicator values were recorded from the platform.",
                known,
            )
            % {"count": known},
        )
    else:
        messages.error(request, _("Give the last day of the period."))
    return redirect("programme:indicators")


@login_required
def indicator_value(request: HttpRequest, indicator_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    indicator = selectors.indicator_for(viewer, indicator_id)
    require(rules.can_manage_logframe(viewer))
    form = IndicatorValueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_value_enter(viewer=viewer, indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The value was recorded."))
            return redirect("programme:indicators")
    return render(request, "programme/indicator_value.html", {"indicator": indicator, "form": form})


@login_required
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    indicator = selectors.indicator_for(viewer, indicator_id)
    require(rules.can_manage_logframe(viewer))
    assert viewer.program is not None
    periods = selectors.target_periods_of(viewer.program)
    form = IndicatorForm(request.POST or None, instance=indicator, target_periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(viewer=viewer, indicator=form.save(commit=False), targets=form.targets())
        except ValidationError as error:
            _add_errors(form, error) if hasattr(error, "error_dict") else form.add_error(None, error)  # type: ignore[arg-type]
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("programme:indicators")
    return render(request, "programme/indicator_form.html", {"indicator": indicator, "form": form})
