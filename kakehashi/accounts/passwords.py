from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Django's Mongolian catalog has these help texts of its validators only under their old msgids ("can't",
# before Django wrote "can’t"), so it finds no Mongolian for them and, as it does for any msgid missing
# in a language, falls back to the catalog of LANGUAGE_CODE: the Mongolian password pages showed them in
# Japanese. Our catalog (LOCALE_PATHS is read before Django's) carries them; marked here so that
# makemessages keeps them. kakehashi/accounts/tests/test_password_help.py checks each language.
DJANGO_HELP_TEXTS = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
)


class MaximumLengthValidator:
    """Refuse passwords longer than `max_length` characters: 64 are accepted, as ASVS asks."""

    def __init__(self, max_length: int = 64) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long. It must contain at most %(max)d characters.")
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain at most %(max)d characters.") % {"max": self.max_length}
