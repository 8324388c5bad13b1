"""Notifications and reminders: who a phase concerns, telling them through the one door
(kakehashi.notifications), and the daily reminders two days before a phase ends."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from kakehashi.accounts.models import User
from kakehashi.accounts.roles import Role
from kakehashi.internships.models import DeadlineReminder, Phase, Round, RoundPhase, today
from kakehashi.notifications.events import Localized
from kakehashi.notifications.services import notify


def _people_concerned(round_: Round, phase: str) -> list[User]:
    roles_by_phase: dict[str, list[str]] = {
        Phase.PLACES: [Role.COMPANY_ADMIN],
        Phase.APPLICATIONS: [Role.STUDENT, Role.PARTNER_TEACHER],
        Phase.SCREENING: [Role.PARTNER_TEACHER, Role.NGO_COORDINATOR],
        Phase.INTERVIEWS: [Role.COMPANY_ADMIN],
        Phase.RANKINGS: [Role.COMPANY_ADMIN],
        Phase.ACCEPTANCE: [Role.COMPANY_ADMIN],
    }
    roles = roles_by_phase.get(phase, [])
    if not roles:
        return []
    users = User.objects.filter(
        memberships__program_id=round_.program_id, memberships__role__in=roles, memberships__is_active=True
    ).distinct()
    if phase == Phase.ACCEPTANCE:
        return list(
            users.filter(memberships__organization__internship_places__round=round_).distinct()
        ) + list(User.objects.filter(internship_applications__placements__round=round_).distinct())
    return list(users)


def tell(
    users: Iterable[User], round_: Round | None, event: str, context: dict[str, Any], url: str = ""
) -> list[int]:
    """Tell the people concerned through the one door (kakehashi.notifications), each in their language;
    the notifications are about the round (`about="round:<id>"`). Returns the in-app notices' keys."""
    about = f"round:{round_.pk}" if round_ is not None else ""
    return notify(users, event, context, url=url, about=about).notification_ids


@transaction.atomic
def deadline_reminders(*, on: date | None = None) -> int:
    """Tell the people concerned that a phase ends in two days (run daily by the scheduler).

    Idempotent per day: a phase reminded of today is not reminded again, however often this runs."""
    sent_on = on or today()
    day = sent_on + timedelta(days=2)
    count = 0
    for phase_dates in RoundPhase.objects.filter(ends_on=day).select_related("round"):
        round_ = phase_dates.round
        if round_.phase != phase_dates.phase:
            continue
        _reminder, created = DeadlineReminder.objects.get_or_create(
            round=round_, phase=phase_dates.phase, sent_on=sent_on
        )
        if not created:
            continue
        label = Phase(phase_dates.phase).label
        count += len(
            tell(
                _people_concerned(round_, phase_dates.phase),
                round_,
                "internships.deadline",
                {"round": Localized(round_, "name"), "phase": label},
                round_.get_absolute_url(),
            )
        )
    return count
