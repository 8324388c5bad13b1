"""Numbers, money, dates and times written the way each language writes them, the same on a page (Django's
filters and formats) as in Python (kakehashi.core.dates, numbers, times)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from kakehashi.core import dates, numbers, times

DAY = date(2026, 12, 6)
AT_THREE_IN_TOKYO = datetime(2026, 12, 6, 15, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def render(text: str, language: str, **values: object) -> str:
    with translation.override(language):
        return Template("{% load kakehashi %}" + text).render(Context(values))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "2026年12月6日"), ("mn", "2026 оны 12 сарын 6"), ("en", "6 Dec 2026")],
)
def test_a_date_is_written_the_way_each_language_writes_it(language: str, expected: str) -> None:
    assert dates.written_date(DAY, language) == expected
    # Django's own date filter agrees (settings.FORMAT_MODULE_PATH), and so does the template filter.
    assert render("{{ day|date }}", language, day=DAY) == expected
    assert render("{{ day|written_date }}", language, day=DAY) == expected
    with translation.override(language):
        assert formats.date_format(DAY) == expected


def test_no_page_writes_a_mongolian_date_in_djangos_own_form() -> None:
    page = render("{{ day|date }} {{ day|date:'SHORT_DATE_FORMAT' }} {{ at|date:'DATETIME_FORMAT' }}", "mn",
                  day=DAY, at=AT_THREE_IN_TOKYO)  # fmt: skip
    assert "Сар" not in page
    assert "-р сар" not in page
    assert page == "2026 оны 12 сарын 6 2026.12.06 2026 оны 12 сарын 6, 15:00"


def test_english_and_japanese_times_use_the_24_hour_clock() -> None:
    assert render("{{ at|date:'DATETIME_FORMAT' }}", "en", at=AT_THREE_IN_TOKYO) == "6 Dec 2026, 15:00"
    assert render("{{ at|date:'DATETIME_FORMAT' }}", "ja", at=AT_THREE_IN_TOKYO) == "2026年12月6日 15:00"
    assert "p.m." not in render("{{ at|time }}", "en", at=AT_THREE_IN_TOKYO)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "2024年5月1日～2027年4月30日"),
        ("mn", "2024 оны 5 сарын 1 – 2027 оны 4 сарын 30"),
        ("en", "1 May 2024 – 30 Apr 2027"),
    ],
)
def test_a_range_of_dates(language: str, expected: str) -> None:
    assert dates.written_range(date(2024, 5, 1), date(2027, 4, 30), language) == expected
    page = render("{% date_range start end %}", language, start=date(2024, 5, 1), end=date(2027, 4, 30))
    assert page == expected


def test_an_open_range_keeps_its_start() -> None:
    assert dates.written_range(date(2024, 5, 1), None, "ja") == "2024年5月1日～"
    assert dates.written_range(None, None, "en") == ""


def test_the_japanese_era() -> None:
    assert dates.era_date(DAY) == "令和8年12月6日"
    assert dates.era_date(date(2019, 5, 1)) == "令和元年5月1日"
    assert dates.era_date(date(2019, 4, 30)) == "平成31年4月30日"
    assert dates.era_date(date(1989, 1, 7)) == "昭和64年1月7日"
    assert render("{{ day|era_date }}", "en", day=DAY) == "令和8年12月6日"


@pytest.mark.parametrize("language", ["ja", "mn", "en"])
def test_numbers_are_grouped_by_thousands(language: str) -> None:
    assert numbers.format_number(3578939, language) == "3,578,939"
    assert numbers.format_number(Decimal("5400000.00"), language) == "5,400,000"
    assert numbers.format_number(1234.5, language, decimals=1) == "1,234.5"
    # Django's intcomma, used on older pages, groups them too (Django's Mongolian formats did not).
    assert render("{% load humanize %}{{ n|intcomma }} / {{ m|number }}", language, n=3578939, m=5400000) == (
        "3,578,939 / 5,400,000"
    )


def test_numbers_that_are_not_numbers_come_back_as_they_are() -> None:
    assert numbers.format_number(None, "en") == ""
    assert numbers.format_number("n/a", "en") == "n/a"
    assert render("{{ n|number }}", "en", n=None) == ""


@pytest.mark.parametrize(
    ("language", "yen", "tugrik"),
    [
        ("ja", "60,000,000円", "1,250,000トゥグルグ"),
        ("mn", "¥60,000,000", "₮1,250,000"),
        ("en", "¥60,000,000", "₮1,250,000"),
    ],
)
def test_money(language: str, yen: str, tugrik: str) -> None:
    assert numbers.format_money(60000000, numbers.JPY, language) == yen
    assert numbers.format_money(Decimal("1250000"), numbers.MNT, language) == tugrik
    assert render("{{ a|yen }} {{ b|tugrik }} {{ a|money:'JPY' }}", language, a=60000000, b=1250000) == (
        f"{yen} {tugrik} {yen}"
    )
    assert numbers.format_money(-5000, numbers.JPY, "en") == "-¥5,000"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("mn", "2026 оны 12 сарын 6, 14:00 (Улаанбаатар) / 15:00 (Токио)"),
        ("ja", "2026年12月6日 14:00 (ウランバートル) / 15:00 (東京)"),
        ("en", "6 Dec 2026, 14:00 (Ulaanbaatar) / 15:00 (Tokyo)"),
    ],
)
def test_a_time_in_both_zones_names_them_in_the_readers_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert times.both_zones(AT_THREE_IN_TOKYO, times.ULAANBAATAR) == expected


def test_a_time_for_a_recipient_is_in_their_language_and_zone() -> None:
    class Student:
        preferred_language = "mn"
        _home_zone = times.ULAANBAATAR

    class Company:
        preferred_language = "en"
        _home_zone = times.TOKYO

    with translation.override("ja"):
        assert times.for_recipient(AT_THREE_IN_TOKYO, Student()) == (  # type: ignore[arg-type]
            "2026 оны 12 сарын 6, 14:00 (Улаанбаатар) / 15:00 (Токио)"
        )
        assert times.for_recipient(AT_THREE_IN_TOKYO, Company()) == (  # type: ignore[arg-type]
            "6 Dec 2026, 15:00 (Tokyo) / 14:00 (Ulaanbaatar)"
        )
        assert times.for_recipient(AT_THREE_IN_TOKYO, Company(), zone=times.ULAANBAATAR).startswith(  # type: ignore[arg-type]
            "6 Dec 2026, 14:00 (Ulaanbaatar)"
        )


def test_a_time_on_a_page_is_on_the_viewers_clock_with_its_zone_named() -> None:
    class Student:
        is_authenticated = True
        preferred_language = "mn"
        _home_zone = times.ULAANBAATAR

    page = render(
        "{{ at|in_my_zone:user }} · {{ at|time_in_my_zone:user }}", "mn", at=AT_THREE_IN_TOKYO, user=Student()
    )
    assert page == "2026 оны 12 сарын 6, 14:00 (Улаанбаатар) · 14:00 (Улаанбаатар)"
    both = render("{{ at|in_zone_of:user }}", "mn", at=AT_THREE_IN_TOKYO, user=Student())
    assert both == "2026 оны 12 сарын 6, 14:00 (Улаанбаатар) / 15:00 (Токио)"
    assert render("{{ at|in_my_zone:user }}", "en", at=None, user=Student()) == ""


def test_a_check_in_deadline_names_its_zone() -> None:
    from datetime import time

    assert render('{{ t|clock:"Asia/Tokyo" }}', "mn", t=time(21, 0)) == "21:00 (Токио)"
    assert render('{{ at|clock:"Asia/Ulaanbaatar" }}', "ja", at=AT_THREE_IN_TOKYO) == "14:00 (ウランバートル)"
