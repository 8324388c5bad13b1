"""Every change to an intern's case goes through here."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.core.locking import save_with_version
from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import (
    SENSITIVE_FIELDS,
    Alert,
    AlertKind,
    CheckIn,
    CheckInStatus,
    DailyReport,
    Evaluation,
    EvaluationKind,
    Incident,
    InternCase,
    Notice,
    ReportComment,
    ResidenceDocument,
    StayRecord,
    SupportAnchor,
    SupportItem,
    SupportTask,
    TaskStatus,
    route_for,
)
from kakehashi.operations.residence import DOCUMENTS_BY_ROUTE

REFERENCE = Path(__file__).parent / "reference" / "support_items.yaml"
# An alert nobody acknowledged after this long goes up to the program office, the college and the company.
ESCALATE_AFTER = timedelta(minutes=60)


# --- the checklist -------------------------------------------------------------------------------------


def reference_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    return items


def support_items_ensure(program: Program) -> list[SupportItem]:
    """The program's checklist, copied from the reference the first time it is needed."""
    items = list(SupportItem.objects.filter(program=program))
    if not items:
        items = SupportItem.objects.bulk_create(
            SupportItem(
                program=program,
                key=entry["key"],
                title_ja=entry.get("ja", ""),
                title_en=entry["en"],
                title_mn=entry.get("mn", ""),
                owner_kind=entry["who"],
                due_days=entry.get("due") or 0,
                anchor=entry.get("anchor", SupportAnchor.ARRIVAL),
                position=position,
            )
            for position, entry in enumerate(reference_items(), start=1)
        )
    return [item for item in items if item.is_active]


def _owners_by_kind(program: Program) -> dict[str, Organization]:
    """The organization of each kind taking part in the program (the first one, for singular kinds)."""
    owners: dict[str, Organization] = {}
    for org in Organization.objects.filter(participations__program=program).order_by("pk"):
        owners.setdefault(org.kind, org)
    return owners


def _owner_for(kind: str, case: InternCase, owners: dict[str, Organization]) -> Organization | None:
    if kind == OrganizationKind.HOST_COMPANY:
        return case.host
    if kind == OrganizationKind.PARTNER_COLLEGE:
        return case.college
    return owners.get(kind)


def _due_on(item: SupportItem, case: InternCase) -> date:
    anchor = case.departure_on if item.anchor == SupportAnchor.DEPARTURE else case.arrival_on
    return anchor + timedelta(days=item.due_days)


def _college_of(intern: User, program: Program) -> Organization | None:
    membership = (
        Membership.objects.filter(user=intern, program=program, role=Role.STUDENT, is_active=True)
        .select_related("organization")
        .first()
    ) or Membership.objects.filter(user=intern, role=Role.STUDENT).select_related("organization").first()
    return membership.organization if membership else None


@transaction.atomic
def case_open(
    *,
    intern: User,
    host: Organization,
    program: Program,
    arrival_on: date,
    departure_on: date,
    paid: bool,
    placement_ref: int | None = None,
    college: Organization | None = None,
    round_ref: int | None = None,
    round_label: str = "",
) -> InternCase:
    """Open the case of an accepted intern (called by the internships app's placement_accepted signal).

    Idempotent: a placement opens one case; without a placement, one case per intern, program and arrival.
    """
    if departure_on < arrival_on:
        raise ValidationError(_("The departure cannot be before the arrival."))
    if placement_ref is not None:
        existing = InternCase.objects.filter(placement_ref=placement_ref).first()
    else:
        existing = InternCase.objects.filter(
            intern=intern, program=program, arrival_on=arrival_on, host=host
        ).first()
    if existing is not None:
        return existing
    case = InternCase.objects.create(
        program=program,
        intern=intern,
        college=college or _college_of(intern, program),
        host=host,
        arrival_on=arrival_on,
        departure_on=departure_on,
        paid=paid,
        route=route_for(paid=paid, arrival_on=arrival_on, departure_on=departure_on),
        placement_ref=placement_ref,
        round_ref=round_ref,
        round_label=round_label,
    )
    owners = _owners_by_kind(program)
    SupportTask.objects.bulk_create(
        SupportTask(
            case=case, item=item, owner=_owner_for(item.owner_kind, case, owners), due_on=_due_on(item, case)
        )
        for item in support_items_ensure(program)
    )
    _residence_documents_reset(case)
    StayRecord.objects.create(
        case=case,
        insurance_from=arrival_on,
        insurance_to=departure_on,
        housing_from=arrival_on,
        housing_to=departure_on,
    )
    return case


