"""The skill taxonomy: one `Skill` per entry, which lessons, quizzes, exercises and assignments are
tagged with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.i18n import localized


class Skill(models.Model):
    """One entry of the skill taxonomy (reference/skills_dss.yaml), editable by the program office."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=60)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_mn = models.CharField(_("name (Mongolian)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ("group", "key")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
