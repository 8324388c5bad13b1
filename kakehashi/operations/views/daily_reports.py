"""Daily reports: a week of an intern's reports, writing the report of a day, and reading one report
with its comments (and commenting on it)."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import require, viewer_for
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.forms import CommentForm, ReportForm
from kakehashi.operations.models import InternCase
from kakehashi.operations.views._common import _add_errors, from_outbox, outbox_answer


def _week_start(request: HttpRequest, case: InternCase) -> date:
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        today = timezone.localdate()
        day = min(max(today, case.arrival_on), case.departure_on)
    return selectors.week_of(day)[0]


@login_required
def report_week(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(
        rules.can_read_diary(viewer, case),
        _("Daily reports are read by the intern's host, college, safety officer and program office."),
    )
    start = _week_start(request, case)
    return render(
        request,
        "operations/report_week.html",
        {
            "case": case,
            "days": selectors.reports_of_week(case, start),
            "week_start": start,
            "previous": start - timedelta(days=7),
            "next": start + timedelta(days=7),
            "can_write": rules.can_write_report(viewer, case),
            "can_read_diary": True,
            "today": timezone.localdate(),
        },
    )


@login_required
def report_write(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_write_report(viewer, case))
    today = timezone.localdate()
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    existing = case.reports.filter(day=day).first()
    initial = {"day": day, "language": existing.language if existing else viewer.user.preferred_language}
    if existing:
        initial["body"] = existing.body
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save(viewer=viewer, case=case, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if from_outbox(request):
                return outbox_answer(ok=True)
            messages.success(request, _("Your daily report was saved."))
            return redirect(report)
    if request.method == "POST" and from_outbox(request):
        return outbox_answer(ok=False, errors=[str(e) for errors in form.errors.values() for e in errors])
    return render(request, "operations/report_form.html", {"case": case, "form": form})


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    report = selectors.report_for(viewer, report_id)
    can_comment = rules.can_comment_report(viewer, report.case)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        require(can_comment)
        if form.is_valid():
            try:
                services.report_comment(viewer=viewer, report=report, body=form.cleaned_data["body"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(report)
    return render(
        request,
        "operations/report_detail.html",
        {
            "report": report,
            "case": report.case,
            "comments": report.comments.select_related("author"),
            "form": form if can_comment else None,
        },
    )