def _residence_documents_reset(case: InternCase) -> None:
    keys = DOCUMENTS_BY_ROUTE[case.route]
    case.residence_documents.exclude(key__in=keys).delete()
    existing = {document.key: document for document in case.residence_documents.all()}
    missing = []
    for position, key in enumerate(keys, start=1):
        if key not in existing:
            missing.append(ResidenceDocument(case=case, key=key, position=position))
        elif existing[key].position != position:
            existing[key].position = position
            existing[key].save(update_fields=["position"])
    ResidenceDocument.objects.bulk_create(missing)


@transaction.atomic
def support_item_save(*, viewer: Viewer, item: SupportItem) -> SupportItem:
    require(rules.can_edit_support_items(viewer))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def task_update(
    *, viewer: Viewer, task: SupportTask, status: str, evidence: str = "", blocked_reason: str = ""
) -> SupportTask:
    require(rules.can_update_task(viewer, task))
    if status == TaskStatus.BLOCKED and not blocked_reason.strip():
        raise ValidationError({"blocked_reason": _("Say what blocks this item, so that someone can help.")})
    if status == TaskStatus.DONE and not (evidence.strip() or task.evidence):
        raise ValidationError({"evidence": _("Record the evidence that this item is done.")})
    task.status = status
    task.evidence = evidence
    task.blocked_reason = blocked_reason if status == TaskStatus.BLOCKED else ""
    task.done_at = timezone.now() if status == TaskStatus.DONE else None
    task.updated_by = viewer.user
    task.save()
    return task


# --- status of residence, travel and stay -------------------------------------------------------------


def _require_intern_consent(case: InternCase) -> None:
    """Sensitive data of an intern (identity documents, address, health, emergency contacts) is stored only
    with the intern's consent to the current sensitive-data text; the office is told what to ask for."""
    from kakehashi.privacy.models import ConsentKind
    from kakehashi.privacy.services import has_consent

    if not has_consent(case.intern, ConsentKind.SENSITIVE_DATA):
        raise ValidationError(
            _(
                "%(name)s has not consented to the storage of sensitive personal data (identity documents, "
                "address, health, emergency contacts). Nothing was saved. Ask them to give their consent on "
                "their privacy page, or save the form without the sensitive fields."
            )
            % {"name": case.intern.display_name},
            code="consent",
        )


def _case_claim(case: InternCase, expected_version: int) -> None:
    """Take the case's next version, if nobody saved it since `expected_version` (optimistic locking).

    Every change to a case, its residence documents or its travel-and-stay record goes through here
    first, so that of two edits made from the same version exactly one wins; the other gets a
    ValidationError (code "stale") asking to reload, and its transaction changes nothing.
    """
    save_with_version(case, expected_version, fields=["updated_at"])


