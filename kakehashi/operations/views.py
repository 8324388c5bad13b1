from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.forms import (
    AcknowledgeForm,
    CommentForm,
    EvaluationForm,
    IncidentCloseForm,
    IncidentForm,
    ReportForm,
    ResidenceForm,
    SupportItemForm,
    TaskForm,
    TravelForm,
)
from kakehashi.operations.models import (
    SENSITIVE_FIELDS,
    CaseStage,
    CheckInStatus,
    EvaluationKind,
    InternCase,
)
from kakehashi.operations.sheet import labels as sheet_labels


def _add_errors(form: object, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, error)  # type: ignore[attr-defined]


# --- cases ---------------------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    stage = request.GET.get("stage", "")
    cases = selectors.cases_visible_to(viewer, search=search, stage=stage)
    context = {
        "page": paginate(request, cases),
        "search": search,
        "stage": stage,
        "stages": [(s.value, s.label) for s in CaseStage if s != CaseStage.CANCELLED],
        "today": timezone.localdate(),
        "can_see_board": rules.can_see_board(viewer),
        "can_see_alerts": rules.can_see_alerts(viewer),
        "can_edit_items": rules.can_edit_support_items(viewer),
    }
    template = "operations/case_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def my_case(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_list_cases(viewer))
    case = selectors.my_case(viewer)
    if case is not None:
        return redirect(case)
    return render(request, "operations/my_case.html", {})


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    today = timezone.localdate()
    tasks = selectors.tasks_of(case)
    return render(
        request,
        "operations/case_detail.html",
        {
            "case": case,
            "today": today,
            "stage": CaseStage(case.stage_on(today)).label,
            "tasks": [
                (task, rules.can_update_task(viewer, task), task.is_overdue_on(today)) for task in tasks
            ],
            "checkins": case.checkins.all()[:7],
            "alerts": case.alerts.all()[:5],
            "incidents": case.incidents.all(),
            "evaluations": case.evaluations.select_related("author"),
            "is_intern": rules.is_intern(viewer, case),
            "can_see_sensitive": rules.can_see_sensitive(viewer, case),
            "can_edit_stay": rules.can_edit_stay(viewer, case),
            "can_evaluate_intern": rules.can_evaluate(viewer, case, EvaluationKind.OF_INTERN),
            "can_evaluate_company": rules.can_evaluate(viewer, case, EvaluationKind.OF_COMPANY),
        },
    )


