"""Safety: the intern's daily check-in (and 'I need help'; also without a login, by a reply to the bot or a
signed one-tap link), the alerts raised for missed check-ins and their ladder, acknowledging an alert,
and reporting and closing incidents. The people told are chosen and notified by `notices`.

The ladder of a missed check-in (its timings are the program's `SafetySettings`, minutes after the alert):
1. at once, the intern by their channels, with a one-tap link (and "reply OK" on LINE / Messenger);
2. after `responders_after`, the travel and safety officers and the city by theirs;
3. after `sms_after`, the intern and those responders by SMS;
4. after `call_list_after`, the safety officers are sent to the call list (the intern's telephone and
   emergency contacts, revealed with a record of the read);
and, as for every alert, after `escalate_after` the program office, the college and the company.
Acknowledging the alert (or the intern's check-in) stops it; each step is in the delivery log."""

import hashlib
from datetime import date, datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, User
from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer, build_viewer, require
from kakehashi.notifications import channels as channel_registry
from kakehashi.operations import rules
from kakehashi.operations.models import (
    Alert,
    AlertKind,
    CheckIn,
    CheckInLinkUse,
    CheckInStatus,
    Incident,
    InternCase,
    SafetySettings,
)
from kakehashi.operations.services.notices import (
    LEVEL_CALL_LIST,
    LEVEL_CHAIN,
    LEVEL_INTERN,
    LEVEL_RESPONDERS,
    LEVEL_SMS,
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
    idempotency_key: str = "",
) -> CheckIn:
    """One tap: today's check-in; tapping again updates it. 'I need help' raises an alert at once.

    A tap carrying an `idempotency_key` already recorded (a tap saved offline and sent again when the
    connection returned) changes nothing and answers the check-in it recorded."""
    require(rules.can_check_in(viewer, case))
    if idempotency_key:
        replayed = CheckIn.objects.filter(case=case, idempotency_key=idempotency_key).first()
        if replayed is not None:
            return replayed
    now = now or timezone.now()
    day = _local_day(now)
    if not case.is_in_japan_on(day):
        raise ValidationError(_("Check-ins start on the day of arrival and end on the day of departure."))
    defaults: dict[str, object] = {"at": now, "status": status, "note": note[:500]}
    if idempotency_key:
        defaults["idempotency_key"] = idempotency_key
    checkin, _created = CheckIn.objects.update_or_create(case=case, day=day, defaults=defaults)
    # A check-in closes the day's missed check-in alert, if one was raised.
    Alert.objects.filter(
        case=case, day=day, kind=AlertKind.MISSED_CHECKIN, acknowledged_at__isnull=True
    ).update(acknowledged_at=now, acknowledged_by=viewer.user, note=_("The intern checked in."))
    if status == CheckInStatus.NEED_HELP:
        alert, created = Alert.objects.get_or_create(
            case=case,
            kind=AlertKind.HELP_REQUESTED,
            day=day,
            defaults={"raised_at": now, "note": note[:500], "responders_at": now},
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
    raised = _raise_missed_checkin_alerts(now)
    _climb_ladder(now)
    return raised, _escalate_stale_alerts(now)


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
    interns = User.objects.in_bulk({case.intern_id for case in cases})
    raised = 0
    for start in range(0, len(cases), CHECKIN_PASS_BATCH):
        batch = cases[start : start + CHECKIN_PASS_BATCH]
        with transaction.atomic():
            made = _missed_checkin_alerts(batch, day=day, now=now)
            _tell_interns(
                [(alert, [interns[case.intern_id]]) for case, alert in made if case.intern_id in interns],
                now=now,
                level=LEVEL_INTERN,
            )
            raised += len(made)
    return raised


def _tell_interns(told: list[tuple[Alert, list[User]]], *, now: datetime, level: int) -> None:
    """Each alert's intern, with a one-tap link for the alert's day (by every channel, or by SMS only)."""
    from django.conf import settings

    site = settings.SITE_URL.rstrip("/")
    checkin_page = reverse("operations:checkin")  # once for the step, not an alert
    _notify_alerts(
        told,
        now=now,
        level=level,
        event="operations.checkin_missed_intern",
        extra_of=lambda alert: {"tap": site + checkin_link(alert.case, alert.day)},
        url_of=lambda alert: checkin_page,
        only=("sms",) if level == LEVEL_SMS else None,
    )


def _due(alerts: list[Alert], delay: str, now: datetime) -> list[Alert]:
    """The alerts whose program's `delay` (minutes after the alert) has passed."""
    settings_of = SafetySettings.of({alert.case.program_id for alert in alerts})
    return [
        alert
        for alert in alerts
        if alert.raised_at + timedelta(minutes=getattr(settings_of[alert.case.program_id], delay)) <= now
    ]


# The ladder of a day's alert stops at the next day's: an alert older than this climbs no further.
LADDER_SPAN = timedelta(hours=24)


def _climb_ladder(now: datetime) -> None:
    """The next steps of the open missed check-in alerts (each step once; safe to run often)."""
    for step, delay in (
        ("responders_at", "responders_after"),
        ("sms_at", "sms_after"),
        ("call_list_at", "call_list_after"),
    ):
        with transaction.atomic():
            waiting = list(
                Alert.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(
                    kind=AlertKind.MISSED_CHECKIN,
                    acknowledged_at__isnull=True,
                    raised_at__gte=now - LADDER_SPAN,
                    **{f"{step}__isnull": True},
                )
                .select_related("case__intern")
                .order_by("pk")
            )
            due = _due(waiting, delay, now)
            if not due:
                continue
            Alert.objects.filter(pk__in=[alert.pk for alert in due]).update(**{step: now})
            programs = {alert.case.program_id for alert in due}
            sms_off = step == "sms_at" and channel_registry.channel("sms") is None
            responders = {pk: [] for pk in programs} if sms_off else _first_responders_by_program(programs)
            safety_officers = (
                set(
                    Membership.objects.filter(
                        program_id__in=programs, role=Role.SAFETY_OFFICER, is_active=True
                    ).values_list("user_id", flat=True)
                )
                if step == "call_list_at"
                else set()
            )
            people_of = {alert.pk: responders[alert.case.program_id] for alert in due}
            if step == "responders_at":
                _notify_alerts([(a, people_of[a.pk]) for a in due], now=now, level=LEVEL_RESPONDERS)
            elif step == "sms_at":
                if sms_off:
                    continue  # SMS is switched off: the step is passed, nobody is told
                _tell_interns(
                    [(a, [a.case.intern]) for a in due if a.case.intern.phone], now=now, level=LEVEL_SMS
                )
                _notify_alerts(
                    [(a, [p for p in people_of[a.pk] if p.phone]) for a in due],
                    now=now,
                    level=LEVEL_SMS,
                    only=("sms",),
                )
            else:
                _notify_alerts(
                    [(a, [p for p in people_of[a.pk] if p.pk in safety_officers]) for a in due],
                    now=now,
                    level=LEVEL_CALL_LIST,
                    event="operations.call_list",
                    extra_of=_call_list_link,
                    url_of=_call_list_url,
                )


def _call_list_url(alert: Alert) -> str:
    return reverse("operations:call_list", args=[alert.pk])


def _call_list_link(alert: Alert) -> dict[str, str]:
    from django.conf import settings

    return {"link": settings.SITE_URL.rstrip("/") + _call_list_url(alert)}


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
    candidates = list(
        Alert.objects.filter(acknowledged_at__isnull=True, escalated_at__isnull=True, raised_at__lte=now)
        .exclude(kind=AlertKind.EMAIL_FAILED)  # about email itself: shown in the app, not emailed on
        .select_related("case")
        .only("pk", "raised_at", "case__program_id")
        .order_by("pk")
    )
    stale_ids = [alert.pk for alert in _due(candidates, "escalate_after", now)]
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
            _notify_alerts([(alert, chains[alert.case_id]) for alert in alerts], now=now, level=LEVEL_CHAIN)
            escalated += len(alerts)
    return escalated


@transaction.atomic
def safety_settings_save(*, viewer: Viewer, settings: SafetySettings) -> SafetySettings:
    """The timings of the viewer's program's ladder; each step comes after the one before it."""
    require(rules.can_edit_safety_settings(viewer) and viewer.program is not None)
    if not settings.responders_after <= settings.sms_after <= settings.call_list_after:
        raise ValidationError(
            _("Each step comes after the one before: the officers, then SMS, then the call list.")
        )
    assert viewer.program is not None
    settings.program = viewer.program
    existing = SafetySettings.objects.filter(program=viewer.program).first()
    if existing is not None:
        settings.pk = existing.pk
    settings.save()
    return settings


# --- checking in without a login ---------------------------------------------------------------------

CHECKIN_LINK_SALT = "kakehashi.operations.checkin-link"
CHECKIN_LINK_MAX_AGE = timedelta(hours=24)


def checkin_link(case: InternCase, day: date) -> str:
    """The path of a signed one-tap check-in link for this case and day: it names no person (a case
    number, the day and a nonce, signed with a timestamp), works once and for 24 hours."""
    import secrets

    token = signing.dumps(
        {"c": case.pk, "d": day.isoformat(), "n": secrets.token_hex(4)}, salt=CHECKIN_LINK_SALT
    )
    return reverse("operations:checkin_link", args=[token])


def checkin_link_case(token: str) -> InternCase | None:
    """The case a link is for, if its signature is good (expired or not): to speak the intern's language."""
    try:
        data = signing.loads(token, salt=CHECKIN_LINK_SALT)
    except signing.BadSignature:
        return None
    return InternCase.objects.select_related("intern").filter(pk=data.get("c")).first()


def checkin_by_link(token: str, *, now: datetime | None = None) -> str:
    """Record today's check-in from a one-tap link: "recorded", or why not ("invalid", "expired" (older
    than 24 hours or for another day), "used"). Only the token's hash is kept, to refuse it a second time."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=CHECKIN_LINK_SALT, max_age=CHECKIN_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "invalid"
    case = InternCase.objects.select_related("intern").filter(pk=data.get("c")).first()
    if case is None or not case.intern.is_active:
        return "invalid"
    if data.get("d") != _local_day(now).isoformat():
        return "expired"
    digest = hashlib.sha256(token.encode()).hexdigest()
    try:
        with transaction.atomic():
            CheckInLinkUse.objects.create(token_hash=digest, case=case, day=_local_day(now), used_at=now)
            checkin_without_login(case=case, now=now)
    except IntegrityError:
        return "used"
    except ValidationError:
        return "invalid"
    return "recorded"


@transaction.atomic
def checkin_without_login(*, case: InternCase, now: datetime | None = None) -> CheckIn:
    """Today's check-in for the intern of this case, who proved who they are another way (a reply from
    their linked chat account, a signed link): as if they had tapped "I am safe"."""
    viewer = build_viewer(case.intern, case.program_id)
    return checkin_record(viewer=viewer, case=case, status=CheckInStatus.OK, now=now)


def todays_case(user: User, *, now: datetime | None = None) -> InternCase | None:
    day = _local_day(now or timezone.now())
    return (
        InternCase.objects.filter(intern=user, cancelled=False, arrival_on__lte=day, departure_on__gte=day)
        .select_related("intern")
        .order_by("-arrival_on")
        .first()
    )


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
