"""The budget: the table of budget against actual by category and fiscal year (also as CSV or Excel)
with its burn and category charts, and the budget lines edited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.permissions import require, viewer_for
from kakehashi.programme import exports, rules, selectors, services
from kakehashi.programme.reference import category_choices
from kakehashi.programme.views._common import _fmt


@login_required
def budget(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    table = selectors.budget_table(program)
    if fmt := _fmt(request):
        headers = [_("Category")]
        headers += [_("FY%(year)s budget") % {"year": y} for y in table.years]
        headers += [_("FY%(year)s actual") % {"year": y} for y in table.years]
        headers += [_("Budget"), _("Actual"), _("Remaining"), _("Execution rate (%)")]
        return exports.table_response(
            fmt,
            "budget",
            headers,
            (
                [r.label or _("Total")]
                + [r.budget.get(y, 0) for y in table.years]
                + [r.actual.get(y, 0) for y in table.years]
                + [r.budget_total, r.actual_total, r.remaining, r.rate]
                for r in [*table.rows, table.total]
            ),
            title=_("Budget"),
        )
    return render(
        request,
        "programme/budget.html",
        {
            "table": table,
            "burn": selectors.burn_series(program),
            "categories": selectors.category_series(table),
            "can_manage": rules.can_manage_budget(viewer),
            "sees_expenses": rules.can_view_expenses(viewer),
        },
    )


@login_required
def budget_edit(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    require(rules.can_manage_budget(viewer))
    table = selectors.budget_table(program)
    errors = []
    if request.method == "POST":
        for key, _label in category_choices():
            for year in table.years:
                raw = request.POST.get(f"b-{key}-{year}", "").strip().replace(",", "") or "0"
                try:
                    amount = int(raw)
                    services.budget_line_save(
                        viewer=viewer, fiscal_year=year, category=key, amount_jpy=amount
                    )
                except (ValueError, ValidationError):
                    errors.append(
                        _("FY%(year)s, %(category)s: give a whole number of yen, 0 or more.")
                        % {"year": year, "category": _label}
                    )
        if not errors:
            messages.success(request, _("The budget was saved."))
            return redirect("programme:budget")
    return render(request, "programme/budget_edit.html", {"table": table, "errors": errors})
