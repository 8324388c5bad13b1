"""Times where Japan and Mongolia meet (interviews, their emails and notifications): each person reads the
time of their own side first, with its zone named, and the other side's time beside it.

Ulaanbaatar is one hour behind Tokyo (neither observes daylight saving time now); a bare "11:00" is read as
local time by whoever reads it, so a time shown across the two countries always names its zone."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

TOKYO = "Asia/Tokyo"
ULAANBAATAR = "Asia/Ulaanbaatar"
ZONE_OF_COUNTRY = {"JP": TOKYO, "MN": ULAANBAATAR}


def zone_label(zone: str) -> str:
    """The zone's name in the active language."""
    labels = {TOKYO: _("Tokyo"), ULAANBAATAR: _("Ulaanbaatar")}
    return labels.get(zone, zone)


def home_zone(user: User) -> str:
    """The time zone of a person's side of the program: the country of the organizations they belong to
    (a Mongolian college's student or staff: Ulaanbaatar; a Japanese company: Tokyo). Someone in both
    countries, or in none, is placed by their language, as a new class's time zone is (Mongolian speakers:
    Ulaanbaatar)."""
    cached: str | None = getattr(user, HOME_ZONE, None)
    if cached is not None:
        return cached
    countries = set(
        user.memberships.filter(is_active=True).values_list("organization__country", flat=True).distinct()
    )
    zone = zone_of(countries, user.preferred_language)
    setattr(user, HOME_ZONE, zone)
    return zone


# Where a person's home zone is kept for the rest of a request: set by home_zone, and by the sign-in backend
# (accounts.auth_backends), which reads the countries with the person's memberships.
HOME_ZONE = "_home_zone"


def zone_of(countries: set[str], language: str) -> str:
    """The zone of a person in organizations of these countries who speaks `language` (see home_zone)."""
    zones = {ZONE_OF_COUNTRY[c] for c in countries if c in ZONE_OF_COUNTRY}
    by_language = ULAANBAATAR if language == "mn" else TOKYO
    return zones.pop() if len(zones) == 1 else by_language


def wall(when: datetime, zone: str, *, with_date: bool = True) -> str:
    """The time on the clocks of `zone`, the zone named, in the active language's form:
    "2026年12月15日 11:00 (東京)", "2026 оны 12 сарын 15, 10:00 (Улаанбаатар)", "15 Dec 2026, 10:00 (Ulaanbaatar)"."""
    local = when.astimezone(ZoneInfo(zone))
    text = formats.date_format(local, "DATETIME_FORMAT" if with_date else "TIME_FORMAT")
    return f"{text} ({zone_label(zone)})"


def other_zone(zone: str) -> str:
    return TOKYO if zone != TOKYO else ULAANBAATAR


def both_zones(when: datetime, zone: str) -> str:
    """ "15 Dec 2026, 10:00 (Ulaanbaatar) / 11:00 (Tokyo)": the time in `zone` first, the other side's time
    beside it (with its date when the two dates differ), both zones named, all in the active language."""
    other = other_zone(zone)
    same_day = when.astimezone(ZoneInfo(zone)).date() == when.astimezone(ZoneInfo(other)).date()
    return f"{wall(when, zone)} / {wall(when, other, with_date=not same_day)}"


def for_person(when: datetime, user: User) -> str:
    """The time as `user` reads it: their side's time first (call inside their language)."""
    return both_zones(when, home_zone(user))


def for_recipient(when: datetime, user: User, *, zone: str = "") -> str:
    """The one way a time is written for a person, on a page or in a message: in their language, their
    zone first (`zone` when they chose one in their notification settings, else their side of the
    program), the other side's time beside it, both named: "2026 оны 12 сарын 15, 10:00 (Улаанбаатар) /
    11:00 (Токио)"."""
    language = getattr(user, "preferred_language", "") or translation.get_language() or "ja"
    with translation.override(language):
        return both_zones(when, zone or home_zone(user))
