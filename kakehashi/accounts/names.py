"""People's names: family and given name in Latin script and in the person's own script, a reading (kana)
for Japanese names, each language's order to show them in, and each language's order to sort them by.

One door for every page, export and API answer:

    full_name(person, "ja")   -> "山田 太郎"        (Japanese script: family given, no comma)
    full_name(person, "en")   -> "Taro Yamada"      (Latin: given family)
    full_name(person, "mn")   -> "Батбаяр Сүхбат"   (Mongolian: patronymic given)
    short_name(person, "mn")  -> "Б. Сүхбат"        (patronymic initial, given)
    sort_key(person, "ja")    -> a string the database orders as Japanese lists are ordered (gojūon of the
                                 reading), likewise for "mn" (Mongolian Cyrillic alphabet) and "en" (family
                                 name first)

`User.display_name` / `short_name` call these with the active language. Rules chosen here (docs/names.md):

- ja pages show a name in Japanese script as family + given; a name that has none (a Mongolian student)
  in Latin script as FAMILY Given (the family name in capitals, the order of the residence card), so a
  Japanese reader knows which word is the family name.
- en pages: Given Family in Latin script.
- mn pages: a Cyrillic name as patronymic + given ("Батбаяр Сүхбат"), short "Б. Сүхбат"; a person without a
  Cyrillic name in Latin script in the same order ("Takahashi Misaki", "T. Misaki").
- Anything else (a fourth language) reads like en until it gets its own rule.

Sort keys hold digits only, five per letter (the letter's rank in the language's alphabet), so every database
collation orders them as Python does: no locale can reorder or contract digits.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

# --- scripts ---------------------------------------------------------------------------------------


def _is_kana(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff" or "\uff66" <= char <= "\uff9f"


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"


def is_japanese(text: str) -> bool:
    return any(_is_kana(c) or _is_han(c) for c in text)


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def is_kana_only(text: str) -> bool:
    """A reading: hiragana or katakana, spaces, the long-vowel mark and the middle dot."""
    return all(_is_kana(c) or c.isspace() for c in text)


# --- parts -----------------------------------------------------------------------------------------


class HasNameParts(Protocol):
    family_name_latin: str
    given_name_latin: str
    family_name_local: str
    given_name_local: str
    family_name_reading: str
    given_name_reading: str
    name_latin: str
    name_local: str


@dataclass(frozen=True)
class NameParts:
    family_latin: str = ""
    given_latin: str = ""
    family_local: str = ""
    given_local: str = ""
    family_reading: str = ""
    given_reading: str = ""

    @property
    def local(self) -> str:
        return join(self.family_local, self.given_local)

    @property
    def reading(self) -> str:
        return join(self.family_reading, self.given_reading)

    @property
    def latin(self) -> str:
        """The single-line Latin name, given name first (as en pages show it): "Sukhbat Batbayar"."""
        return join(self.given_latin, self.family_latin)


def join(*words: str) -> str:
    return " ".join(w for w in words if w)


def _split(text: str, *, family_first: bool) -> tuple[str, str]:
    """(family, given): a one-word name is a given name only; nothing is dropped."""
    words = text.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if len(capitals) == 1 and len(capitals) < len(words):
        # "YAMADA Taro", "Sukhbat BATBAYAR": a word in capitals is the family name, wherever it stands.
        index = words.index(capitals[0])
        return words[index], " ".join(words[:index] + words[index + 1 :])
    if family_first:
        return words[0], " ".join(words[1:])
    return words[-1], " ".join(words[:-1])


# The first Latin letters a Cyrillic letter is written with ("Х" -> "Kh"): enough to tell which Latin word
# is the patronymic of a Mongolian name.
_CYRILLIC_INITIALS = {
    "а": "a", "б": "b", "в": "vw", "г": "g", "д": "d", "е": "ey", "ё": "y", "ж": "jz", "з": "z",
    "и": "i", "й": "iy", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "ө": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "tc", "ч": "c",
    "ш": "s", "щ": "s", "ы": "y", "э": "e", "ю": "y", "я": "y",
}  # fmt: skip


def _same_initial(latin_word: str, cyrillic_word: str) -> bool:
    if not latin_word or not cyrillic_word:
        return False
    first = _fold_latin(latin_word)[:1]
    return bool(first) and first in _CYRILLIC_INITIALS.get(cyrillic_word[0].lower(), "")


def split_full_names(name_latin: str, name_local: str) -> NameParts:
    """Family and given name from the two single-line names kept before they were stored apart.

    - In Japanese or Cyrillic script the first word is the family name (patronymic): "山田 太郎",
      "Батбаяр Сүхбат". A name without a space ("山田太郎") is kept whole as the given name.
    - In Latin script a word in capitals is the family name. Otherwise the given name comes first
      ("Misaki Takahashi", "Mary Smith", and how the model writes name_latin), except where the initials
      show a Mongolian's Latin name follows the Cyrillic one: "Batbayar Sukhbat" beside "Батбаяр Сүхбат".
    """
    local = name_local.strip()
    family_local, given_local = _split(local, family_first=is_japanese(local) or is_cyrillic(local))
    latin_words = name_latin.split()
    first_is_family = (
        is_cyrillic(local)
        and len(latin_words) == 2
        and _same_initial(latin_words[0], family_local)
        and not _same_initial(latin_words[1], family_local)
    )
    family_first = first_is_family
    family_latin, given_latin = _split(name_latin.strip(), family_first=family_first)
    return NameParts(
        family_latin=family_latin, given_latin=given_latin, family_local=family_local, given_local=given_local
    )


def parts_of(person: HasNameParts) -> NameParts:
    """The stored parts, or (a row written before the parts existed, or by bulk_create) the split names."""
    parts = NameParts(
        family_latin=person.family_name_latin or "",
        given_latin=person.given_name_latin or "",
        family_local=person.family_name_local or "",
        given_local=person.given_name_local or "",
        family_reading=person.family_name_reading or "",
        given_reading=person.given_name_reading or "",
    )
    if parts.family_latin or parts.given_latin or parts.family_local or parts.given_local:
        return parts
    split = split_full_names(person.name_latin or "", person.name_local or "")
    return NameParts(
        family_latin=split.family_latin,
        given_latin=split.given_latin,
        family_local=split.family_local,
        given_local=split.given_local,
        family_reading=parts.family_reading,
        given_reading=parts.given_reading,
    )


# The User fields a name is made of: `.values(*name_values("case__intern__"))` and `from_values` show a
# name without loading the person.
NAME_FIELDS = (
    "name_latin",
    "name_local",
    "family_name_latin",
    "given_name_latin",
    "family_name_local",
    "given_name_local",
    "family_name_reading",
    "given_name_reading",
)


def name_values(prefix: str = "") -> list[str]:
    return [prefix + field for field in NAME_FIELDS]


def from_values(row: dict[str, object], prefix: str = "") -> HasNameParts:
    from types import SimpleNamespace

    return SimpleNamespace(**{field: row.get(prefix + field) or "" for field in NAME_FIELDS})  # type: ignore[return-value]


# --- display ---------------------------------------------------------------------------------------


def _language(language: str | None) -> str:
    return (language or "en").split("-")[0].lower()


def full_name(person: HasNameParts, language: str | None) -> str:
    p = parts_of(person)
    lang = _language(language)
    if lang == "ja":
        if is_japanese(p.local):
            return p.local
        return join(p.family_latin.upper(), p.given_latin) or p.local
    if lang == "mn":
        if is_cyrillic(p.local):
            return p.local
        return join(p.family_latin, p.given_latin) or p.local
    return join(p.given_latin, p.family_latin) or p.local


def short_name(person: HasNameParts, language: str | None) -> str:
    """How a page addresses or lists someone briefly: ja the family name in Japanese script (山田), en the
    given name, mn the patronymic's initial and the given name (Б. Сүхбат)."""
    p = parts_of(person)
    lang = _language(language)
    if lang == "ja":
        if is_japanese(p.local):
            return p.family_local or p.given_local
        return p.given_latin or p.family_latin
    if lang == "mn":
        family, given = (
            (p.family_local, p.given_local) if is_cyrillic(p.local) else (p.family_latin, p.given_latin)
        )
        if family and given:
            return f"{family[0].upper()}. {given}"
        return given or family
    return p.given_latin or p.family_latin or p.given_local or p.family_local


