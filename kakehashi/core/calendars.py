"""The one way the platform finishes an iCalendar file: with a VTIMEZONE for every TZID it uses.

RFC 5545 (3.2.19) requires a VTIMEZONE component for each TZID parameter; Outlook refuses a file without
them. icalendar builds them from the zoneinfo database; they cover the events' years (one year either
side), which keeps Ulaanbaatar's old daylight-saving rules out of a calendar of this year's classes.
"""

from datetime import date, datetime, timedelta
from typing import Any


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def calendar_bytes(calendar: Any) -> bytes:
    """The calendar as .ics bytes, with the VTIMEZONE of each time zone its events use."""
    days = [
        day
        for event in calendar.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
        if name in event and (day := _day(event.decoded(name))) is not None
    ]
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
        )
    return bytes(calendar.to_ical())
