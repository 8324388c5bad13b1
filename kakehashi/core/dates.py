"""Dates written the way each language writes them in a document: 2026年7月1日, 2026 оны 7-р сарын 1,
1 July 2026. Used where a document prints several languages side by side, whatever the reader's
language (the pages use Django's per-language formats)."""

import datetime

ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def written_date(day: datetime.date, language: str) -> str:
    if language == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    if language == "mn":
        return f"{day.year} оны {day.month}-р сарын {day.day}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
