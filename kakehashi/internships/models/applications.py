"""A student's `Application` in a round (profile, CV, consent, the college's nomination and its
confirmation) and its ranking of places, one `Choice` a line. `cv_path` is referenced by the migrations
as `kakehashi.internships.models.cv_path` and is re-exported there."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts import names
from kakehashi.accounts.models import Organization
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


class Application(TimeStampedModel):
    """A student's application in a round, with their profile, consent, and the screening decisions."""

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

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("name_latin", "pk")
        constraints = [models.UniqueConstraint(fields=["round", "student"], name="one_application_per_round")]
        indexes = [
            models.Index(fields=["round", "college", "nomination"]),
            # Lists of a round's applicants by name (and a run's rows) read a page along it, unsorted.
            models.Index(fields=["round", "name_latin", "id"], name="internships_app_round_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("internships:application_detail", args=[self.pk])

    def _name(self) -> names.HasNameParts:
        # The application keeps the name as the student wrote it on the form, on two lines; names.py splits
        # them into family and given name as it does for people stored before their names had parts.
        return names.from_values({"name_latin": self.name_latin, "name_local": self.name_cyrillic})

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
