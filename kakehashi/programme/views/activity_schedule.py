"""The schedule of the logframe's activities: the Gantt chart (also as CSV or Excel) and an activity's
planned and actual dates edited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.permissions import require, viewer_for
from kakehashi.programme import exports, rules, selectors, services
from kakehashi.programme.forms import ActivityDatesForm
from kakehashi.programme.views._common import _fmt


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    from kakehashi.programme.gantt import gantt

    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    activities = selectors.activities_of(program)
    if fmt := _fmt(request):
        headers = [
            _("Number"),
            _("Activity"),
            _("Planned start"),
            _("Planned end"),
            _("Actual start"),
            _("Actual end"),
        ]
        return exports.table_response(
            fmt,
            "schedule",
            headers,
            (
                [a.key, str(a.summary), a.planned_start, a.planned_end, a.actual_start, a.actual_end]
                for a in activities
            ),
            title=_("Schedule"),
        )
    return render(
        request,
        "programme/schedule.html",
        {
            "chart": gantt(program, activities),
            "activities": activities,
            "can_manage": rules.can_manage_logframe(viewer),
        },
    )


@login_required
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    activity = selectors.activity_for(viewer, activity_id)
    require(rules.can_manage_logframe(viewer))
    form = ActivityDatesForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_dates_save(viewer=viewer, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity's dates were saved."))
            return redirect("programme:schedule")
    return render(request, "programme/activity_form.html", {"activity": activity, "form": form})
