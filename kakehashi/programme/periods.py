"""Reporting periods: Japanese fiscal quarters (April-June, July-September, October-December, January-March)."""

from datetime import date, timedelta


def quarter_of(day: date) -> tuple[date, date]:
    """The fiscal quarter of a day; Japan's fiscal quarters coincide with calendar quarters."""
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return start, month_of(date(start.year, start.month + 2, 1))[1]


def quarters_between(first: date, last: date) -> list[tuple[date, date]]:
    """The quarters that overlap [first, last], clipped to it."""
    quarters = []
    start, end = quarter_of(first)
    while start <= last:
        quarters.append((max(start, first), min(end, last)))
        start, end = quarter_of(end + timedelta(days=1))
    return quarters


def month_of(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, following - timedelta(days=1)
