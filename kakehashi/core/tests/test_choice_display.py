"""`get_<field>_display()` on the platform's models: Django's label, translating only the one shown."""

from unittest import mock

from django.db import models
from django.utils import translation

from kakehashi.accounts.models import Organization
from kakehashi.accounts.roles import OrganizationKind


def test_a_choice_shows_djangos_label_in_the_active_language() -> None:
    organization = Organization(kind=OrganizationKind.HOST_COMPANY, country="MN")
    country = Organization._meta.get_field("country")
    for language in ("en", "ja", "mn"):
        with translation.override(language):
            assert organization.get_kind_display() == str(OrganizationKind.HOST_COMPANY.label)
            assert organization.get_country_display() == models.Model._get_FIELD_display(
                organization, country
            )
    assert Organization(kind="no-longer-a-kind").get_kind_display() == "no-longer-a-kind"


def test_a_choice_translates_only_the_label_it_shows() -> None:
    organization = Organization(kind=OrganizationKind.HOST_COMPANY, country="JP")
    with translation.override("ja"):
        translation.gettext(str(OrganizationKind.CITY.label))  # loads the catalog and caches the function
        with mock.patch.object(translation._trans, "gettext", wraps=translation._trans.gettext) as gettext:
            organization.get_kind_display()
    assert gettext.call_count == 1
