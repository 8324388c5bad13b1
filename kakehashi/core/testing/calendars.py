"""Checks of the .ics files the platform writes (RFC 5545)."""

import re

from icalendar import Calendar


def timezones_used_and_defined(data: bytes | str) -> tuple[set[str], set[str]]:
    """The TZIDs the file's properties refer to, and those it defines in VTIMEZONE components."""
    text = data.decode() if isinstance(data, bytes) else data
    used = set(re.findall(r";TZID=\"?([^:;\"]+)\"?[:;]", text))
    defined = {str(zone["TZID"]) for zone in Calendar.from_ical(text).walk("VTIMEZONE")}
    return used, defined
