"""An applicant's name is shown as a person's name is (docs/names.md): in the order of the page's language, in
the page's script where the student wrote one, and marked with its `lang` where it is in another script."""

from collections.abc import Callable

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from kakehashi.internships.models import Application

pytestmark = pytest.mark.django_db


def _application() -> Application:
    return Application(name_latin="Anujin Altangerel", name_cyrillic="Алтангэрэл Анужин")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("ja", "ALTANGEREL Anujin"), ("mn", "Алтангэрэл Анужин"), ("en", "Anujin Altangerel")],
)
def test_the_name_reads_in_the_page_languages_order(language: str, shown: str) -> None:
    with translation.override(language):
        assert _application().display_name == shown
        assert str(_application()) == shown


def test_the_short_name_follows_the_page_language() -> None:
    with translation.override("mn"):
        assert _application().short_name == "А. Анужин"
    with translation.override("ja"):
        assert _application().short_name == "Anujin"


def test_a_name_without_cyrillic_is_shown_in_latin_script_everywhere() -> None:
    application = Application(name_latin="Sukhbat BATBAYAR", name_cyrillic="")
    with translation.override("mn"):
        assert application.display_name == "BATBAYAR Sukhbat"
    with translation.override("ja"):
        assert application.display_name == "BATBAYAR Sukhbat"
    with translation.override("en"):
        assert application.display_name == "Sukhbat BATBAYAR"


def test_a_name_in_another_script_than_the_pages_carries_its_lang() -> None:
    # A student who wrote only a Cyrillic name: a Japanese page shows it as written, marked as Mongolian.
    application = Application(name_latin="", name_cyrillic="Алтангэрэл Анужин")
    with translation.override("ja"):
        page = Template("{{ a.display_name }}").render(Context({"a": application}))
    assert page == '<span lang="mn">Алтангэрэл Анужин</span>'


def test_documents_keep_both_scripts() -> None:
    assert _application().name_in_both_scripts == "Алтангэрэл Анужин (Anujin Altangerel)"


def test_the_applicant_list_shows_no_cyrillic_on_a_japanese_page(client_as: Callable[..., Client]) -> None:
    application = Application.objects.filter(name_cyrillic__gt="").select_related("round").first()
    assert application is not None
    page = client_as("manager", "ja").get(f"/rounds/{application.round_id}/applicants/").content.decode()
    assert application.name_latin.split()[-1].upper() in page
    assert application.name_cyrillic not in page


def test_an_application_keeps_its_name_in_parts_with_sort_keys(small_round) -> None:
    application = small_round.applicant("Anujin ALTANGEREL")
    application.refresh_from_db()
    assert (application.family_name_latin, application.given_name_latin) == ("ALTANGEREL", "Anujin")
    assert application.name_latin == "Anujin ALTANGEREL"
    assert application.sort_key_en
    assert application.sort_key_mn
    assert application.sort_key_ja

    application.family_name_local, application.given_name_local = "Алтангэрэл", "Анужин"
    application.save()
    application.refresh_from_db()
    assert application.name_cyrillic == "Алтангэрэл Анужин"
    with translation.override("mn"):
        assert application.display_name == "Алтангэрэл Анужин"


def test_applicants_are_listed_by_the_applications_own_name_in_the_readers_language(small_round) -> None:
    from kakehashi.internships import selectors

    # The names on the applications, not those on the accounts (which all read "Student ...").
    written = {
        "Student One": ("Zolzaya BAATAR", "Баатар Золзаяа"),
        "Student Two": ("Anu OYUN", "Оюун Ану"),
        "Student Three": ("Bold DORJ", "Дорж Болд"),
    }
    for account, (latin, cyrillic) in written.items():
        application = small_round.applicant(account, places=[small_round.place])
        application.name_latin, application.name_cyrillic = latin, cyrillic
        application.save()
    manager = small_round.viewer_of("manager")
    company = small_round.viewer_of("company")

    def listed(language: str) -> list[str]:
        with translation.override(language):
            rows = selectors.applications_visible_to(manager, small_round.round)
            return [str(application.display_name) for application in rows]

    # en: Latin family name first (Baatar, Dorj, Oyun); mn: Cyrillic patronymic (Баатар, Дорж, Оюун).
    assert listed("en") == ["Zolzaya BAATAR", "Bold DORJ", "Anu OYUN"]
    assert listed("mn") == ["Баатар Золзаяа", "Дорж Болд", "Оюун Ану"]

    with translation.override("mn"):
        candidates = selectors.candidates_for(company, small_round.place)
    assert [str(row[0].name_cyrillic) for row in candidates] == ["Баатар Золзаяа", "Дорж Болд", "Оюун Ану"]
