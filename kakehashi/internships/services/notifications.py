"""Notifications and reminders: who a phase concerns, one notification per person in their language
with its email sent after the commit, and the daily reminders two days before a phase ends."""

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.accounts.roles import Role
from kakehashi.core import background, times
from kakehashi.internships.models import DeadlineReminder, Notification, Phase, Round, RoundPhase, today

# Emails sent by one task (over one connection to the mail server).
EMAIL_BATCH = 500


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


def _notify(
    users: Iterable[User], round_: Round | None, kind: str, message: Callable[[], str], url: str = ""
) -> list[Notification]:
    """One notification per person, written in their language, and an email after the commit."""
    texts: dict[str, str] = {}  # one translation per language, not per person

    def text_for(user: User) -> str:
        if user.preferred_language not in texts:
            with translation.override(user.preferred_language):
                texts[user.preferred_language] = str(message())
        return texts[user.preferred_language]

    return _create(users, round_, kind, text_for, url)


def _notify_with_time(
    users: Iterable[User], round_: Round | None, kind: str, message: Callable[[str], str], url: str = ""
) -> list[Notification]:
    """Like _notify, for a message that shows a time: message(zone) writes it with that person's side's
    time first (kakehashi.core.times.home_zone), so a Mongolian student reads Ulaanbaatar time."""
    texts: dict[tuple[str, str], str] = {}  # one text per language and time zone

    def text_for(user: User) -> str:
        key = (user.preferred_language, times.home_zone(user))
        if key not in texts:
            with translation.override(user.preferred_language):
                texts[key] = str(message(key[1]))
        return texts[key]

    return _create(users, round_, kind, text_for, url)


def _create(
    users: Iterable[User], round_: Round | None, kind: str, text_for: Callable[[User], str], url: str
) -> list[Notification]:
    made = []
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        made.append(Notification(user=user, round=round_, kind=kind, text=text_for(user), url=url))
    created = Notification.objects.bulk_create(made, batch_size=1000)
    ids = [n.pk for n in created if n.pk]
    if ids:
        from kakehashi.internships.tasks import send_notification_emails

        # One task per batch: a publication tells 100,000 people, and a retried task resends little.
        for start in range(0, len(ids), EMAIL_BATCH):
            batch = ids[start : start + EMAIL_BATCH]
            transaction.on_commit(lambda batch=batch: send_notification_emails.enqueue(batch))  # type: ignore[misc]
    return created


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """One email per notification, in the person's language, over one connection."""
    from django.core.mail import EmailMessage, mailers

    messages = []
    notifications = list(Notification.objects.filter(pk__in=notification_ids).select_related("user"))
    # A retried task sends only what its lost attempt had not (kakehashi.core.background).
    keys = {n.pk: f"notification:{n.pk}:{n.user.email}" for n in notifications}
    fresh = background.not_yet_sent(list(keys.values()))
    for notification in notifications:
        if keys[notification.pk] not in fresh:
            continue
        with translation.override(notification.user.preferred_language):
            subject = _("Kakehashi: %(text)s") % {"text": notification.text[:80]}
        link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
        body = f"{notification.text}\n\n{link}\n"
        messages.append(EmailMessage(subject, body, to=[notification.user.email]))
    if not messages:
        return 0
    try:
        return int(mailers.default.send_messages(messages) or 0)
    except BaseException:
        background.forget_sent(fresh)
        raise


def _deadline_message(name: str, label: object) -> Callable[[], str]:
    def message() -> str:
        return _("%(round)s: the phase “%(phase)s” ends in two days.") % {"round": name, "phase": label}

    return message


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
            _notify(
                _people_concerned(round_, phase_dates.phase),
                round_,
                "deadline",
                _deadline_message(round_.name, label),
                round_.get_absolute_url(),
            )
        )
    return count
