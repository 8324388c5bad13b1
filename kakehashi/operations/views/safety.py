"""Safety: the intern's one-tap daily check-in, the alerts and their acknowledgement, and incidents
(reporting, reading and closing them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.forms import AcknowledgeForm, IncidentCloseForm, IncidentForm, SafetySettingsForm
from kakehashi.operations.models import CheckInStatus, SafetySettings
from kakehashi.operations.views._common import _add_errors, from_outbox, idempotency_key, outbox_answer


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
                viewer=viewer,
                case=case,
                status=status,
                note=request.POST.get("note", ""),
                idempotency_key=idempotency_key(request),
            )
        except ValidationError as error:
            if from_outbox(request):
                return outbox_answer(ok=False, errors=error.messages)
            messages.error(request, " ".join(error.messages))
        else:
            if from_outbox(request):
                return outbox_answer(ok=True)
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
        request,
        "operations/alert_list.html",
        {
            "page": paginate(request, alerts),
            "open_only": open_only,
            "can_call": rules.can_open_call_lists(viewer),
            "can_edit_timings": rules.can_edit_safety_settings(viewer),
        },
    )


@login_required
def safety_settings(request: HttpRequest) -> HttpResponse:
    """The program's timings of the missed check-in ladder (the program manager)."""
    viewer = viewer_for(request)
    require(rules.can_edit_safety_settings(viewer) and viewer.program is not None)
    assert viewer.program is not None
    current = SafetySettings.of({viewer.program.pk})[viewer.program.pk]
    form = SafetySettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_settings_save(viewer=viewer, settings=form.instance)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The safety timings were saved."))
            return redirect("operations:safety_settings")
    return render(request, "operations/safety_settings.html", {"form": form})


@login_required
def call_list(request: HttpRequest, alert_id: int) -> HttpResponse:
    """The last step of a missed check-in's ladder: whom to call. The intern's telephone and emergency
    contacts are shown on a POST, and each read is recorded (kakehashi.privacy)."""
    from kakehashi.notifications.models import Delivery

    viewer = viewer_for(request)
    alert = selectors.alert_for(viewer, alert_id)
    require(rules.can_use_call_list(viewer, alert))
    contacts = None
    if request.method == "POST":
        case = alert.case
        if hasattr(case, "stay"):
            contacts = services.sensitive_reveal(viewer=viewer, case=case, fields=("emergency_contacts",))
        else:
            contacts = {"emergency_contacts": ""}
    steps = (
        Delivery.objects.filter(about__startswith=f"alert:{alert.pk}:")
        .exclude(channel="inapp")
        .select_related("recipient")
        .order_by("queued_at", "pk")[:200]
    )
    return render(
        request,
        "operations/call_list.html",
        {
            "alert": alert,
            "contacts": contacts,
            "phone": alert.case.intern.phone if contacts is not None else "",
            "steps": steps,
        },
    )


@csrf_exempt  # the signed, single-use token is the authority; no session is used
def checkin_link(request: HttpRequest, token: str) -> HttpResponse:
    """A one-tap check-in without a login, in the intern's language. GET shows one button (a chat app's
    link preview must not check anyone in); POST records it. Always answers 200, so that no error log
    writes the path (the token)."""
    case = services.checkin_link_case(token)
    language = case.intern.preferred_language if case is not None else None
    result = ""
    if request.method == "POST":
        result = services.checkin_by_link(token)
    with translation.override(language or translation.get_language()):
        response = render(
            request,
            "operations/checkin_link.html",
            {"result": result, "known": case is not None, "extra_css": True},
        )
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


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
