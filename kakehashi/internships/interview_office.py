"""The program office's list of a round's interviews: every booked interview of every company, filtered by
company or place, status (booked and still to come, done, cancelled), dates on the viewer's clock and the
student's name, with the links to move or cancel those still to come. Only the program manager (and the
platform administrator) sees it: it names every company's applicants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import InterviewSlot, Place, Round

BOOKED, DONE, CANCELLED = "booked", "done", "cancelled"
STATUSES = (
    (BOOKED, gettext_lazy("Booked, still to come")),
    (DONE, gettext_lazy("Done")),
    (CANCELLED, gettext_lazy("Cancelled")),
)


@dataclass(frozen=True)
class InterviewFilters:
    company: int | None = None
    place: int | None = None
    status: str = ""
    date_from: date | None = None  # days on the viewer's clock (`zone`)
    date_to: date | None = None
    search: str = ""
    zone: str = "Asia/Tokyo"


def _day_start(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def round_interviews(viewer: Viewer, round_: Round, filters: InterviewFilters) -> QuerySet[InterviewSlot]:
    """The round's booked interviews (free slots are not interviews), the soonest first."""
    require(
        rules.can_manage_round(viewer, round_),
        _("The list of every interview of a round is the program office's."),
    )
    slots = InterviewSlot.objects.filter(place__round=round_, application__isnull=False).select_related(
        "place__company", "application"
    )
    if filters.company:
        slots = slots.filter(place__company_id=filters.company)
    if filters.place:
        slots = slots.filter(place_id=filters.place)
    now = timezone.now()
    if filters.status == BOOKED:
        slots = slots.filter(cancelled_at__isnull=True, starts_at__gt=now)
    elif filters.status == DONE:
        slots = slots.filter(cancelled_at__isnull=True, starts_at__lte=now)
    elif filters.status == CANCELLED:
        slots = slots.filter(cancelled_at__isnull=False)
    if filters.date_from:
        slots = slots.filter(starts_at__gte=_day_start(filters.date_from, filters.zone))
    if filters.date_to:
        slots = slots.filter(starts_at__lt=_day_start(filters.date_to + timedelta(days=1), filters.zone))
    search = filters.search.strip()
    if search:
        slots = slots.filter(
            Q(application__name_latin__icontains=search) | Q(application__name_cyrillic__icontains=search)
        )
    return slots.order_by("starts_at", "pk")


def places_to_filter(round_: Round) -> list[Place]:
    """The round's places that have (or had) an interview, with their company, for the filters (one
    query)."""
    return list(
        Place.objects.filter(round=round_, interview_slots__application__isnull=False)
        .select_related("company")
        .distinct()
        .order_by("company_id", "pk")
    )


def status_of(slot: InterviewSlot, now: datetime) -> str:
    if slot.cancelled_at is not None:
        return CANCELLED
    return DONE if slot.starts_at <= now else BOOKED
