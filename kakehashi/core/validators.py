"""Checks of what people type, shared by models, forms and imports: one rule in one place."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Only web addresses become links: javascript:, data: or vbscript: in an href runs in the reader's session.
WEB_SCHEMES = ["http", "https"]
WEB_URL_MESSAGE = _("Enter a web address that starts with http:// or https://.")
_web_url = URLValidator(schemes=WEB_SCHEMES, message=WEB_URL_MESSAGE)


def validate_web_url(value: str) -> None:
    """An http(s) address, or ValidationError saying so."""
    _web_url(value)


def validate_web_links(value: str) -> None:
    """Several web addresses, one a line (portfolio links): each must be http(s)."""
    for line in value.splitlines():
        link = line.strip()
        if link and not is_web_url(link):
            raise ValidationError(
                _(
                    "Each link must be a web address that starts with http:// or https://. This one is not: %(link)s"
                ),
                code="invalid",
                params={"link": link},
            )


def is_web_url(value: object) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        _web_url(value)
    except ValidationError:
        return False
    return True


# Control characters (Cc: line breaks, tabs, escape...), invisible format characters (Cf: right-to-left
# override, zero-width ones) and the Unicode line and paragraph separators. A name carrying "\r\nBcc: ..."
# breaks the email headers it is written into, and the notification to the safety officer with them.
_NOT_ON_ONE_LINE = frozenset({"Cc", "Cf", "Zl", "Zp"})
SINGLE_LINE_MESSAGE = _("Write this on one line, without line breaks, tabs or other control characters.")


def single_line(value: str) -> str:
    """The text with control characters and line breaks turned into single spaces: for an email subject
    made from a name stored before names were checked."""
    spaced = "".join(" " if unicodedata.category(c) in _NOT_ON_ONE_LINE else c for c in value)
    return " ".join(spaced.split())


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(character) in _NOT_ON_ONE_LINE for character in value)


def no_control_characters(value: str) -> None:
    """For names and other single-line text: refuses control characters, line breaks included."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")