# --- sorting ---------------------------------------------------------------------------------------

SORT_KEY_LENGTH = 255
_WIDTH = 5
_SEPARATOR = 1  # between family and given name: "Li" before "Lim"
_LATIN = "abcdefghijklmnopqrstuvwxyz"
# The Mongolian Cyrillic alphabet: Ё after Е, Ө after О, Ү after У (Unicode puts them elsewhere).
_MONGOLIAN = "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя"
# Gojūon order of the base kana; voiced and small kana sort with their base (が with か, ゃ with や).
_GOJUON = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん"
_SMALL = {"ぁ": "あ", "ぃ": "い", "ぅ": "う", "ぇ": "え", "ぉ": "お", "っ": "つ", "ゃ": "や", "ゅ": "ゆ", "ょ": "よ",
          "ゎ": "わ", "ゕ": "か", "ゖ": "け"}  # fmt: skip
_VOWEL = {}
for _row_start in range(0, 40, 5):
    for _column, _vowel in enumerate("あいうえお"):
        _VOWEL[_GOJUON[_row_start + _column]] = _vowel
_VOWEL.update({"や": "あ", "ゆ": "う", "よ": "お", "わ": "あ", "ゐ": "い", "ゑ": "え", "を": "お"})

# Blocks of ranks per language: the language's own script first.
_BLOCKS = {
    "ja": {"latin": 100, "kana": 300, "cyrillic": 400},
    "mn": {"cyrillic": 100, "latin": 200, "kana": 300},
    "en": {"latin": 100, "cyrillic": 200, "kana": 300},
}
_OTHER = 1000  # + code point: kanji and other scripts after every alphabet


