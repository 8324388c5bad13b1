"""Internship places a host company offers in a round (`Place`), with their review status
(`PlaceStatus`) and the Japanese level they ask for (`JapaneseLevel`, also used by applications)."""

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.query import DEFAULT_ORDER_LANGUAGES, translated_order
from kakehashi.internships.models.rounds import Round


class JapaneseLevel(models.TextChoices):
    N1 = "N1", "JLPT N1"
    N2 = "N2", "JLPT N2"
    N3 = "N3", "JLPT N3"
    N4 = "N4", "JLPT N4"
    N5 = "N5", "JLPT N5"
    NONE = "none", _("None")


class PlaceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Place(TimeStampedModel):
    """An internship place a host company offers in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="places")
    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="internship_places")
    title = TranslatedField(_("title"), max_length=200)
    description = TranslatedField(_("description"), multiline=True, blank=True)
    field = models.CharField(_("field"), max_length=100)
    skills = models.CharField(_("skills wanted"), max_length=300, blank=True)
    japanese_level = models.CharField(
        _("Japanese level"), max_length=4, choices=JapaneseLevel.choices, default=JapaneseLevel.NONE
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=200)
    paid = models.BooleanField(
        _("paid"), default=False, help_text=_("Paid or unpaid decides the status of residence later.")
    )
    housing = models.BooleanField(_("housing provided"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.SUBMITTED
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # Bumped by every save of the company's ranking of this place: of two saves made from the same
    # version, only the first is taken (kakehashi.core.locking).
    ranking_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("internship place")
        verbose_name_plural = _("internship places")
        # Company by company (two companies of one name kept apart by their id), then by title; the list
        # page sorts the same way in the reader's language (selectors.places.place_list_order).
        ordering = (
            translated_order("company__name", languages=DEFAULT_ORDER_LANGUAGES),
            "company_id",
            translated_order("title", languages=DEFAULT_ORDER_LANGUAGES),
            "pk",
        )
        indexes = [
            # A round's places counted company by company from the index alone (status for a student's share).
            models.Index(fields=["round", "company", "status"], name="internships_place_by_company"),
            # One company's places by title as a reader of each language sees it: a page within one company
            # reads its 25 rows in this order instead of sorting the company's 1,000 (selectors.places.
            # PlacesInListOrder). The expression is the query's own (translated_order, the fallback chain of
            # the settings when migrated): a chain changed later still sorts right, without this index.
            *(
                models.Index(
                    F("round"),
                    F("company"),
                    translated_order("title", code),
                    F("id"),
                    name=f"internships_place_title_{code}",
                )
                for code in ("ja", "mn", "en")
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="place_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="place_period"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("internships:place_detail", args=[self.pk])

    @property
    def key(self) -> str:
        """The place's id in a matching instance."""
        return f"p{self.pk}"
