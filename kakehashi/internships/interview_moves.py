"""Interviews that move: overlap checks (the company, the student, the interpreter), cancelling and moving
a booked interview with a reason and notice to everyone concerned, reminders 24 hours and one hour before,
and the interviewers' scorecards. Reads are scoped by the viewer; writes are services."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import (
    SCORE_CRITERIA,
    Application,
    ChangeKind,
    InterviewChange,
    InterviewReminder,
    InterviewScore,
    InterviewSlot,
    Place,
    ReminderKind,
)
from kakehashi.notifications.events import Localized
from kakehashi.notifications.services import Address, notify

LONGEST_INTERVIEW = timedelta(hours=8)  # the overlap query looks this far back for interviews still running
REMINDERS = ((ReminderKind.DAY, timedelta(hours=24)), (ReminderKind.HOUR, timedelta(hours=1)))
STUDENT, COMPANY = "student", "company"  # who reads an overlap error: what each may be told differs

# --- overlaps ----------------------------------------------------------------------------------------


def _live() -> QuerySet[InterviewSlot]:
    """Booked interviews that still stand."""
    return InterviewSlot.objects.filter(application__isnull=False, cancelled_at__isnull=True)


def overlaps(
    *, slot: InterviewSlot, starts_at: datetime, minutes: int, application: Application
) -> list[str]:
    """Who already has another interview overlapping [starts_at, +minutes): "company" (another interview
    of the same company), "student", "interpreter" (the same arranged interpreter, by name)."""
    ends_at = starts_at + timedelta(minutes=minutes)
    near = (
        _live()
        .exclude(pk=slot.pk)
        .filter(starts_at__lt=ends_at, starts_at__gt=starts_at - LONGEST_INTERVIEW)
        .select_related("place")
    )
    found: list[str] = []
    for other in near:
        if other.starts_at + timedelta(minutes=other.minutes) <= starts_at:
            continue
        if other.place.company_id == slot.place.company_id and "company" not in found:
            found.append("company")
        if other.application_id == application.pk and "student" not in found:
            found.append("student")
        name = slot.interpreter_name.strip().casefold()
        if name and other.interpreter_name.strip().casefold() == name and "interpreter" not in found:
            found.append("interpreter")
    return found


def check_overlaps(
    *, slot: InterviewSlot, starts_at: datetime, minutes: int, application: Application, reader: str
) -> None:
    """Refuse a time someone concerned is already taken at, naming who, and nothing about the other
    interview (it may be another company's)."""
    found = overlaps(slot=slot, starts_at=starts_at, minutes=minutes, application=application)
    if not found:
        return
    if reader == STUDENT:
        texts = {
            "company": _("The company has another interview at that time; please choose another slot."),
            "student": _("You have another interview at that time."),
            "interpreter": _(
                "Your interpreter has another interview at that time; please choose another slot."
            ),
        }
    else:
        texts = {
            "company": _("Your company has another interview at that time."),
            "student": _("The student has another interview at that time."),
            "interpreter": _("The interpreter has another interview at that time."),
        }
    raise ValidationError([ValidationError(texts[who], code=f"overlap_{who}") for who in found])


# --- who is told -------------------------------------------------------------------------------------


def people_concerned(slot: InterviewSlot) -> list[User | Address]:
    """The student, the company's administrators, and the arranged interpreter when their contact is an
    email address (interpreters are often volunteers without an account). Teachers are not told of
    bookings, so they are not told of moves either."""
    from kakehashi.internships.interviews import _company_admins

    assert slot.application is not None
    people: list[User | Address] = [slot.application.student, *_company_admins(slot)]
    contact = slot.interpreter_contact.strip()
    if slot.interpreter and contact:
        try:
            validate_email(contact)
        except ValidationError:
            pass
        else:
            people.append(Address(contact))
    return people


def _tell(slot: InterviewSlot, event: str, context: dict[str, Any]) -> None:
    url = reverse("internships:interview_ics", args=[slot.pk])
    context = {
        "place": Localized(slot.place),
        "starts_at": slot.starts_at,
        "meeting": slot.meeting_url,
        "link": settings.SITE_URL.rstrip("/") + url,
        **context,
    }
    notify(people_concerned(slot), event, context, url=url, about=f"round:{slot.place.round_id}")


# --- reads -------------------------------------------------------------------------------------------


def slot_to_change(viewer: Viewer, slot_id: int) -> InterviewSlot:
    """A booked interview its company or the program office may move or cancel. Its own student gets 403
    (they ask the company); anyone else, and another company, 404."""
    slot = (
        InterviewSlot.objects.select_related("place__company", "place__round", "application__student")
        .filter(pk=slot_id, application__isnull=False)
        .first()
    )
    if slot is None or not rules.can_see_round(viewer, slot.place.round):
        raise Http404
    if rules.can_move_interview(viewer, slot):
        return slot
    assert slot.application is not None
    if slot.application.student_id == viewer.user.pk:
        raise PermissionDenied(
            _("Only the company or the program office can move or cancel an interview; write to them.")
        )
    raise Http404


def slot_to_score(viewer: Viewer, slot_id: int) -> InterviewSlot:
    """A booked interview of the viewer's company, to write a scorecard of; any other is 404."""
    slot = (
        InterviewSlot.objects.select_related("place__company", "place__round", "application")
        .filter(pk=slot_id, application__isnull=False)
        .first()
    )
    if (
        slot is None
        or not rules.can_see_round(viewer, slot.place.round)
        or not rules.can_score_interview(viewer, slot)
    ):
        raise Http404
    return slot


def scorecards_for(viewer: Viewer, place: Place) -> dict[int, list[InterviewScore]]:
    """The scorecards of the place's interviews, by applicant: for the company beside its ranking (one
    query)."""
    if place.company_id not in rules.company_ids(viewer):
        return {}
    by_application: dict[int, list[InterviewScore]] = defaultdict(list)
    scores = InterviewScore.objects.filter(slot__place=place).select_related("slot", "author")
    for score in scores.order_by("created_at", "pk"):
        assert score.slot.application_id is not None
        by_application[score.slot.application_id].append(score)
    return dict(by_application)


# --- writes ------------------------------------------------------------------------------------------


def _require_changeable(viewer: Viewer, slot: InterviewSlot, reason: str) -> str:
    require(
        rules.can_move_interview(viewer, slot),
        _("Only the company or the program office can move or cancel an interview."),
    )
    if slot.application_id is None:
        raise ValidationError(_("Nobody booked this slot."))
    if slot.cancelled_at is not None:
        raise ValidationError(_("This interview was already cancelled."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This interview has already started."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason: everyone concerned reads it."))
    return reason


@transaction.atomic
def interview_cancel(*, viewer: Viewer, slot: InterviewSlot, reason: str) -> InterviewSlot:
    """Cancel a booked interview; the student, the company and the interpreter are told why."""
    slot = (
        InterviewSlot.objects.select_for_update(of=("self",))
        .select_related("place__company", "place__round", "application__student")
        .get(pk=slot.pk)
    )
    reason = _require_changeable(viewer, slot, reason)
    slot.cancelled_at = timezone.now()
    slot.save(update_fields=["cancelled_at", "updated_at"])
    InterviewChange.objects.create(
        slot=slot, kind=ChangeKind.CANCELLED, by=viewer.user, reason=reason, old_starts_at=slot.starts_at
    )
    from kakehashi.internships.interviews import ics

    _tell(slot, "internships.interview_cancelled", {"reason": reason, "ics": ics(slot)})
    return slot


@transaction.atomic
def interview_reschedule(
    *, viewer: Viewer, slot: InterviewSlot, starts_at: datetime, minutes: int, reason: str
) -> InterviewSlot:
    """Move a booked interview to another time, checked for overlaps; everyone concerned is told the new
    time (and the old one) in their zone, with the updated calendar invitation."""
    from kakehashi.internships.interviews import ics

    slot = (
        InterviewSlot.objects.select_for_update(of=("self",))
        .select_related("place__company", "place__round", "application__student")
        .get(pk=slot.pk)
    )
    reason = _require_changeable(viewer, slot, reason)
    if starts_at <= timezone.now():
        raise ValidationError(_("The new time must be in the future."))
    if starts_at == slot.starts_at and minutes == slot.minutes:
        raise ValidationError(_("That is the interview's current time."))
    assert slot.application is not None
    check_overlaps(
        slot=slot, starts_at=starts_at, minutes=minutes, application=slot.application, reader=COMPANY
    )
    old = slot.starts_at
    slot.starts_at, slot.minutes = starts_at, minutes
    slot.full_clean(exclude=["place", "application"])
    slot.save(update_fields=["starts_at", "minutes", "updated_at"])
    InterviewChange.objects.create(
        slot=slot,
        kind=ChangeKind.MOVED,
        by=viewer.user,
        reason=reason,
        old_starts_at=old,
        new_starts_at=starts_at,
    )
    _tell(slot, "internships.interview_moved", {"old_starts_at": old, "reason": reason, "ics": ics(slot)})
    return slot


def interview_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone concerned of the interviews starting within 24 hours (when more than an hour away)
    and within the hour, each reminder once (an `InterviewReminder` per interview, kind and time: a moved
    interview is reminded again, a cancelled one never). Run every few minutes by the scheduler."""
    now = now or timezone.now()
    sent = 0
    for kind, ahead in REMINDERS:
        due = _live().filter(starts_at__gt=now, starts_at__lte=now + ahead)
        if kind == ReminderKind.DAY:
            due = due.filter(starts_at__gt=now + timedelta(hours=1))
        for slot in due.select_related("place__company", "place__round", "application__student"):
            with transaction.atomic():
                _reminder, created = InterviewReminder.objects.get_or_create(
                    slot=slot, kind=kind, starts_at=slot.starts_at
                )
                if not created:
                    continue
                event = (
                    "internships.interview_reminder_day"
                    if kind == ReminderKind.DAY
                    else "internships.interview_reminder_hour"
                )
                _tell(slot, event, {})
                sent += 1
    return sent


@transaction.atomic
def scorecard_save(
    *, viewer: Viewer, slot: InterviewSlot, scores: dict[str, int], note: str = ""
) -> InterviewScore:
    """Write (or rewrite) the viewer's scorecard of an interview of their company, once it has started."""
    require(
        rules.can_score_interview(viewer, slot), _("Scorecards are written by the company's interviewers.")
    )
    if slot.application_id is None or slot.cancelled_at is not None:
        raise ValidationError(_("Only an interview that took place can be scored."))
    if slot.starts_at > timezone.now():
        raise ValidationError(_("A scorecard is written after the interview."))
    score = InterviewScore.objects.filter(slot=slot, author=viewer.user).first() or InterviewScore(
        slot=slot, author=viewer.user
    )
    for name in SCORE_CRITERIA:
        setattr(score, name, scores.get(name))
    score.note = note.strip()
    score.full_clean(exclude=["slot", "author"])
    score.save()
    return score


def my_scorecard(viewer: Viewer, slot: InterviewSlot) -> InterviewScore | None:
    return InterviewScore.objects.filter(slot=slot, author=viewer.user).first()
