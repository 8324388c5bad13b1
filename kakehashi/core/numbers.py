"""Numbers and amounts of money as each language writes them: 3,578,939; ¥60,000,000 (60,000,000円 in
Japanese); ₮1,250,000. Templates use the filters `number`, `yen`, `tugrik` and `money`
(kakehashi.core.templatetags.kakehashi); separators come from the per-language formats
(kakehashi/formats/<lang>/formats.py), so a page and a document agree."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import numberformat
from django.utils.formats import get_format

from kakehashi.core.dates import _language

JPY = "JPY"
MNT = "MNT"

Number = int | float | Decimal


def _as_number(value: Any) -> Number | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_number(value: Any, language: str | None = None, decimals: int | None = None) -> str:
    """`value` with its thousands grouped the way `language` (the active one if not given) groups them:
    3,578,939. `decimals` fixes the digits after the point (none for a whole number by default). Anything
    that is not a number comes back as text; None as ""."""
    number = _as_number(value)
    if number is None:
        return "" if value is None else str(value)
    if decimals is None and isinstance(number, Decimal) and number == number.to_integral_value():
        decimals = 0
    code = _language(language)
    return numberformat.format(
        number,
        get_format("DECIMAL_SEPARATOR", code, use_l10n=True),
        decimal_pos=decimals,
        grouping=get_format("NUMBER_GROUPING", code, use_l10n=True),
        thousand_sep=get_format("THOUSAND_SEPARATOR", code, use_l10n=True),
        force_grouping=True,
    )


def format_money(value: Any, currency: str = JPY, language: str | None = None) -> str:
    """An amount of money: ¥60,000,000 (Japanese: 60,000,000円), ₮1,250,000 (Japanese: 1,250,000トゥグルグ),
    1,200.50 USD. Yen are whole; other amounts keep two decimals when they have any. A negative amount
    keeps its sign before the symbol (-¥5,000)."""
    number = _as_number(value)
    if number is None:
        return "" if value is None else str(value)
    language = _language(language)
    whole = Decimal(str(number)) == Decimal(str(number)).to_integral_value()
    digits = format_number(abs(number), language, decimals=0 if whole or currency == JPY else 2)
    sign = "-" if number < 0 else ""
    if currency == JPY:
        return f"{sign}{digits}円" if language == "ja" else f"{sign}¥{digits}"
    if currency == MNT:
        return f"{sign}{digits}トゥグルグ" if language == "ja" else f"{sign}₮{digits}"
    return f"{sign}{digits} {currency}"
