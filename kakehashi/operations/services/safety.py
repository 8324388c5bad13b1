"""Safety: the intern's daily check-in (and 'I need help'), the alerts raised for missed check-ins and
their escalation when nobody acknowledges them in time, acknowledging an alert, and reporting and
closing incidents. The people told are chosen and notified by `notices`."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import Alert, AlertKind, CheckIn, CheckInStatus, Incident, InternCase
from kakehashi.operations.services.notices import _escalation_chain, _first_responders, _notify

# An alert nobody acknowledged after this long goes up to the program office, the college and the company.
ESCALATE_AFTER = timedelta(minutes=60)


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


@transaction.atomic
def checkin_record(
    *,
    viewer: Viewer,
    case: InternCase,
    status: str = CheckInStatus.OK,
    note: str = "",
    now: datetime | None = None,
) -> CheckIn:
    """One tap: today's check-in; tapping again updates it. 'I need help' raises an alert at once."""
    require(rules.can_check_in(viewer, case))
    now = now or timezone.now()
    day = _local_day(now)
    if not case.is_in_japan_on(day):
        raise ValidationError(_("Check-ins start on the day of arrival and end on the day of departure."))
    checkin, _created = CheckIn.objects.update_or_create(
        case=case, day=day, defaults={"at": now, "status": status, "note": note[:500]}
    )
    # A check-in closes the day's missed check-in alert, if one was raised.
    Alert.objects.filter(
        case=case, day=day, kind=AlertKind.MISSED_CHECKIN, acknowledged_at__isnull=True
    ).update(acknowledged_at=now, acknowledged_by=viewer.user, note=_("The intern checked in."))
    if status == CheckInStatus.NEED_HELP:
        alert, created = Alert.objects.get_or_create(
            case=case, kind=AlertKind.HELP_REQUESTED, day=day, defaults={"raised_at": now, "note": note[:500]}
        )
        if created:
            _notify(_first_responders(case), now=now, alert=alert)
    return checkin


@transaction.atomic
def check_missed_checkins(*, now: datetime | None = None) -> tuple[int, int]:
    """Raise an alert for each intern in Japan whose check-in deadline has passed without a check-in,
    then escalate the alerts nobody acknowledged in time. Returns (raised, escalated). Safe to run often."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    day = local.date()
    raised = 0
    cases = (
        InternCase.objects.filter(
            cancelled=False, arrival_on__lte=day, departure_on__gte=day, checkin_deadline__lte=local.time()
        )
        .exclude(checkins__day=day)
        .exclude(pk__in=Alert.objects.filter(day=day, kind=AlertKind.MISSED_CHECKIN).values("case_id"))
        .select_related("intern")
    )
    responders: dict[int, list[User]] = {}  # the same people for every case of a program
    for case in cases:
        alert, created = Alert.objects.get_or_create(
            case=case, kind=AlertKind.MISSED_CHECKIN, day=day, defaults={"raised_at": now}
        )
        if created:
            raised += 1
            if case.program_id not in responders:
                responders[case.program_id] = _first_responders(case)
            _notify(responders[case.program_id], now=now, alert=alert)
    escalated = 0
    stale = (
        Alert.objects.filter(
            acknowledged_at__isnull=True, escalated_at__isnull=True, raised_at__lte=now - ESCALATE_AFTER
        )
        .exclude(kind=AlertKind.EMAIL_FAILED)  # about email itself: shown in the app, not emailed on
        .select_related("case")
    )
    for alert in stale:
        alert.escalated_at = now
        alert.save(update_fields=["escalated_at"])
        _notify(_escalation_chain(alert.case), now=now, alert=alert, level=1)
        escalated += 1
    return raised, escalated


@transaction.atomic
def alert_acknowledge(*, viewer: Viewer, alert: Alert, note: str = "") -> Alert:
    require(rules.can_acknowledge(viewer, alert))
    if alert.acknowledged_at is not None:
        raise ValidationError(_("This alert was already acknowledged."))
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = viewer.user
    alert.note = note[:500]
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    return alert


@transaction.atomic
def incident_report(
    *,
    viewer: Viewer,
    case: InternCase,
    severity: str,
    occurred_at: datetime,
    what_happened: str,
    actions: str = "",
) -> Incident:
    """Record an incident and tell the chain: first responders, then the program office, the college and
    the company. Each person told is recorded."""
    require(rules.can_report_incident(viewer, case))
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("An incident cannot happen in the future.")})
    incident = Incident.objects.create(
        case=case,
        severity=severity,
        occurred_at=occurred_at,
        what_happened=what_happened,
        actions=actions,
        reported_by=viewer.user,
    )
    now = timezone.now()
    _notify([p for p in _first_responders(case) if p.pk != viewer.user.pk], now=now, incident=incident)
    _notify(
        [p for p in _escalation_chain(case) if p.pk != viewer.user.pk], now=now, incident=incident, level=1
    )
    return incident


@transaction.atomic
def incident_close(*, viewer: Viewer, incident: Incident, closure: str, actions: str = "") -> Incident:
    require(rules.can_close_incident(viewer, incident))
    if incident.closed_at is not None:
        raise ValidationError(_("This incident is already closed."))
    if not closure.strip():
        raise ValidationError({"closure": _("Say how the incident ended.")})
    incident.closure = closure
    if actions:
        incident.actions = actions
    incident.closed_at = timezone.now()
    incident.save()
    return incident