@transaction.atomic
def residence_update(
    *,
    viewer: Viewer,
    case: InternCase,
    expected_version: int,
    route: str,
    done_keys: Iterable[str],
    dates: dict[str, Any],
) -> InternCase:
    require(rules.can_edit_stay(viewer, case))
    if dates.get("passport_number") or dates.get("residence_card_number"):
        _require_intern_consent(case)
    _case_claim(case, expected_version)
    if route != case.route:
        case.route = route
        case.save(update_fields=["route"])  # save(), not update(): the audit log records the change
        _residence_documents_reset(case)
    done = set(done_keys)
    today = timezone.localdate()
    for document in case.residence_documents.all():
        is_done = document.key in done
        if is_done != document.done:
            document.done = is_done
            document.done_on = today if is_done else None
            document.save(update_fields=["done", "done_on"])
    stay = case.stay
    for name in ("passport_expires_on", "visa_issued_on", "status_expires_on"):
        setattr(stay, name, dates.get(name))
    for name in ("passport_number", "residence_card_number"):
        if dates.get(name):  # blank keeps what is recorded: the form never shows it
            setattr(stay, name, dates[name].strip())
    stay.save()
    return case


TRAVEL_FIELDS = (
    "outbound_flight",
    "outbound_at",
    "return_flight",
    "return_at",
    "itinerary",
    "insurance_provider",
    "insurance_policy",
    "insurance_from",
    "insurance_to",
    "housing_name",
    "housing_provider",
    "housing_from",
    "housing_to",
)
SECRET_TRAVEL_FIELDS = ("housing_address", "emergency_contacts", "health_notes")


@transaction.atomic
def stay_update(
    *, viewer: Viewer, case: InternCase, expected_version: int, data: dict[str, Any]
) -> StayRecord:
    require(rules.can_edit_stay(viewer, case))
    stay = case.stay
    for name in TRAVEL_FIELDS:
        if name in data:
            setattr(stay, name, data[name])
    for name in SECRET_TRAVEL_FIELDS:
        if data.get(name):  # blank keeps what is recorded
            _require_intern_consent(case)
            setattr(stay, name, data[name].strip())
    stay.full_clean()
    _case_claim(case, expected_version)
    stay.save()
    return stay


def sensitive_reveal(
    *, viewer: Viewer, case: InternCase, fields: Iterable[str] = SENSITIVE_FIELDS
) -> dict[str, str]:
    """The decrypted sensitive fields of a case, for someone allowed to read them. Each field read is
    recorded by kakehashi.privacy (SensitiveRead: reader, intern, record, field, time)."""
    from kakehashi.privacy.services import reveal

    require(rules.can_see_sensitive(viewer, case))
    stay = case.stay
    return {name: reveal(viewer, stay, name) for name in fields if name in SENSITIVE_FIELDS}


# --- safety check-ins, alerts and incidents -----------------------------------------------------------


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


def _members(
    program_id: int, roles: Iterable[str], organization_ids: Iterable[int] | None = None
) -> list[User]:
    memberships = Membership.objects.filter(program_id=program_id, role__in=list(roles), is_active=True)
    if organization_ids is not None:
        memberships = memberships.filter(organization_id__in=list(organization_ids))
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).order_by("pk"))


def _first_responders(case: InternCase) -> list[User]:
    """The travel and safety officers and the city officers of the program."""
    return _members(case.program_id, [Role.SAFETY_OFFICER, Role.CITY_OFFICER])


def _escalation_chain(case: InternCase) -> list[User]:
    """The program managers, the intern's college teachers and the host company's administrators."""
    people = _members(case.program_id, [Role.PROGRAM_MANAGER])
    if case.college_id:
        people += _members(case.program_id, [Role.PARTNER_TEACHER], [case.college_id])
    people += _members(case.program_id, [Role.COMPANY_ADMIN], [case.host_id])
    seen: set[int] = set()
    return [p for p in people if not (p.pk in seen or seen.add(p.pk))]  # type: ignore[func-returns-value]


def _notify(
    people: Iterable[User],
    *,
    now: datetime,
    alert: Alert | None = None,
    incident: Incident | None = None,
    level: int = 0,
) -> list[Notice]:
    notices = Notice.objects.bulk_create(
        Notice(recipient=person, alert=alert, incident=incident, level=level, sent_at=now)
        for person in people
    )
    ids = [notice.pk for notice in notices]

    def enqueue() -> None:
        from kakehashi.operations.tasks import send_notice_email

        for notice_id in ids:
            send_notice_email.enqueue(notice_id)

    transaction.on_commit(enqueue)
    return notices


