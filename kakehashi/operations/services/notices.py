"""Who is told about an alert or an incident, and how: the first responders and the escalation chain of
a case, the notices recorded for each person told, told through the one door (kakehashi.notifications:
every channel, in the recipient's language, sent by a task after the commit), and what happens when a
safety message cannot be sent."""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from kakehashi.accounts.models import Membership, User
from kakehashi.accounts.roles import Role
from kakehashi.core.bulk import insert_rows
from kakehashi.notifications.models import Delivery
from kakehashi.notifications.services import URGENT_SEND_ATTEMPTS, Announcement, notify, notify_many
from kakehashi.operations.models import Alert, AlertKind, Incident, InternCase, Notice

# The levels of a notice: who was told, at which step of the safety ladder.
LEVEL_RESPONDERS = 0  # the travel and safety officers and the city
LEVEL_CHAIN = 1  # the program office, the intern's college teachers and the host company
LEVEL_INTERN = 2  # the intern, by their channels, with a one-tap check-in link
LEVEL_SMS = 3  # the intern and the responders by SMS
LEVEL_CALL_LIST = 4  # the safety officers: call the intern and their emergency contacts

# Tries of one notice's email before it counts as failed (a dropped SMTP connection is often transient).
NOTICE_SEND_ATTEMPTS = URGENT_SEND_ATTEMPTS


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


class _Severity:
    """An incident's severity in the language active when it is shown (each recipient's own)."""

    def __init__(self, incident: Incident) -> None:
        self.incident = incident

    def __str__(self) -> str:
        return str(self.incident.get_severity_display())


def _intern(case: InternCase) -> User:
    """The intern as stored now: the name in the message is the one in the database."""
    return User.objects.get(pk=case.intern_id)


def _event_of(
    alert: Alert | None,
    incident: Incident | None,
    level: int,
    intern: User | None = None,
    *,
    alert_list: str = "",
) -> tuple[str, dict[str, Any], str, str]:
    """The event, its context, its link and what it is about, for a notice of an alert or an incident
    (`intern`: the case's intern as just read, `alert_list` the alerts page's address, when the caller
    told many at once)."""
    from django.conf import settings

    if alert is not None:
        url = alert_list or reverse("operations:alert_list")
        event = (
            "operations.missed_checkin"
            if alert.kind == AlertKind.MISSED_CHECKIN
            else "operations.help_requested"
        )
        context = {
            "intern": intern or _intern(alert.case),
            "level": level,
            "link": settings.SITE_URL.rstrip("/") + url,
        }
        return event, context, url, f"alert:{alert.pk}:{level}"
    assert incident is not None
    url = incident.get_absolute_url()
    context = {
        "intern": intern or _intern(incident.case),
        "severity": _Severity(incident),
        "link": settings.SITE_URL.rstrip("/") + url,
    }
    return "operations.incident_reported", context, url, f"incident:{incident.pk}:{level}"


def _notify(
    people: Iterable[User],
    *,
    now: datetime,
    alert: Alert | None = None,
    incident: Incident | None = None,
    level: int = 0,
    event: str = "",
    extra: dict[str, Any] | None = None,
    url: str = "",
    only: tuple[str, ...] | None = None,
) -> list[Notice]:
    """Record who is told (the notices of the case) and tell them through the one door: every channel,
    whatever their quiet hours (an urgent safety event); the delivery log keeps each channel's status.
    A step of the safety ladder names its own event (with `extra` context and link) or its channels."""
    people = list(people)
    notices = Notice.objects.bulk_create(
        Notice(recipient=person, alert=alert, incident=incident, level=level, sent_at=now)
        for person in people
    )
    default_event, context, default_url, about = _event_of(alert, incident, level)
    notify(
        people,
        event or default_event,
        {**context, **(extra or {})},
        url=url or default_url,
        about=about,
        now=now,
        only=only,
    )
    return notices


