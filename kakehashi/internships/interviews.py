"""Interviews: companies offer online slots, nominees book one (with an interpreter if they wish), both get a
calendar invitation (.ics), the NGO coordinator or the program office arranges the interpreter, the company
records the outcome."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.accounts.roles import Role
from kakehashi.core.calendars import calendar_bytes
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import interview_moves, rules
from kakehashi.internships.models import Application, Choice, InterviewOutcome, InterviewSlot, Place, Round
from kakehashi.notifications.events import Localized

# --- reads -------------------------------------------------------------------------------------------


def slots_of(place: Place) -> list[InterviewSlot]:
    return list(InterviewSlot.objects.filter(place=place).select_related("application__college"))


def options_for(application: Application) -> list[tuple[Place, list[InterviewSlot]]]:
    """For each place the nominee ranked: its slots, free or booked by them."""
    place_ids = list(Choice.objects.filter(application=application).values_list("place_id", flat=True))
    slots = InterviewSlot.objects.filter(place_id__in=place_ids).select_related("place__company")
    by_place: dict[int, list[InterviewSlot]] = {pk: [] for pk in place_ids}
    places: dict[int, Place] = {}
    for slot in slots:
        if slot.application_id == application.pk or (
            slot.application_id is None and slot.cancelled_at is None
        ):
            by_place[slot.place_id].append(slot)
            places[slot.place_id] = slot.place
    return [(places[pk], by_place[pk]) for pk in place_ids if pk in places]


def slot_for(viewer: Viewer, slot_id: int) -> InterviewSlot:
    """A booked slot, seen by its student and by the place's company; anyone else gets 404."""
    slot = (
        InterviewSlot.objects.select_related("place__company", "place__round", "application__student")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or not rules.can_see_round(viewer, slot.place.round):
        raise Http404
    own_student = slot.application is not None and slot.application.student_id == viewer.user.pk
    if not own_student and slot.place.company_id not in rules.company_ids(viewer):
        raise Http404
    return slot


INTERPRETER_FILTERS = ("todo", "all")  # not arranged yet (the default), every request


def interpreter_requests(viewer: Viewer, round_: Round, *, show: str = "todo") -> QuerySet[InterviewSlot]:
    """The round's booked interviews that asked for an interpreter, for those who arrange interpreters."""
    require(
        rules.can_arrange_interpreters(viewer, round_),
        _("Interpreters are arranged by the NGO coordinator and the program office."),
    )
    slots = InterviewSlot.objects.filter(
        place__round=round_, application__isnull=False, interpreter=True
    ).select_related("place__company", "place__round", "application__student")
    if show != "all":
        slots = slots.filter(interpreter_name="")
    return slots


def interpreter_slot_for(viewer: Viewer, round_: Round, slot_id: int) -> InterviewSlot:
    """One of the round's interviews that asked for an interpreter; any other slot is 404."""
    slot = interpreter_requests(viewer, round_, show="all").filter(pk=slot_id).first()
    if slot is None:
        raise Http404
    return slot


def _company_admins(slot: InterviewSlot) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization_id=slot.place.company_id,
            memberships__role=Role.COMPANY_ADMIN,
            memberships__program_id=slot.place.round.program_id,
            memberships__is_active=True,
        ).distinct()
    )


# --- writes ------------------------------------------------------------------------------------------


@transaction.atomic
def slot_add(
    *, viewer: Viewer, place: Place, starts_at: datetime, minutes: int = 30, meeting_url: str = ""
) -> InterviewSlot:
    require(
        rules.can_offer_interviews(viewer, place),
        _("Interview slots are offered by the place's company during screening and interviews."),
    )
    if starts_at <= timezone.now():
        raise ValidationError(_("An interview slot must be in the future."))
    slot = InterviewSlot(place=place, starts_at=starts_at, minutes=minutes, meeting_url=meeting_url)
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def slot_book(
    *, viewer: Viewer, application: Application, slot: InterviewSlot, interpreter: bool
) -> InterviewSlot:
    """Book a free slot for the nominee, checked for overlaps with the company's and the student's other
    interviews. Two people booking the same slot at once: the UPDATE takes the slot only while it is still
    free (and the database allows one live interview per place and applicant), so exactly one wins.

    One student booking two overlapping slots at once (two tabs): their bookings are serialized before
    anything is read. The first statement writes the application's row, which takes its row lock on
    PostgreSQL and the database's write lock on SQLite (whatever the transaction mode: a write, unlike
    SELECT ... FOR UPDATE, which SQLite ignores), held until the commit; the second booking waits there,
    then reads the first one's interview and is refused as an overlap."""
    Application.objects.filter(pk=application.pk).update(updated_at=F("updated_at"))
    require(
        rules.can_book_interview(viewer, application),
        _("Confirmed nominees book interviews during the interviews phase."),
    )
    slot = (
        InterviewSlot.objects.select_for_update(of=("self",))
        .select_related("place__company", "place__round")
        .get(pk=slot.pk)
    )
    if not Choice.objects.filter(application=application, place_id=slot.place_id).exists():
        raise ValidationError(_("You can book interviews only for places you ranked."))
    if slot.application_id is not None:
        raise ValidationError(_("This slot is already taken; please choose another one."))
    if InterviewSlot.objects.filter(
        place_id=slot.place_id, application=application, cancelled_at__isnull=True
    ).exists():
        raise ValidationError(_("You already have an interview for this place."))
    interview_moves.check_overlaps(
        slot=slot,
        starts_at=slot.starts_at,
        minutes=slot.minutes,
        application=application,
        reader=interview_moves.STUDENT,
    )
    meeting_url = slot.meeting_url or _meeting_url_of_company(slot)
    taken = InterviewSlot.objects.filter(
        pk=slot.pk, application__isnull=True, cancelled_at__isnull=True
    ).update(
        application=application, interpreter=interpreter, meeting_url=meeting_url, updated_at=timezone.now()
    )
    if not taken:
        raise ValidationError(_("This slot is already taken; please choose another one."))
    slot.refresh_from_db()
    send_invitations(slot)
    return slot


