"""A student's `Application` in a round (profile, CV, consent, the college's nomination and its
confirmation) and its ranking of places, one `Choice` a line. `cv_path` is referenced by the migrations
as `kakehashi.internships.models.cv_path` and is re-exported there."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts import names
from kakehashi.accounts.models import Organization, by_name
from kakehashi.accounts.name_fields import NamePartFields
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.validators import no_control_characters, validate_web_links
from kakehashi.internships.models.places import JapaneseLevel, Place
from kakehashi.internships.models.rounds import Round


class Nomination(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    NOMINATED = "nominated", _("Nominated")
    NOT_NOMINATED = "not_nominated", _("Not nominated")


def cv_path(instance: "Application", filename: str) -> str:
    return f"internships/cv/round-{instance.round_id}/{instance.student_id}.pdf"


NAME_PART_FIELDS = (
    "family_name_latin",
    "given_name_latin",
    "family_name_local",
    "given_name_local",
    "family_name_reading",
    "given_name_reading",
)
SINGLE_LINE_NAME_FIELDS = ("name_latin", "name_cyrillic")
SORT_KEY_FIELDS = tuple(f"sort_key_{language}" for language in names.SORT_LANGUAGES)
NAME_FIELDS = frozenset((*NAME_PART_FIELDS, *SINGLE_LINE_NAME_FIELDS))


def name_parts_of(person: names.HasNameParts) -> dict[str, str]:
    """A person's name parts as an application's fields: a student's application starts from the name on
    their account."""
    parts = names.parts_of(person)
    return {
        "family_name_latin": parts.family_latin,
        "given_name_latin": parts.given_latin,
        "family_name_local": parts.family_local,
        "given_name_local": parts.given_local,
        "family_name_reading": parts.family_reading,
        "given_name_reading": parts.given_reading,
    }


def applications_by_name(language: str | None = None, prefix: str = "") -> tuple[str, ...]:
    """`order_by` arguments listing applications as `language` (default: the page's) sorts names, by the
    application's own sort key (the name as the student wrote it on the form); `prefix` reaches them
    through a relation ("application__")."""
    return by_name(language, prefix)


class ApplicationManager(models.Manager["Application"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["Application"]:
        """save() is skipped: the name parts, single-line names and sort keys are filled here instead."""
        applications = list(objs)
        for application in applications:
            if hasattr(application, "fill_name_fields"):  # not the historical model of a migration
                application.fill_name_fields()
        return super().bulk_create(applications, *args, **kwargs)


class Application(NamePartFields, TimeStampedModel):
    """A student's application in a round, with their profile, consent, and the screening decisions.

    The name is kept as the student wrote it on the form, in parts as `User` keeps it (kakehashi.accounts.
    names, docs/names.md): `name_latin` and `name_cyrillic` are its single-line form (Latin given name first,
    own script family name first), written on save from the parts, for search and documents."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applications")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="internship_applications"
    )
    college = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="internship_applications"
    )
    name_latin = models.CharField(
        _("name in Latin script"), max_length=150, validators=[no_control_characters]
    )
    name_cyrillic = models.CharField(
        _("name in Cyrillic"), max_length=150, blank=True, validators=[no_control_characters]
    )
    department = models.CharField(_("department"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("year of study"), default=1)
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    japanese_level = models.CharField(
        _("Japanese level"), max_length=4, choices=JapaneseLevel.choices, default=JapaneseLevel.NONE
    )
    portfolio_links = models.TextField(
        _("portfolio links"), blank=True, help_text=_("One link a line."), validators=[validate_web_links]
    )
    statement = models.TextField(_("statement"), blank=True)
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_path, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    nomination = models.CharField(
        _("nomination"), max_length=15, choices=Nomination.choices, default=Nomination.PENDING
    )
    nomination_reason = models.TextField(_("reason"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every change of the student's ranking of places (optimistic locking).
    ranking_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ApplicationManager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("sort_key_en", "pk")
        constraints = [models.UniqueConstraint(fields=["round", "student"], name="one_application_per_round")]
        indexes = [
            models.Index(fields=["round", "college", "nomination"]),
            # A round's applicants in each language's order (names.sort_key, `applications_by_name`): lists
            # of applicants and a run's rows read a page along it, unsorted.
            models.Index(fields=["round", "sort_key_ja", "id"], name="internships_app_sort_ja"),
            models.Index(fields=["round", "sort_key_mn", "id"], name="internships_app_sort_mn"),
            models.Index(fields=["round", "sort_key_en", "id"], name="internships_app_sort_en"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("internships:application_detail", args=[self.pk])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the single-line names were when loaded: code that still sets them (not the parts) is seen.
        self._single_line_names = (self.__dict__.get("name_latin"), self.__dict__.get("name_cyrillic"))

    @property
    def name_local(self) -> str:
        """The single-line name in the student's own script (names.HasNameParts calls it name_local)."""
        return self.name_cyrillic

    @name_local.setter
    def name_local(self, value: str) -> None:
        self.name_cyrillic = value

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.fill_name_fields()
        elif NAME_FIELDS & set(update_fields):
            self.fill_name_fields()
            kwargs["update_fields"] = set(update_fields) | NAME_FIELDS | set(SORT_KEY_FIELDS)
        super().save(*args, **kwargs)

    def fill_name_fields(self) -> None:
        """The parts from the single-line names when only those were set (older code, fixtures), the
        single-line names from the parts, and the sort keys. `bulk_create` calls this (save is skipped)."""
        single_line = (self.__dict__.get("name_latin"), self.__dict__.get("name_cyrillic"))
        if single_line != self._single_line_names:
            split = names.split_full_names(self.name_latin or "", self.name_cyrillic or "")
            self.family_name_latin, self.given_name_latin = split.family_latin, split.given_latin
            self.family_name_local, self.given_name_local = split.family_local, split.given_local
            if single_line[1] != self._single_line_names[1]:
                self.family_name_reading = self.given_name_reading = ""
        parts = names.parts_of(self)
        self.family_name_latin, self.given_name_latin = parts.family_latin, parts.given_latin
        self.family_name_local, self.given_name_local = parts.family_local, parts.given_local
        self.name_latin = parts.latin
        self.name_cyrillic = parts.local
        for language in names.SORT_LANGUAGES:
            setattr(self, f"sort_key_{language}", names.sort_key(self, language))
        self._single_line_names = (self.name_latin, self.name_cyrillic)

    def _name(self) -> names.HasNameParts:
        return self

    @property
    def display_name(self) -> str:
        """The full name in the page language's order (docs/names.md): a ja page "ALTANGEREL Anujin", an mn
        page "Алтангэрэл Анужин", an en page "Anujin Altangerel"; in HTML a name in another script than the
        page's carries its `lang` (names.NameOnPage)."""
        return names.NameOnPage(names.full_name(self._name(), get_language()) or self.name_latin)

    @property
    def short_name(self) -> str:
        return names.NameOnPage(names.short_name(self._name(), get_language()) or self.name_latin)

    @property
    def name_in_both_scripts(self) -> str:
        """Own script, then Latin: "Алтангэрэл Анужин (Anujin Altangerel)", for documents read on both sides."""
        if self.name_cyrillic and self.name_cyrillic != self.name_latin:
            return f"{self.name_cyrillic} ({self.name_latin})"
        return self.name_latin

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.nomination == Nomination.NOMINATED and self.confirmed_at is not None

    @property
    def key(self) -> str:
        """The student's id in a matching instance."""
        return f"a{self.pk}"


class Choice(models.Model):
    """One line of a student's ranking: a place and its position (1 is the first choice)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ("application", "position")
        constraints = [models.UniqueConstraint(fields=["application", "place"], name="rank_a_place_once")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.position}. {self.place_id}"
