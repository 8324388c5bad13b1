"""Who is told about an alert or an incident, and how: the first responders and the escalation chain of
a case, the notices recorded for each person told (emailed after the transaction commits), and the
sending of one notice by email in the recipient's language."""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, User
from kakehashi.accounts.roles import Role
from kakehashi.core import background
from kakehashi.core.validators import single_line
from kakehashi.operations.models import Alert, AlertKind, Incident, InternCase, Notice

# Tries of one notice's email before it counts as failed (a dropped SMTP connection is often transient).
NOTICE_SEND_ATTEMPTS = 3


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


def _first_responders_by_program(program_ids: Iterable[int]) -> dict[int, list[User]]:
    """`_first_responders` of every program at once: one query, whatever the number of cases."""
    wanted = set(program_ids)
    found: dict[int, list[User]] = {program_id: [] for program_id in wanted}
    for program_id, user in _members_by_group(
        Membership.objects.filter(program_id__in=wanted, role__in=[Role.SAFETY_OFFICER, Role.CITY_OFFICER]),
        key=lambda m: m.program_id,
    ):
        found[program_id].append(user)
    return found


def _escalation_chain(case: InternCase) -> list[User]:
    """The program managers, the intern's college teachers and the host company's administrators."""
    return _escalation_chains([case])[case.pk]


def _escalation_chains(cases: Iterable[InternCase]) -> dict[int, list[User]]:
    """`_escalation_chain` of each case, by case id: one query for every program, college and host of the
    cases (not three per case), each chain assembled from the groups it shares with the others."""
    cases = list(cases)
    program_ids = {case.program_id for case in cases}
    college_ids = {case.college_id for case in cases if case.college_id}
    host_ids = {case.host_id for case in cases}
    memberships = Membership.objects.filter(program_id__in=program_ids).filter(
        Q(role=Role.PROGRAM_MANAGER)
        | Q(role=Role.PARTNER_TEACHER, organization_id__in=college_ids)
        | Q(role=Role.COMPANY_ADMIN, organization_id__in=host_ids)
    )
    groups: dict[tuple[int, str, int | None], list[User]] = {}
    for (program_id, role, organization_id), user in _members_by_group(
        memberships,
        key=lambda m: (m.program_id, m.role, None if m.role == Role.PROGRAM_MANAGER else m.organization_id),
    ):
        groups.setdefault((program_id, role, organization_id), []).append(user)
    chains: dict[int, list[User]] = {}
    for case in cases:
        people = list(groups.get((case.program_id, Role.PROGRAM_MANAGER, None), []))
        if case.college_id:
            people += groups.get((case.program_id, Role.PARTNER_TEACHER, case.college_id), [])
        people += groups.get((case.program_id, Role.COMPANY_ADMIN, case.host_id), [])
        seen: set[int] = set()
        chains[case.pk] = [p for p in people if not (p.pk in seen or seen.add(p.pk))]  # type: ignore[func-returns-value]
    return chains


def _members_by_group[K](
    memberships: "QuerySet[Membership]", *, key: Callable[[Membership], K]
) -> list[tuple[K, User]]:
    """(group, person) for the active people of these active memberships, each person once per group,
    in the order of their id within a group (as `_members` gives them)."""
    rows = memberships.filter(is_active=True, user__is_active=True).select_related("user").order_by("user_id")
    seen: set[tuple[K, int]] = set()
    result: list[tuple[K, User]] = []
    for membership in rows:
        group = key(membership)
        if (group, membership.user_id) in seen:
            continue
        seen.add((group, membership.user_id))
        result.append((group, membership.user))
    return result


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
    # A header cannot hold a line break: a name stored before names were checked must not stop the email.
    subject = single_line(subject)
    failure: Exception | None = None
    for _attempt in range(NOTICE_SEND_ATTEMPTS):
        try:
            # A retried task (its worker died) does not send what this task already sent.
            sent = background.send_once(
                f"notice:{notice.pk}:{notice.recipient.email}",
                lambda: send_mail(subject, body, None, [notice.recipient.email]),
            )
        except Exception as error:  # any failure of the mailer means the same here: try again, then tell
            failure = error
        else:
            if sent is None:
                return False
            notice.emailed_at = timezone.now()
            notice.save(update_fields=["emailed_at"])
            return True
    assert failure is not None
    notice_failed(notice=notice, case=case, error=failure)
    return False


@transaction.atomic
def notice_failed(*, notice: Notice, case: InternCase, error: Exception) -> Alert:
    """Record that a safety email could not be sent, and make it visible in the app: an alert on the case
    (the safety officers' alert list and the case page) and a notification to the platform administrators.
    One alert a case and day, however many emails failed; nothing here is emailed."""
    from django.urls import reverse
    from django.utils import translation

    from kakehashi.internships.models import Notification

    now = timezone.now()
    notice.failed_at = now
    notice.failure = f"{type(error).__name__}: {error}"[:300]
    notice.save(update_fields=["failed_at", "failure"])
    alert, created = Alert.objects.select_for_update().get_or_create(
        case=case, kind=AlertKind.EMAIL_FAILED, day=timezone.localdate(now), defaults={"raised_at": now}
    )
    # The note names who was not told, so an officer can reach them another way.
    who = notice.recipient.display_name
    if who not in alert.note:
        alert.note = (f"{alert.note}, {who}" if alert.note else who)[:500]
        alert.save(update_fields=["note"])
    if created:
        url = reverse("operations:alert_list")
        notifications = []
        for admin in User.objects.filter(is_superuser=True, is_active=True):
            with translation.override(admin.preferred_language):
                text = _(
                    "A safety email could not be sent. Open the alerts, tell the people named there another way "
                    "and check the intern's details."
                )
            notifications.append(Notification(user=admin, kind="safety_email_failed", text=text, url=url))
        Notification.objects.bulk_create(notifications)
    return alert