def _meeting_url_of_company(slot: InterviewSlot) -> str:
    """The meeting link from the company's pattern (its profile), or "" when it has none."""
    from kakehashi.companies.models import CompanyProfile, meeting_url

    pattern = (
        CompanyProfile.objects.filter(organization_id=slot.place.company_id)
        .values_list("meeting_url_pattern", flat=True)
        .first()
    )
    return meeting_url(pattern, interview_id=slot.pk, place_id=slot.place_id) if pattern else ""


@transaction.atomic
def interpreter_arrange(
    *, viewer: Viewer, slot: InterviewSlot, name: str, contact: str = ""
) -> InterviewSlot:
    """Set (or, with an empty name and contact, clear) the interpreter of a booked interview and tell the
    student and the company, each in their language."""
    require(
        rules.can_arrange_interpreters(viewer, slot.place.round),
        _("Interpreters are arranged by the NGO coordinator and the program office."),
    )
    name, contact = name.strip(), contact.strip()
    if slot.application_id is None or not slot.interpreter:
        raise ValidationError(_("Nobody asked for an interpreter for this interview."))
    if contact and not name:
        raise ValidationError(_("Give the interpreter's name."))
    if (name, contact) == (slot.interpreter_name, slot.interpreter_contact):
        return slot
    slot.interpreter_name = name
    slot.interpreter_contact = contact
    assert slot.application is not None
    if name and "interpreter" in interview_moves.overlaps(
        slot=slot, starts_at=slot.starts_at, minutes=slot.minutes, application=slot.application
    ):
        raise ValidationError(_("The interpreter has another interview at that time."))
    slot.full_clean(exclude=["place", "application"])
    slot.save(update_fields=["interpreter_name", "interpreter_contact", "updated_at"])
    from kakehashi.internships.services.notifications import tell

    tell(
        [slot.application.student, *_company_admins(slot)],
        slot.place.round,
        "internships.interpreter_arranged" if name else "internships.interpreter_cleared",
        {"place": Localized(slot.place), "starts_at": slot.starts_at, "name": name},
        reverse("internships:interview_ics", args=[slot.pk]),
    )
    return slot


@transaction.atomic
def outcome_record(*, viewer: Viewer, slot: InterviewSlot, outcome: str, note: str = "") -> InterviewSlot:
    require(slot.place.company_id in rules.company_ids(viewer))
    if slot.application_id is None:
        raise ValidationError(_("Nobody booked this slot."))
    if outcome not in InterviewOutcome.values:
        raise ValidationError(_("Choose an outcome."))
    slot.outcome = outcome
    slot.outcome_note = note.strip()
    slot.save(update_fields=["outcome", "outcome_note", "updated_at"])
    return slot


# --- calendar invitations ----------------------------------------------------------------------------


def ics(slot: InterviewSlot) -> bytes:
    """The calendar invitation of a booked slot (one event), in the company's time (Japan), with its
    VTIMEZONE: the invitation reads right as a file, and calendars convert it for the student.

    Calendar-correct through moves and cancellation (RFC 5545/5546): the UID is the interview's for its
    whole life, SEQUENCE is the number of changes made to it (each move, and the cancellation, is an
    `InterviewChange`), so a calendar replaces the old event rather than adding a second one; a cancelled
    interview is METHOD:CANCEL with STATUS:CANCELLED, which removes it from the calendar."""
    from icalendar import Calendar, Event

    from kakehashi.internships.models import InterviewChange

    cancelled = slot.cancelled_at is not None
    calendar = Calendar()
    calendar.add("prodid", "-//Kakehashi//Internship interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"interview-{slot.pk}@kakehashi")
    event.add("sequence", InterviewChange.objects.filter(slot=slot).count())
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("dtstamp", timezone.now())
    zone = ZoneInfo(settings.TIME_ZONE)
    event.add("dtstart", slot.starts_at.astimezone(zone))
    event.add("dtend", (slot.starts_at + timedelta(minutes=slot.minutes)).astimezone(zone))
    title = slot.place.title.in_language("en")
    name = slot.application.name_latin if slot.application else ""
    company = slot.place.company.name.in_language("en")
    event.add("summary", f"Kakehashi interview: {title} ({company}) - {name}")
    if slot.meeting_url:
        event.add("location", slot.meeting_url)
        event.add("url", slot.meeting_url)
    description = f"Interpreter requested: {'yes' if slot.interpreter else 'no'}"
    if slot.interpreter and slot.interpreter_name:
        contact = f" ({slot.interpreter_contact})" if slot.interpreter_contact else ""
        description += f"\nInterpreter: {slot.interpreter_name}{contact}"
    event.add("description", description)
    calendar.add_component(event)
    return calendar_bytes(calendar)


def send_invitations(slot: InterviewSlot) -> int:
    """Tell the student and the company's administrators, each in their language and time zone, with the
    calendar invitation attached to the email (sent by the one door's task, after the commit)."""
    from kakehashi.internships.services.notifications import tell

    if slot.application is None:
        return 0
    url = reverse("internships:interview_ics", args=[slot.pk])
    context = {
        "place": Localized(slot.place),
        "starts_at": slot.starts_at,
        "link": settings.SITE_URL.rstrip("/") + url,
        "ics": ics(slot),
    }
    people = [slot.application.student, *_company_admins(slot)]
    return len(tell(people, slot.place.round, "internships.interview_booked", context, url))
