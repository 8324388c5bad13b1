"""Content that people write in several languages: show the viewer's language first.

Texts are `TranslatedField`s (kakehashi.core.multilingual): `{{ obj.title }}` already prints in the viewer's
language. `localized(obj, "title")` stays for code that names the field by a string.
"""

import inspect
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop

from kakehashi.core.multilingual.fields import TranslatedAttribute
from kakehashi.core.multilingual.text import TranslatedText, fallback_chain


def _translated(obj: Any, field: str) -> TranslatedText | None:
    """obj's TranslatedField `field`, or None. Only a field's descriptor is read: a property of the same name
    (`Organization.name`, which calls localized itself) must not be."""
    if isinstance(obj, TranslatedText):
        return obj
    if isinstance(inspect.getattr_static(type(obj), field, None), TranslatedAttribute):
        value = getattr(obj, field)
        return value if isinstance(value, TranslatedText) else None
    return None


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """The text of `field` on obj in `language` (the active one by default), else along the fallback chain.

    Works for a TranslatedField and, while models move onto it, for `<field>_<lang>` columns."""
    value = _translated(obj, field)
    if value is not None:
        return value.in_language(language)
    for code in fallback_chain(language):
        text = getattr(obj, f"{field}_{code}", "")
        if text:
            return str(text)
    return ""


def has_language(obj: Any, field: str, language: str | None = None) -> bool:
    language = (language or translation.get_language() or "en").split("-")[0]
    value = _translated(obj, field)
    if value is not None:
        return bool(value.get(language))
    return bool(getattr(obj, f"{field}_{language}", ""))


# Django's own words that its ja and mn catalogs do not translate yet (Django 6.1's new blank choice of every
# select); listed here so that makemessages puts them in ours, which take precedence (LOCALE_PATHS).
DJANGO_WORDS_WE_TRANSLATE = (gettext_noop("- Select an option -"),)
