"""Safety: the intern's daily check-in (and 'I need help'), the alerts raised for missed check-ins and
their escalation when nobody acknowledges them in time, acknowledging an alert, and reporting and
closing incidents. The people told are chosen and notified by `notices`."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import Alert, AlertKind, CheckIn, CheckInStatus, Incident, InternCase
from kakehashi.operations.services.notices import (
    _escalation_chain,
    _escalation_chains,
    _first_responders,
    _first_responders_by_program,
    _notify,
    _notify_alerts,
)

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


# The missed check-in pass commits this many cases' alerts (and their notices) at a time: a thousand
# interns are not one long transaction holding locks, and a failure keeps the batches already committed
# (the pass is safe to run again: a case with today's alert is skipped, an escalated alert is not redone).
CHECKIN_PASS_BATCH = 200


def check_missed_checkins(*, now: datetime | None = None) -> tuple[int, int]:
    """Raise an alert for each intern in Japan whose check-in deadline has passed without a check-in,
    then escalate the alerts nobody acknowledged in time. Returns (raised, escalated). Safe to run often.

    The people told are looked up once per program (first responders) and once per program, college and
    host (escalation chains) for the whole pass, not per alert."""
    now = now or timezone.now()
    return _raise_missed_checkin_alerts(now), _escalate_stale_alerts(now)


def _raise_missed_checkin_alerts(now: datetime) -> int:
    local = timezone.localtime(now)
    day = local.date()
    cases = list(
        InternCase.objects.filter(
            cancelled=False, arrival_on__lte=day, departure_on__gte=day, checkin_deadline__lte=local.time()
        )
        .exclude(checkins__day=day)
        .exclude(pk__in=Alert.objects.filter(day=day, kind=AlertKind.MISSED_CHECKIN).values("case_id"))
        .only("pk", "program_id", "intern_id")
        .order_by("pk")
    )
    responders = _first_responders_by_program({case.program_id for case in cases})
    raised = 0
    for start in range(0, len(cases), CHECKIN_PASS_BATCH):
        batch = cases[start : start + CHECKIN_PASS_BATCH]
        with transaction.atomic():
            made = _missed_checkin_alerts(batch, day=day, now=now)
            _notify_alerts([(alert, responders[case.program_id]) for case, alert in made], now=now)
            raised += len(made)
    return raised


def _missed_checkin_alerts(
    cases: list[InternCase], *, day: date, now: datetime
) -> list[tuple[InternCase, Alert]]:
    """Today's missed check-in alert of each case, made in one insert; the (case, alert) pairs made."""
    try:
        with transaction.atomic():
            alerts = Alert.objects.bulk_create(
                Alert(case=case, kind=AlertKind.MISSED_CHECKIN, day=day, raised_at=now) for case in cases
            )
        return list(zip(cases, alerts, strict=True))
    except IntegrityError:
        # A pass running at the same moment raised some of them: make the others one by one.
        made = []
        for case in cases:
            alert, created = Alert.objects.get_or_create(
                case=case, kind=AlertKind.MISSED_CHECKIN, day=day, defaults={"raised_at": now}
            )
            if created:
                made.append((case, alert))
        return made


def _escalate_stale_alerts(now: datetime) -> int:
    stale_ids = list(
        Alert.objects.filter(
            acknowledged_at__isnull=True, escalated_at__isnull=True, raised_at__lte=now - ESCALATE_AFTER
        )
        .exclude(kind=AlertKind.EMAIL_FAILED)  # about email itself: shown in the app, not emailed on
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    escalated = 0
    for start in range(0, len(stale_ids), CHECKIN_PASS_BATCH):
        with transaction.atomic():
            alerts = list(
                Alert.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(pk__in=stale_ids[start : start + CHECKIN_PASS_BATCH], escalated_at__isnull=True)
                .select_related("case")
                .order_by("pk")
            )
            if not alerts:
                continue
            Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(escalated_at=now)
            chains = _escalation_chains(alert.case for alert in alerts)
            for alert in alerts:
                alert.escalated_at = now
            _notify_alerts([(alert, chains[alert.case_id]) for alert in alerts], now=now, level=1)
            escalated += len(alerts)
    return escalated


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
