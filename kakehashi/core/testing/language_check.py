"""Text on a page in another language than the page's, found the way a reader would notice it.

The rule (issue 19): on a Mongolian or Japanese page, everything a person reads is in that language, except
what is marked as deliberately in another one (an element with its own `lang`, WCAG 3.1.2: a name in its
own script, a comment as its author wrote it) and what has no translation (e-mail and web addresses,
numbers, the product and program names in ALLOWED_WORDS). Flagged:
- kana or kanji on a Mongolian page; Cyrillic on a Japanese page;
- three or more English words in a row;
- internal keys (`careers.hired`) and raw codes (`in_progress`), and Python's None/True/False.
"""

import re
from collections.abc import Iterator

from lxml import html as lxml_html

SKIPPED_TAGS = {"script", "style", "template", "noscript", "code", "pre", "textarea", "svg", "math", "title"}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|\b[\w-]+(\.[\w-]+)+/\S*")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
APPS = (
    "accounts|learning|companies|internships|operations|careers|programme|privacy|notifications|certificates"
)
INTERNAL_KEY = re.compile(rf"\b(?:{APPS})\.[a-z0-9_]+\b|\b[a-z]+_[a-z0-9_]+\b|\b(?:None|True|False)\b")
# Names with no translation, and abbreviations every reader of the program uses as they are.
ALLOWED_WORDS = {
    word.lower()
    for word in [
        "Kakehashi",
        "KOSEN",
        "JICA",
        "NAZE",
        "IoT",
        "AI",
        "ICT",
        "DX",
        "LINE",
        "Messenger",
        "SMS",
        "PDF",
        "XLSX",
        "CSV",
        "API",
        "JSON",
        "IATI",
        "JLPT",
        "NAT",
        "PDM",
        "TOTP",
        "QR",
        "URL",
        "Excel",
        "Wi-Fi",
        "SIM",
        "OK",
        "CV",
        "ID",
        "MB",
        "KB",
        "GB",
        "PNG",
        "JPEG",
        "OpenAPI",
        "Swagger",
        "Zoom",
        "Teams",
        "Python",
        "Arduino",
        "Raspberry",
        "Pi",
    ]
}


def visible_texts(page: str, language: str) -> Iterator[str]:
    """Each text node and read attribute of the page that is in the page's language by its markup."""
    tree = lxml_html.fromstring(page)
    body = tree.find("body")
    if body is None:
        return
    yield from _walk(body, language)


def _walk(element: lxml_html.HtmlElement, language: str) -> Iterator[str]:
    if not isinstance(element.tag, str) or element.tag in SKIPPED_TAGS:
        return
    lang = (element.get("lang") or "").split("-")[0]
    if (lang and lang != language) or element.get("translate") == "no":
        return
    if element.text:
        yield element.text
    for attribute in READ_ATTRIBUTES:
        if element.get(attribute):
            yield element.get(attribute)
    if element.tag == "input" and element.get("type") in {"submit", "button"} and element.get("value"):
        yield element.get("value")
    for child in element:
        yield from _walk(child, language)
        if child.tail:
            yield child.tail


def wrong_language(page: str, language: str) -> list[str]:
    """What on `page` (HTML) a reader of `language` would find in another language, each with why."""
    found: list[str] = []
    for raw in visible_texts(page, language):
        text = ADDRESSES.sub(" ", " ".join(raw.split()))
        if not text:
            continue
        if language == "mn" and JAPANESE.search(text):
            found.append(f"Japanese on a Mongolian page: {text!r}")
        if language == "ja" and CYRILLIC.search(text):
            found.append(f"Cyrillic on a Japanese page: {text!r}")
        if language in {"mn", "ja"} and _english_run(text):
            found.append(f"English on a {language} page: {text!r}")
        key = INTERNAL_KEY.search(text)
        if key:
            found.append(f"internal key or code {key.group(0)!r}: {text!r}")
    return found


def _english_run(text: str, length: int = 3) -> bool:
    run = 0
    for token in re.split(r"[\s,.;:()/·|–—!?\"“”]+", text):
        if LATIN_WORD.fullmatch(token) and token.lower() not in ALLOWED_WORDS:
            run += 1
            if run >= length:
                return True
        elif token:
            run = 0
    return False
