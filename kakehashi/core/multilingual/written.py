"""Text shown as its author wrote it, marked with the language it is in (issue 19, WCAG 3.1.2).

A mentor's comment, an expense's payee, a company's answer: free text typed once, in whatever language its
author writes, and shown to readers of every language as it is. Screen readers read it with the right voice,
and the wrong-language check (kakehashi.core.testing.language_check) knows it is deliberate, only when the
element holding it carries a `lang` attribute. When the model stores the writer's language
(`DailyReport.language`), that is used; otherwise the language is read from the script the text is written
in, which is enough for the three scripts of the program: kana and kanji are Japanese, Cyrillic is Mongolian,
Latin letters are English.

A bilingual text written as "日本語 / English" (offer titles, document names) is two texts: each half is
marked with its own language.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# One kana or kanji carries about as much as a word of three Latin or Cyrillic letters: "IoT技術者" is
# Japanese, "SIMカードがまだ届いていません" too, "MIAT Mongolian Airlines" English.
WEIGHTS = {"ja": 3, "mn": 1, "en": 1}
# "IoT技術者 / IoT engineer", "Баталгааны захидал (身元保証書)", "毎日この時刻までに / Өдөр бүр…"
PAIR = re.compile(r"^(?P<first>.+?)(?P<sep>\s+/\s+)(?P<second>.+)$", re.DOTALL)
PARENTHESIS = re.compile(
    r"^(?P<first>.+?)(?P<sep>\s*[(（])(?P<second>[^()（）]+)(?P<close>[)）])$", re.DOTALL
)


def page_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def script_language(text: str) -> str | None:
    """The language a text is written in, read from its letters (None when it has none: "12:00", "–")."""
    counts = {
        "ja": len(JAPANESE.findall(text)) * WEIGHTS["ja"],
        "mn": len(CYRILLIC.findall(text)) * WEIGHTS["mn"],
        "en": len(LATIN.findall(text)) * WEIGHTS["en"],
    }
    language, count = max(counts.items(), key=lambda item: item[1])
    return language if count else None


def written_lang(text: object, language: str | None = None) -> str:
    """The `lang` a text needs on the current page: its language when it differs from the page's, else ""."""
    shown = language or script_language(str(text or ""))
    return shown if shown and shown != page_language() else ""


def as_written(text: object, language: str | None = None) -> SafeString:
    """The text, escaped, in a `<span lang="…">` when it is in another language than the page's; a
    bilingual "A / B" or "A (B)" has each half marked. `language`: the writer's language, when known."""
    value = "" if text is None else str(text)
    if not value.strip():
        return conditional_escape(value)
    if not language:
        halves = _bilingual(value)
        if halves:
            first, separator, second, close = halves
            return format_html("{}{}{}{}", as_written(first), separator, as_written(second), close)
    lang = written_lang(value, language)
    if not lang:
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', lang, value)


def _bilingual(value: str) -> list[str] | None:
    """[first, separator, second(, closing)] when `value` is two halves in two languages."""
    for pattern in (PAIR, PARENTHESIS):
        match = pattern.match(value.strip())
        if not match:
            continue
        first, second = script_language(match["first"]), script_language(match["second"])
        if first and second and first != second:
            return [match["first"], match["sep"], match["second"], match.groupdict().get("close") or ""]
    return None
