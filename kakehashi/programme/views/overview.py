"""The program at a glance: the dashboard (indicators, budget burn, latest reports, pending expenses)
and the whole program exported as IATI XML.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from kakehashi.accounts.models import Program
from kakehashi.core import cached_figures
from kakehashi.core.db_router import reads_from_replica
from kakehashi.core.permissions import viewer_for
from kakehashi.programme import iati, rules, selectors
from kakehashi.programme.models import ExpenseStatus


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    context = {
        "program": program,
        "spending": _spending_parts(program),
        "indicator_table": _indicator_table(program),
        "reports": list(selectors.reports_for(viewer)[:5]),
        "pending_expenses": (
            selectors.expenses_for(viewer, status=ExpenseStatus.ENTERED).count()
            if rules.can_view_expenses(viewer)
            else None
        ),
    }
    return render(request, "programme/dashboard.html", context)


# The dashboard's budget, charts and indicators are drawn once per version of what they count (the
# "spending" and "logframe" figures) and language, the same for every reader of the program: formatting
# each number and date for the reader on every request was most of the page's time (issue 18).


def _spending_parts(program: Program) -> dict[str, SafeString]:
    """The budget tiles, the burn chart's data and the budget table with its chart's data, drawn."""

    def draw() -> dict[str, str]:
        budget, burn = selectors.dashboard_figures(program)
        context = {"budget": budget, "burn": burn, "categories": selectors.category_series(budget)}
        return {
            part: render_to_string(f"programme/dashboard/_{name}.html", context)
            for part, name in (("tiles", "budget_tiles"), ("burn", "burn"), ("budget", "budget"))
        }

    # The month: the burn chart stops at the current one (as dashboard_figures' own key).
    parts = (program.pk, get_language(), timezone.localdate().strftime("%Y-%m"), "dashboard html")
    drawn = cached_figures.figure("spending", parts, draw)
    return {part: mark_safe(html) for part, html in drawn.items()}  # noqa: S308  # nosec B308 B703 - drawn by our templates above


def _indicator_table(program: Program) -> SafeString:
    def draw() -> str:
        rows = selectors.indicator_rows(selectors.logframe_of(program))
        return render_to_string("programme/_indicator_table.html", {"rows": rows})

    drawn = cached_figures.figure("logframe", (program.pk, get_language(), "dashboard html"), draw)
    return mark_safe(drawn)  # noqa: S308  # nosec B308 B703 - drawn by our template above


@login_required
@reads_from_replica  # a published figures export: seconds-old figures are fine (docs/scaling.md)
def iati_export(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    response = HttpResponse(iati.build(program), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="iati-{program.key}.xml"'
    return response
