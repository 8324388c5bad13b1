"""Work, expenditure and completion reports: the list (also as CSV or Excel), a new report, its
narrative, building it in the background (with an htmx status fragment to poll), and downloading the
built PDF or Excel file.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.downloads import file_download
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.programme import exports, rules, selectors, services
from kakehashi.programme.forms import ReportCreateForm, ReportNarrativeForm
from kakehashi.programme.models import ReportKind, ReportStatus
from kakehashi.programme.report_layouts import sections_of
from kakehashi.programme.views._common import _add_errors, _error_messages, _fmt


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
            title=_("Reports"),
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
    return {"report": report, "form": form, "can_build": can_build, "sections": sections_of(report)}


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
def report_download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponseBase:
    viewer = viewer_for(request)
    report = selectors.report_for(viewer, report_id)
    file = report.pdf if fmt == "pdf" else report.xlsx
    if report.status != ReportStatus.READY or not file:
        raise Http404
    name = f"{report.kind}-{report.period_end:%Y%m%d}.{fmt}"
    return file_download(file, filename=name)
