"""Content that people write in several languages: show the viewer's language first."""

from typing import Any

from django.utils import translation

# When the viewer's language is missing, fall back in this order.
FALLBACK_ORDER = ("en", "ja", "mn")


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """The value of `field_<lang>` on obj in the active language, else the first language that has one."""
    language = language or translation.get_language() or "en"
    language = language.split("-")[0]
    for code in (language, *FALLBACK_ORDER):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""


def has_language(obj: Any, field: str, language: str | None = None) -> bool:
    language = (language or translation.get_language() or "en").split("-")[0]
    return bool(getattr(obj, f"{field}_{language}", ""))