def notice_send(*, notice_id: int) -> bool:
    """Email one notice in the recipient's language; returns False if it was already emailed."""
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    notice = (
        Notice.objects.select_related("recipient", "alert__case__intern", "incident__case__intern")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.emailed_at is not None:
        return False
    from django.conf import settings

    with translation.override(notice.recipient.preferred_language):
        if notice.alert is not None:
            case = notice.alert.case
            url = settings.SITE_URL.rstrip("/") + reverse("operations:alert_list")
            if notice.alert.kind == AlertKind.MISSED_CHECKIN:
                subject = _("Kakehashi: %(intern)s has not checked in today") % {"intern": case.intern}
            else:
                subject = _("Kakehashi: %(intern)s asks for help") % {"intern": case.intern}
            if notice.level:
                subject = _("Escalated: %(subject)s") % {"subject": subject}
            body = _(
                "Nobody has acknowledged this alert yet. Open it, contact the intern and acknowledge it: %(url)s"
            ) % {"url": url}
        elif notice.incident is not None:
            case = notice.incident.case
            url = settings.SITE_URL.rstrip("/") + notice.incident.get_absolute_url()
            subject = _("Kakehashi: an incident was reported for %(intern)s (%(severity)s)") % {
                "intern": case.intern,
                "severity": notice.incident.get_severity_display(),
            }
            body = _("Read what happened and what was done: %(url)s") % {"url": url}
        else:
            return False
    send_mail(subject, body, None, [notice.recipient.email])
    notice.emailed_at = timezone.now()
    notice.save(update_fields=["emailed_at"])
    return True


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
    stale = Alert.objects.filter(
        acknowledged_at__isnull=True, escalated_at__isnull=True, raised_at__lte=now - ESCALATE_AFTER
    ).select_related("case")
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


# --- daily reports and evaluations ---------------------------------------------------------------------


@transaction.atomic
def report_save(*, viewer: Viewer, case: InternCase, day: date, language: str, body: str) -> DailyReport:
    require(rules.can_write_report(viewer, case))
    if not case.arrival_on <= day <= case.departure_on:
        raise ValidationError({"day": _("Choose a day of the internship.")})
    if day > timezone.localdate():
        raise ValidationError({"day": _("A daily report cannot be written for a day still to come.")})
    if not body.strip():
        raise ValidationError({"body": _("Write what you did and learned today.")})
    report, _created = DailyReport.objects.update_or_create(
        case=case, day=day, defaults={"language": language, "body": body}
    )
    return report


@transaction.atomic
def report_comment(*, viewer: Viewer, report: DailyReport, body: str) -> ReportComment:
    require(rules.can_comment_report(viewer, report.case))
    if not body.strip():
        raise ValidationError({"body": _("Write a comment first.")})
    return ReportComment.objects.create(report=report, author=viewer.user, body=body)


RUBRIC = ("skills", "attitude", "japanese", "teamwork")


@transaction.atomic
def evaluation_save(*, viewer: Viewer, case: InternCase, kind: str, scores: dict[str, Any]) -> Evaluation:
    require(rules.can_evaluate(viewer, case, kind))
    values = {"overall": scores.get("overall"), "comment": scores.get("comment", "")}
    if kind == EvaluationKind.OF_INTERN:
        missing = [name for name in RUBRIC if not scores.get(name)]
        if missing:
            raise ValidationError(_("Give a score for every line of the rubric."))
        values.update({name: scores[name] for name in RUBRIC})
    if not values["overall"]:
        raise ValidationError({"overall": _("Give an overall score.")})
    evaluation, _created = Evaluation.objects.update_or_create(
        case=case, kind=kind, defaults={**values, "author": viewer.user}
    )
    return evaluation
