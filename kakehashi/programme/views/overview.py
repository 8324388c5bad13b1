"""The program at a glance: the dashboard (indicators, budget burn, latest reports, pending expenses)
and the whole program exported as IATI XML.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kakehashi.core.db_router import reads_from_replica
from kakehashi.core.permissions import viewer_for
from kakehashi.programme import iati, rules, selectors
from kakehashi.programme.models import ExpenseStatus


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    elements = selectors.logframe_of(program)
    budget, burn = selectors.dashboard_figures(program)
    context = {
        "program": program,
        "indicators": selectors.indicator_rows(elements),
        "budget": budget,
        "burn": burn,
        "categories": selectors.category_series(budget),
        "reports": list(selectors.reports_for(viewer)[:5]),
        "activities": [e for e in elements if e.level == "activity"],
        "sees_expenses": rules.can_view_expenses(viewer),
        "pending_expenses": (
            selectors.expenses_for(viewer, status=ExpenseStatus.ENTERED).count()
            if rules.can_view_expenses(viewer)
            else None
        ),
    }
    return render(request, "programme/dashboard.html", context)


@login_required
@reads_from_replica  # a published figures export: seconds-old figures are fine (docs/scaling.md)
def iati_export(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    response = HttpResponse(iati.build(program), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="iati-{program.key}.xml"'
    return response
