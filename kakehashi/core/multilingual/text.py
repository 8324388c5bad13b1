"""The value of a text written in several languages, and the order in which languages stand in for each other."""

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy


def content_languages() -> list[str]:
    """The language codes content can be written in: those of settings.LANGUAGES, read on each call so that
    a language added there (and `override_settings` in tests) counts at once."""
    return [code for code, _name in settings.LANGUAGES]


def language_choices() -> list[tuple[str, str]]:
    """(code, name in itself) of each configured language: a callable `choices=` for model fields, so that a
    language added to settings.LANGUAGES needs no migration."""
    return list(settings.LANGUAGES)


# The program's languages named in the reader's language ("モンゴル語" on a Japanese page); a language
# added to settings.LANGUAGES later is named by Django's catalogs, else by its own name there.
LANGUAGE_NAMES = {
    "ja": gettext_lazy("Japanese"),
    "mn": gettext_lazy("Mongolian"),
    "en": gettext_lazy("English"),
}


def language_name(code: str) -> str:
    """The name of a language in the active language, for sentences and labels of the page. (A list where
    people choose their language names each in itself: language_choices.)"""
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def fallback_chain(language: str | None = None) -> list[str]:
    """The reader's language, then settings.CONTENT_FALLBACK_LANGUAGES, then every other configured language."""
    first = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return list(_chain(first))


@functools.lru_cache(maxsize=64)
def _chain(first: str) -> tuple[str, ...]:
    """Remembered per language: every translated text a page prints walks this chain, several hundred times
    on a long list (the board prints 225), and reading the two settings each time was most of its cost.
    Forgotten when either setting changes (`override_settings` in tests: `_forget_chains`)."""
    chain = [first]
    for code in (*getattr(settings, "CONTENT_FALLBACK_LANGUAGES", ()), *content_languages()):
        if code not in chain:
            chain.append(code)
    return tuple(chain)


@receiver(setting_changed)
def _forget_chains(*, setting: str, **_kwargs: object) -> None:
    if setting in ("LANGUAGES", "CONTENT_FALLBACK_LANGUAGES"):
        _chain.cache_clear()


def text_in(values: Mapping[str, str] | None, chain: Sequence[str]) -> str:
    """The text a reader with this fallback chain sees of a translated value: a TranslatedText, or the plain
    dict `.values()` reads, which a list printing hundreds of them passes without building one each."""
    if not values:
        return ""
    for code in chain:
        text = values.get(code)
        if text:
            return text
    return next((text for text in values.values() if text), "")


class TranslatedText(dict[str, str]):
    """{language code: text}. Printed (`str()`, `{{ obj.title }}`, f-strings) it is the text in the active
    language, else the first language of the fallback chain that has one, else "".

    Empty texts are never stored: a language is either written or missing (`missing()`).
    """

    def __init__(self, values: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None) -> None:
        super().__init__()
        for code, text in dict(values or {}).items():
            if text is None:
                continue
            if not isinstance(text, str):
                raise TypeError(f"text in {code!r} must be a string, not {type(text).__name__}")
            text = text.strip()
            if text:
                self[str(code)] = text

    def shown_language(self, language: str | None = None) -> str | None:
        """The language whose text a reader of `language` sees (None when nothing is written)."""
        for code in fallback_chain(language):
            if self.get(code):
                return code
        # Text in a language that is no longer configured is still better than nothing.
        return next(iter(self), None)

    def in_language(self, language: str | None = None) -> str:
        return text_in(self, fallback_chain(language))

    def missing(self, languages: Iterable[str] | None = None) -> list[str]:
        """The configured languages that have no text yet."""
        return [code for code in (languages or content_languages()) if not self.get(code)]

    @property
    def lang(self) -> str:
        """The language of the text shown to the current reader: for a `lang` attribute."""
        return self.shown_language() or ""

    @property
    def is_fallback(self) -> bool:
        """True when the reader sees another language than their own (the page should mark it)."""
        current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        shown = self.shown_language()
        return shown is not None and shown != current

    def __str__(self) -> str:
        return self.in_language()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def as_translated(value: Any) -> TranslatedText:
    """What a model attribute holds: a TranslatedText, whatever dict (or None) was assigned."""
    if isinstance(value, TranslatedText):
        return value
    if value is None:
        return TranslatedText()
    if isinstance(value, Mapping):
        return TranslatedText(value)
    raise TypeError(
        "a translated text takes a dict of language code to text, e.g. {'ja': '…', 'mn': '…'}, "
        f"not {type(value).__name__}"
    )