def _fold_latin(text: str) -> str:
    """Lower case without accents: "Ölziibat" -> "olziibat"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _hiragana(char: str) -> str:
    char = unicodedata.normalize("NFKC", char)  # half-width katakana to full width
    if "\u30a1" <= char <= "\u30f6":
        return chr(ord(char) - 0x60)
    return char


def _kana_ranks(text: str, base: int) -> tuple[list[int], list[int]]:
    """Primary ranks (gojūon of the base kana) and secondary ones (small < plain < voiced < semi-voiced)."""
    primary: list[int] = []
    secondary: list[int] = []
    previous = ""
    for raw in text:
        char = _hiragana(raw)
        if char in "ーｰ":
            char = _VOWEL.get(previous, "")
            if not char:
                continue
            primary.append(base + _GOJUON.index(char))
            secondary.append(1)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        head, marks = decomposed[0], decomposed[1:]
        small = head in _SMALL
        head = _SMALL.get(head, head)
        if head not in _GOJUON:
            continue
        voicing = 2 if "\u3099" in marks else 3 if "\u309a" in marks else 1
        primary.append(base + _GOJUON.index(head))
        secondary.append(0 if small else voicing)
        previous = head
    return primary, secondary


def _ranks(text: str, language: str) -> tuple[list[int], list[int]]:
    blocks = _BLOCKS.get(language, _BLOCKS["en"])
    primary: list[int] = []
    secondary: list[int] = []
    for char in text:
        lower = char.lower()
        if lower in _MONGOLIAN:
            primary.append(blocks["cyrillic"] + _MONGOLIAN.index(lower))
        elif _is_kana(char):
            kana, marks = _kana_ranks(char, blocks["kana"])
            primary += kana
            secondary += marks
        elif folded := [c for c in _fold_latin(char) if c in _LATIN]:
            primary += [blocks["latin"] + _LATIN.index(c) for c in folded]
        elif char.isdigit() and char.isascii():
            primary.append(10 + int(char))
        elif char.isalpha():
            primary.append(min(_OTHER + ord(char), 10**_WIDTH - 1))
        # Spaces, hyphens, apostrophes and dots do not count: "Bat-Erdene" sorts as "baterdene".
    return primary, secondary


def _encode(ranks: list[int]) -> str:
    return "".join(f"{rank:0{_WIDTH}d}" for rank in ranks)


def sort_key(person: HasNameParts, language: str) -> str:
    """Digits that order people as the language's lists do; family name first in every language.

    ja: the reading in gojūon order (voiced and small kana with their base, then told apart); a name
        without a reading by its Latin letters (before kana, as Japanese lists put the alphabet) or else
        its characters. en: the Latin family name, then the given name. mn: the Cyrillic patronymic, then
        the given name, in the Mongolian alphabet (Ө after О, Ү after У); a name without Cyrillic by its
        Latin letters after every Cyrillic one.
    """
    p = parts_of(person)
    lang = _language(language)
    if lang == "ja" and p.reading:
        pairs = [_ranks(p.family_reading, "ja"), _ranks(p.given_reading, "ja")]
    elif lang == "ja" and is_japanese(p.local) and not (p.family_latin or p.given_latin):
        pairs = [_ranks(p.family_local, "ja"), _ranks(p.given_local, "ja")]
    elif lang == "ja":
        pairs = [_ranks(p.family_latin, "ja"), _ranks(p.given_latin, "ja")]
        if not any(primary for primary, _secondary in pairs):
            pairs = [_ranks(p.family_local, "ja"), _ranks(p.given_local, "ja")]
    elif lang == "mn" and is_cyrillic(p.local):
        pairs = [_ranks(p.family_local, "mn"), _ranks(p.given_local, "mn")]
    else:
        pairs = [_ranks(p.family_latin, lang), _ranks(p.given_latin, lang)]
        if not any(primary for primary, _secondary in pairs):
            pairs = [_ranks(p.family_local, lang), _ranks(p.given_local, lang)]
    (family, family_marks), (given, given_marks) = pairs
    key = _encode([*family, _SEPARATOR, *given])
    if family_marks or given_marks:
        key += _encode([_SEPARATOR, *family_marks, *given_marks])
    return key[:SORT_KEY_LENGTH]


SORT_LANGUAGES = ("ja", "mn", "en")


def sort_key_field(language: str | None) -> str:
    """The User column holding `language`'s sort key (a fourth language sorts as en until it has one)."""
    lang = _language(language)
    return f"sort_key_{lang if lang in SORT_LANGUAGES else 'en'}"


def script_language(text: str) -> str:
    """The language a name's script says it is written in: kana or kanji "ja", Cyrillic "mn", else ""."""
    for character in text:
        if "\u3040" <= character <= "\u30ff" or "\u4e00" <= character <= "\u9fff":
            return "ja"
        if "\u0400" <= character <= "\u04ff":
            return "mn"
    return ""


class NameOnPage(str):
    """A person's name as a page shows it. In HTML (`{{ person.display_name }}`) it carries the `lang` of its
    script when that is not the page's language — a Mongolian name on a Japanese page is read by a screen
    reader in Mongolian (WCAG 3.1.2). Anywhere else (f-strings, emails, `%`) it is the plain text."""

    def __html__(self) -> str:
        from django.utils.html import escape
        from django.utils.translation import get_language

        text = escape(str(self))
        code = script_language(self)
        if code and code != (get_language() or "en").split("-")[0]:
            return f'<span lang="{code}">{text}</span>'
        return text
