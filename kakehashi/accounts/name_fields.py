"""The columns of a name kept in parts (kakehashi.accounts.names, docs/names.md), shared by the person
(`accounts.User`) and the name a student writes on an application (`internships.Application`): both
print, sort and search names the same way, so both keep the same parts and the same sort keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.names import SORT_KEY_LENGTH
from kakehashi.core.validators import no_control_characters


class NamePartFields(models.Model):
    family_name_latin = models.CharField(
        _("family name (Latin script)"), max_length=75, blank=True, validators=[no_control_characters]
    )
    given_name_latin = models.CharField(
        _("given name (Latin script)"), max_length=75, blank=True, validators=[no_control_characters]
    )
    family_name_local = models.CharField(
        _("family name (Japanese or Cyrillic)"),
        max_length=75,
        blank=True,
        validators=[no_control_characters],
    )
    given_name_local = models.CharField(
        _("given name (Japanese or Cyrillic)"),
        max_length=75,
        blank=True,
        validators=[no_control_characters],
    )
    family_name_reading = models.CharField(
        _("family name reading (kana)"), max_length=75, blank=True, validators=[no_control_characters]
    )
    given_name_reading = models.CharField(
        _("given name reading (kana)"), max_length=75, blank=True, validators=[no_control_characters]
    )
    # Digits ordering names as each language's lists do (names.sort_key); filled on save.
    sort_key_ja = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, default="", editable=False)
    sort_key_mn = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, default="", editable=False)
    sort_key_en = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, default="", editable=False)

    class Meta:
        abstract = True