def _notify_alerts(
    told: list[tuple[Alert, list[User]]],
    *,
    now: datetime,
    level: int = 0,
    event: str = "",
    extra_of: Callable[[Alert], dict[str, Any]] | None = None,
    url_of: Callable[[Alert], str] | None = None,
    only: tuple[str, ...] | None = None,
) -> int:
    """`_notify` for many alerts at once (a step of the missed check-in pass): the interns read in one
    query, the notices in one insert, and every alert told through the one door in one go (`notify_many`:
    the same rules for each person as `notify`, one sending task for all). A step of the ladder names its
    own event, with each alert's `extra_of` context and `url_of` link, or its channels (`only`). Returns the
    number of notices."""
    told = [(alert, people) for alert, people in told if people]
    interns = User.objects.in_bulk({alert.case.intern_id for alert, _people in told})
    # A row a person told, nothing read back: written from plain values (kakehashi.core.bulk).
    notices = insert_rows(
        Notice,
        (
            {"recipient_id": person.pk, "alert_id": alert.pk, "level": level, "sent_at": now}
            for alert, people in told
            for person in people
        ),
        now=now,
    )
    # One link for every alert of the step (the same page), not a reverse() an alert.
    alert_list = reverse("operations:alert_list")
    announcements = []
    for alert, people in told:
        default_event, context, default_url, about = _event_of(
            alert, None, level, interns[alert.case.intern_id], alert_list=alert_list
        )
        announcements.append(
            Announcement(
                people,
                event or default_event,
                {**context, **(extra_of(alert) if extra_of else {})},
                url_of(alert) if url_of else default_url,
                about,
                only,
            )
        )
    notify_many(announcements, now=now)
    return notices


def notice_send(*, notice_id: int) -> bool:
    """Tell one notice's recipient now (a task queued before the one door existed); False if it was."""
    notice = (
        Notice.objects.select_related("recipient", "alert__case__intern", "incident__case__intern")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.emailed_at is not None or (notice.alert is None and notice.incident is None):
        return False
    event, context, url, about = _event_of(notice.alert, notice.incident, notice.level)
    if Delivery.objects.filter(about=about, recipient=notice.recipient).exists():
        return False
    notify([notice.recipient], event, context, url=url, about=about, send_now=True)
    return True


def _notices_of(delivery: Delivery) -> QuerySet[Notice]:
    kind, pk, level = ([*delivery.about.split(":"), "", "", ""])[:3]
    if kind not in ("alert", "incident") or not pk.isdigit() or not level.isdigit():
        return Notice.objects.none()
    return Notice.objects.filter(
        **{f"{kind}_id": int(pk)}, level=int(level), recipient_id=delivery.recipient_id
    ).select_related("recipient", "alert__case", "incident__case")


def deliveries_sent(deliveries: list[Delivery]) -> None:
    """The one door's hook: a safety email went out, its notice says when."""
    for delivery in deliveries:
        if delivery.channel == "email":
            _notices_of(delivery).filter(emailed_at__isnull=True).update(emailed_at=delivery.sent_at)


def deliveries_failed(deliveries: list[Delivery]) -> None:
    """The one door's hook: a safety message could not be sent after its attempts."""
    for delivery in deliveries:
        for notice in _notices_of(delivery):
            source = notice.alert or notice.incident
            assert source is not None
            notice_failed(notice=notice, case=source.case, reason=delivery.reason)


@transaction.atomic
def notice_failed(*, notice: Notice, case: InternCase, reason: str) -> Alert:
    """Record that a safety email could not be sent, and make it visible in the app: an alert on the case
    (the safety officers' alert list and the case page) and a notification to the platform administrators.
    One alert a case and day, however many emails failed; nothing here is emailed."""
    now = timezone.now()
    notice.failed_at = now
    notice.failure = reason[:300]
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
        admins = User.objects.filter(is_superuser=True, is_active=True)
        notify(
            admins,
            "operations.safety_email_failed",
            url=reverse("operations:alert_list"),
            about=f"alert:{alert.pk}",
        )
    return alert