@login_required
def task_edit(request: HttpRequest, case_id: int, task_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    task = selectors.task_for(viewer, case, task_id)
    require(rules.can_update_task(viewer, task))
    initial = {"status": task.status, "evidence": task.evidence, "blocked_reason": task.blocked_reason}
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(viewer=viewer, task=task, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The checklist item was updated."))
            return redirect(case)
    return render(request, "operations/task_edit.html", {"case": case, "task": task, "form": form})


@login_required
def board(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    round_ref = request.GET.get("round", "")
    blocked_only = request.GET.get("blocked") == "1"
    data = selectors.board(
        viewer, round_ref=int(round_ref) if round_ref.isdigit() else None, blocked_only=blocked_only
    )
    context = {
        "page": paginate(request, data["cases"], per_page=50),
        "by_owner": data["by_owner"],
        "today": data["today"],
        "round": round_ref,
        "blocked_only": blocked_only,
    }
    return render(request, "operations/board.html", context)


@login_required
def support_item_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return render(request, "operations/support_item_list.html", {"items": selectors.support_items_of(viewer)})


@login_required
def support_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    item = selectors.support_item_for(viewer, item_id)
    form = SupportItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_item_save(viewer=viewer, item=form.instance)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The support item was saved. New cases use it from now on."))
            return redirect("operations:support_item_list")
    return render(request, "operations/support_item_edit.html", {"item": item, "form": form})


# --- status of residence, travel and stay -------------------------------------------------------------


@login_required
def residence(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    return render(
        request,
        "operations/residence.html",
        {
            "case": case,
            "stay": case.stay,
            "documents": case.residence_documents.all(),
            "can_see_sensitive": rules.can_see_sensitive(viewer, case),
            "can_edit": rules.can_edit_stay(viewer, case),
        },
    )


@login_required
def residence_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_edit_stay(viewer, case))
    stay = case.stay
    initial = {
        "route": case.route,
        "documents": [d.key for d in case.residence_documents.all() if d.done],
        "passport_expires_on": stay.passport_expires_on,
        "visa_issued_on": stay.visa_issued_on,
        "status_expires_on": stay.status_expires_on,
        "version": case.version,
    }
    form = ResidenceForm(request.POST or None, initial=initial, case=case)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.residence_update(
                viewer=viewer,
                case=case,
                expected_version=data.pop("version"),
                route=data.pop("route"),
                done_keys=data.pop("documents"),
                dates=data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The status of residence was saved."))
            return redirect("operations:residence", case.pk)
    return render(request, "operations/residence_edit.html", {"case": case, "form": form})


@login_required
def travel(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    return render(
        request,
        "operations/travel.html",
        {
            "case": case,
            "stay": case.stay,
            "housemates": selectors.housemates(viewer, case),
            "can_see_sensitive": rules.can_see_sensitive(viewer, case),
            "can_edit": rules.can_edit_stay(viewer, case),
        },
    )


@login_required
def travel_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_edit_stay(viewer, case))
    form = TravelForm(request.POST or None, instance=case.stay)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_update(
                viewer=viewer,
                case=case,
                expected_version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Travel and stay were saved."))
            return redirect("operations:travel", case.pk)
    return render(request, "operations/travel_edit.html", {"case": case, "form": form})


@login_required
def sensitive(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET explains that reading is recorded; POST reveals the sensitive fields and records the read."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_see_sensitive(viewer, case))
    values = None
    if request.method == "POST":
        values = services.sensitive_reveal(viewer=viewer, case=case)
    labels = {
        name: getattr(case.stay._meta.get_field(name), "verbose_name", name) for name in SENSITIVE_FIELDS
    }
    rows = [(labels[name], values.get(name, "")) for name in SENSITIVE_FIELDS] if values is not None else []
    return render(
        request, "operations/sensitive.html", {"case": case, "rows": rows, "revealed": values is not None}
    )


@login_required
def sheet(request: HttpRequest, case_id: int) -> HttpResponse:
    """A printable one-page sheet for the intern, in Mongolian and Japanese. Reading it is recorded."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    values = services.sensitive_reveal(
        viewer=viewer, case=case, fields=("housing_address", "emergency_contacts")
    )
    return render(
        request,
        "operations/sheet.html",
        {
            "case": case,
            "stay": case.stay,
            "secret": values,
            "tasks": selectors.tasks_of(case),
            "L": sheet_labels(),
            "route": sheet_labels()[case.route],
        },
    )


@login_required
def certificate(request: HttpRequest, case_id: int) -> HttpResponse:
    """The completion certificate as a PDF, once the internship has ended (a page says when, before)."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    if case.cancelled or case.departure_on >= timezone.localdate():
        return render(request, "operations/certificate_pending.html", {"case": case})
    from kakehashi.operations.certificate import certificate_pdf

    response = HttpResponse(certificate_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{case.pk}.pdf"'
    return response


# --- safety check-ins, alerts and incidents -----------------------------------------------------------


@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    """The intern's phone page: one tap to say they are safe."""
    viewer = viewer_for(request)
    require(rules.can_list_cases(viewer))
    case = selectors.my_case(viewer)
    today = timezone.localdate()
    if request.method == "POST":
        if case is None:
            raise Http404
        status = request.POST.get("status", CheckInStatus.OK)
        if status not in CheckInStatus.values:
            status = CheckInStatus.OK
        try:
            services.checkin_record(
                viewer=viewer, case=case, status=status, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if status == CheckInStatus.OK:
                messages.success(request, _("Thank you. Your check-in for today is recorded."))
            else:
                messages.warning(request, _("Your request for help was sent. Someone will contact you soon."))
        return redirect("operations:checkin")
    todays = case.checkins.filter(day=today).first() if case is not None else None
    return render(
        request,
        "operations/checkin.html",
        {
            "case": case,
            "today": today,
            "todays": todays,
            "in_japan": case is not None and case.is_in_japan_on(today),
            "extra_css": True,
        },
    )


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    open_only = request.GET.get("open") == "1"
    alerts = selectors.alerts_visible_to(viewer, open_only=open_only)
    return render(
        request, "operations/alert_list.html", {"page": paginate(request, alerts), "open_only": open_only}
    )


@login_required
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    alert = selectors.alert_for(viewer, alert_id)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_acknowledge(viewer=viewer, alert=alert, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The alert was acknowledged."))
        return redirect("operations:alert_list")
    return render(
        request,
        "operations/alert_acknowledge.html",
        {"alert": alert, "form": form, "notices": alert.notices.select_related("recipient")},
    )


@login_required
def incident_create(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_report_incident(viewer, case))
    form = IncidentForm(
        request.POST or None, initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_report(viewer=viewer, case=case, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The incident was recorded and the people responsible were told."))
            return redirect(incident)
    return render(request, "operations/incident_form.html", {"case": case, "form": form})


@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    incident = selectors.incident_for(viewer, incident_id)
    can_close = rules.can_close_incident(viewer, incident) and incident.closed_at is None
    return render(
        request,
        "operations/incident_detail.html",
        {
            "incident": incident,
            "notices": incident.notices.select_related("recipient"),
            "close_form": IncidentCloseForm() if can_close else None,
        },
    )


@login_required
@require_POST
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    incident = selectors.incident_for(viewer, incident_id)
    require(rules.can_close_incident(viewer, incident))
    form = IncidentCloseForm(request.POST)
    if form.is_valid():
        try:
            services.incident_close(viewer=viewer, incident=incident, closure=form.cleaned_data["closure"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The incident was closed."))
    else:
        messages.error(request, _("Say how the incident ended."))
    return redirect(incident)


# --- daily reports -------------------------------------------------------------------------------------


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
            messages.success(request, _("Your daily report was saved."))
            return redirect(report)
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


# --- evaluations ---------------------------------------------------------------------------------------


@login_required
def evaluation_edit(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    if kind not in EvaluationKind.values:
        raise Http404
    require(rules.can_evaluate(viewer, case, kind))
    existing = case.evaluations.filter(kind=kind).first()
    initial = {}
    if existing:
        initial = {
            name: getattr(existing, name)
            for name in ("skills", "attitude", "japanese", "teamwork", "overall", "comment")
        }
    form = EvaluationForm(request.POST or None, initial=initial, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_save(viewer=viewer, case=case, kind=kind, scores=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect(case)
    return render(
        request,
        "operations/evaluation_form.html",
        {"case": case, "form": form, "kind_label": EvaluationKind(kind).label},
    )


@login_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    evaluations = selectors.evaluations_visible_to(viewer)
    return render(request, "operations/evaluation_list.html", {"page": paginate(request, evaluations)})
