"""Program management pages: thin views over selectors and services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.programme import exports, iati, rules, selectors, services
from kakehashi.programme.forms import (
    ActivityDatesForm,
    ConfirmForm,
    ExpenseForm,
    IndicatorForm,
    IndicatorValueForm,
    MeetingForm,
    ReportCreateForm,
    ReportNarrativeForm,
    SnapshotForm,
)
from kakehashi.programme.models import Expense, ExpenseStatus, MeetingRecord, ReportKind, ReportStatus
from kakehashi.programme.reference import category_choices


def _fmt(request: HttpRequest) -> str:
    return request.GET.get("format", "") if request.GET.get("format") in ("csv", "xlsx") else ""


def _error_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- dashboard ---------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    elements = selectors.logframe_of(program)
    budget = selectors.budget_table(program)
    context = {
        "program": program,
        "indicators": selectors.indicator_rows(elements),
        "budget": budget,
        "burn": selectors.burn_series(program),
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


# --- logframe and indicators ---------------------------------------------------------------------------


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
                    r.indicator.title,
                    r.indicator.baseline,
                    r.target,
                    r.latest.value if r.latest else None,
                    r.latest.period_end if r.latest else None,
                ]
                for r in rows
            ),
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


# --- schedule ----------------------------------------------------------------------------------------


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
                [a.key, a.summary, a.planned_start, a.planned_end, a.actual_start, a.actual_end]
                for a in activities
            ),
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


# --- budget ------------------------------------------------------------------------------------------


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


# --- expenses ----------------------------------------------------------------------------------------


@login_required
def expense_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() else None
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


def _add_errors(form: ExpenseForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


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
    return FileResponse(
        expense.receipt.open("rb"),
        as_attachment=True,
        filename=(expense.receipt.name or "receipt").rsplit("/", 1)[-1],
    )


# --- reports -----------------------------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    kind = request.GET.get("kind", "")
    reports = selectors.reports_for(viewer, kind=kind)
    if fmt := _fmt(request):
        headers = [_("Kind"), _("Period start"), _("Period end"), _("Status")]
        return exports.table_response(
            fmt,
            "reports",
            headers,
            ([r.get_kind_display(), r.period_start, r.period_end, r.get_status_display()] for r in reports),
        )
    return render(
        request,
        "programme/report_list.html",
        {
            "page": paginate(request, reports),
            "kind": kind,
            "kinds": ReportKind.choices,
            "can_build": rules.can_build_reports(viewer),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_build_reports(viewer))
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(viewer=viewer, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error) if hasattr(error, "error_dict") else form.add_error(None, error)  # type: ignore[arg-type]
        else:
            return redirect(report)
    return render(request, "programme/report_form.html", {"form": form})


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    report = selectors.report_for(viewer, report_id)
    context = _report_context(viewer, report, request.POST or None)
    form = context["form"]
    if request.method == "POST":
        require(context["can_build"])
        assert form is not None
        if form.is_valid():
            services.report_update(viewer=viewer, report=report, narrative=form.cleaned_data)
            messages.success(request, _("The narrative was saved. Build the report again to include it."))
            return redirect(report)
    return render(request, "programme/report_detail.html", context)


def _report_context(viewer: Viewer, report: Any, data: Any = None) -> dict[str, Any]:
    can_build = rules.can_build_reports(viewer)
    form = ReportNarrativeForm(data, instance=report) if can_build else None
    return {"report": report, "form": form, "can_build": can_build}


@login_required
def report_build(request: HttpRequest, report_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    report = selectors.report_for(viewer, report_id)
    require(rules.can_build_reports(viewer))
    if request.method == "POST":
        try:
            services.report_build(viewer=viewer, report=report)
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
        return redirect("programme:report_detail", report_id)
    return render(request, "programme/report_build.html", {"report": report})


@login_required
def report_status(request: HttpRequest, report_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    report = selectors.report_for(viewer, report_id)
    # htmx polls for the status fragment; a plain request (no JavaScript) gets the whole report page.
    template = "programme/report_detail.html#status" if request.htmx else "programme/report_detail.html"  # type: ignore[attr-defined]
    return render(request, template, _report_context(viewer, report))


@login_required
def report_download(request: HttpRequest, report_id: int, fmt: str) -> FileResponse:
    viewer = viewer_for(request)
    report = selectors.report_for(viewer, report_id)
    file = report.pdf if fmt == "pdf" else report.xlsx
    if report.status != ReportStatus.READY or not file:
        raise Http404
    name = f"{report.kind}-{report.period_end:%Y%m%d}.{fmt}"
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)


# --- IATI --------------------------------------------------------------------------------------------


@login_required
def iati_export(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_of(viewer)
    response = HttpResponse(iati.build(program), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="iati-{program.key}.xml"'
    return response


# --- meeting records (打合簿) ------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    records = selectors.meetings_for(viewer, search=search)
    sees_attendees = rules.sees_personal_data(viewer)
    if fmt := _fmt(request):
        headers = [_("Date"), _("Subject"), _("Organizations present"), _("What was agreed")]
        return exports.table_response(
            fmt,
            "meetings",
            headers,
            (
                [r.held_on, r.title, ", ".join(o.name for o in r.organizations.all()), r.decisions]
                for r in records
            ),
        )
    return render(
        request,
        "programme/meeting_list.html",
        {
            "page": paginate(request, records),
            "search": search,
            "can_record": rules.can_record_meetings(viewer),
            "sees_attendees": sees_attendees,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_record_meetings(viewer))
    return _meeting_form(request, viewer, MeetingRecord())


@login_required
def meeting_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    record = selectors.meeting_for(viewer, record_id)
    require(rules.can_record_meetings(viewer))
    return _meeting_form(request, viewer, record)


def _meeting_form(request: HttpRequest, viewer: Viewer, record: MeetingRecord) -> HttpResponse:
    assert viewer.program is not None
    form = MeetingForm(request.POST or None, instance=record, program=viewer.program)
    if request.method == "POST" and form.is_valid():
        organizations = form.cleaned_data["organizations"]
        try:
            record = services.meeting_save(
                viewer=viewer, record=form.save(commit=False), organizations=organizations
            )
        except ValidationError as error:
            _add_errors(form, error) if hasattr(error, "error_dict") else form.add_error(None, error)  # type: ignore[arg-type]
        else:
            messages.success(request, _("The meeting record was saved."))
            return redirect(record)
    return render(
        request, "programme/meeting_form.html", {"form": form, "record": record if record.pk else None}
    )


@login_required
def meeting_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    record = selectors.meeting_for(viewer, record_id)
    return render(
        request,
        "programme/meeting_detail.html",
        {
            "record": record,
            "can_record": rules.can_record_meetings(viewer),
            "sees_attendees": rules.sees_personal_data(viewer),
        },
    )


@login_required
def meeting_pdf(request: HttpRequest, record_id: int) -> HttpResponse:
    """The meeting record as a Japanese PDF; small, so built while the person waits."""
    from weasyprint import HTML

    viewer = viewer_for(request)
    record = selectors.meeting_for(viewer, record_id)
    with translation.override("ja"):
        html = render_to_string(
            "programme/pdf/meeting.html",
            {"record": record, "program": record.program, "sees_attendees": rules.sees_personal_data(viewer)},
        )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{record.held_on:%Y%m%d}-{record.pk}.pdf"'
    )
    return response
