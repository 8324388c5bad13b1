"""Expenses: the filtered list (also as CSV or Excel), entering and editing an expense (with optimistic
locking), the accountant's approval and settlement, and the receipt download.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.core.query_params import parse_int
from kakehashi.privacy.uploads import serve_upload
from kakehashi.programme import exports, rules, selectors, services
from kakehashi.programme.forms import ConfirmForm, ExpenseForm
from kakehashi.programme.models import Expense, ExpenseStatus
from kakehashi.programme.reference import category_choices
from kakehashi.programme.views._common import _add_errors, _error_messages, _fmt


@login_required
def expense_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    year = parse_int(request.GET.get("year", ""), minimum=1, maximum=9999)
    expenses = selectors.expenses_for(
        viewer, search=search, status=status, fiscal_year=year, category=category
    )
    if fmt := _fmt(request):
        headers = [
            _("Date"),
            _("Category"),
            _("Description"),
            _("Payee"),
            _("Amount"),
            _("Currency"),
            _("Rate"),
            _("Amount (JPY)"),
            _("Status"),
        ]
        return exports.table_response(
            fmt,
            "expenses",
            headers,
            (
                [
                    e.spent_on,
                    e.get_category_display(),
                    e.description,
                    e.payee,
                    e.amount,
                    e.currency,
                    e.rate,
                    e.amount_jpy,
                    e.get_status_display(),
                ]
                for e in expenses
            ),
            title=_("Expenses"),
        )
    assert viewer.program is not None
    context = {
        "page": paginate(request, expenses),
        "search": search,
        "status": status,
        "category": category,
        "year": year,
        "statuses": ExpenseStatus.choices,
        "categories": category_choices(),
        "years": selectors.fiscal_years_of(viewer.program),
        "can_enter": rules.can_enter_expense(viewer),
        "query": request.GET.urlencode(),
    }
    template = "programme/expense_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def expense_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_enter_expense(viewer))
    form = ExpenseForm(request.POST or None, request.FILES or None, initial={"rate": 1})
    if request.method == "POST" and form.is_valid():
        try:
            expense = services.expense_create(
                viewer=viewer, data=form.data_fields(), receipt=request.FILES.get("receipt")
            )
        except ValidationError as error:
            form.add_error(None, error) if not hasattr(error, "error_dict") else _add_errors(form, error)
        else:
            messages.success(request, _("The expense was entered. The accountant approves it next."))
            return redirect(expense)
    return render(request, "programme/expense_form.html", {"form": form, "expense": None})


@login_required
def expense_detail(request: HttpRequest, expense_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    expense = selectors.expense_for(viewer, expense_id)
    return render(
        request,
        "programme/expense_detail.html",
        {
            "expense": expense,
            "can_edit": rules.can_enter_expense(viewer) and expense.status == ExpenseStatus.ENTERED,
            "can_approve": rules.can_approve_expense(viewer) and expense.status == ExpenseStatus.ENTERED,
            "can_settle": rules.can_approve_expense(viewer) and expense.status == ExpenseStatus.APPROVED,
        },
    )


@login_required
def expense_edit(request: HttpRequest, expense_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    expense = selectors.expense_for(viewer, expense_id)
    require(rules.can_enter_expense(viewer))
    form = ExpenseForm(
        request.POST or None, request.FILES or None, instance=expense, initial={"version": expense.version}
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.expense_update(
                viewer=viewer,
                expense=selectors.expense_for(viewer, expense_id),
                version=form.cleaned_data.get("version") or 0,
                data=form.data_fields(),
                receipt=request.FILES.get("receipt"),
            )
        except services.StaleVersion as error:
            stale = True
            form.add_error(None, error)
        except ValidationError as error:
            _add_errors(form, error) if hasattr(error, "error_dict") else form.add_error(None, error)
        else:
            messages.success(request, _("The expense was saved."))
            return redirect("programme:expense_detail", expense_id)
    status = 409 if stale else 200
    return render(
        request,
        "programme/expense_form.html",
        {"form": form, "expense": expense, "stale": stale},
        status=status,
    )


def _expense_transition(request: HttpRequest, expense_id: int, action: str) -> HttpResponse:
    viewer = viewer_for(request)
    expense = selectors.expense_for(viewer, expense_id)
    require(rules.can_approve_expense(viewer), _("Only the accountant approves and settles expenses."))
    form = ConfirmForm(request.POST or None, initial={"version": expense.version})
    if request.method == "POST" and form.is_valid():
        service = services.expense_approve if action == "approve" else services.expense_settle
        try:
            service(viewer=viewer, expense=expense, version=form.cleaned_data["version"])
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The expense was approved.") if action == "approve" else _("The expense was settled."),
            )
        return redirect(expense)
    return render(
        request, "programme/expense_confirm.html", {"expense": expense, "form": form, "action": action}
    )


@login_required
def expense_approve(request: HttpRequest, expense_id: int) -> HttpResponse:
    return _expense_transition(request, expense_id, "approve")


@login_required
def expense_settle(request: HttpRequest, expense_id: int) -> HttpResponse:
    return _expense_transition(request, expense_id, "settle")


@login_required
def expense_receipt(request: HttpRequest, expense_id: int) -> FileResponse:
    viewer = viewer_for(request)
    expense: Expense = selectors.expense_for(viewer, expense_id)
    if not expense.receipt:
        raise Http404
    return serve_upload(expense.receipt)
