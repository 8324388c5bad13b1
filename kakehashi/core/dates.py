"""Dates written the way each language writes them: 2026年12月6日, 2026 оны 12 сарын 6, 6 Dec 2026.

Pages use Django's per-language formats (kakehashi/formats/<lang>/formats.py, settings.FORMAT_MODULE_PATH),
so `{{ day|date }}` and `{{ day|written_date }}` agree; the functions here take the language as an argument
for documents that print several languages side by side, whatever the reader's. A range is written with
each language's dash (2024年5月1日～2027年4月30日); Japanese documents that need it have the era form
(令和8年12月6日)."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone, translation

# Between two dates: Japanese writes a wave dash, the others an en dash with spaces.
RANGE_SEPARATORS = {"ja": "～"}
DEFAULT_RANGE_SEPARATOR = " – "

# Japanese eras since Meiji: (first day, name). The first year of an era is 元年.
ERAS = [
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
    (datetime.date(1912, 7, 30), "大正"),
    (datetime.date(1868, 10, 23), "明治"),
]


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "ja").split("-")[0]


def written_date(day: datetime.date | datetime.datetime | None, language: str | None = None) -> str:
    """The day as `language` (the active one if not given) writes it: 2026年12月6日, 2026 оны 12 сарын 6,
    6 Dec 2026. Empty for no date. A datetime is written as its own (aware: local) day."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = _day(day)
    with translation.override(_language(language)):
        return formats.date_format(day, "DATE_FORMAT")


def _day(when: datetime.datetime) -> datetime.date:
    """A datetime's day: an aware one's in the current time zone."""
    return when.date() if when.tzinfo is None else timezone.localtime(when).date()


def written_range(start: datetime.date | None, end: datetime.date | None, language: str | None = None) -> str:
    """Two days as a range: 2024年5月1日～2027年4月30日, 1 May 2024 – 30 Apr 2027. An open end stays
    open (2024年5月1日～)."""
    separator = RANGE_SEPARATORS.get(_language(language), DEFAULT_RANGE_SEPARATOR)
    first, last = written_date(start, language), written_date(end, language)
    if not first and not last:
        return ""
    return f"{first}{separator}{last}".strip()


def era_date(day: datetime.date | datetime.datetime | None) -> str:
    """The Japanese era form of a day, for Japanese documents that need it: 令和8年12月6日, 令和元年5月1日."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = _day(day)
    for first, name in ERAS:
        if day >= first:
            year = day.year - first.year + 1
            number = "元" if year == 1 else str(year)
            return f"{name}{number}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"
