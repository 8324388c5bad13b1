"""The demo's and the reference's content is written in Japanese, Mongolian and English, and pages show
it in the reader's language: no English readiness areas on Japanese pages, no Japanese expense
categories on Mongolian ones, an indicator's unit once and its platform figure by name, never by key."""

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db

TRANSLATED = [
    ("accounts", "Organization", "name"),
    ("accounts", "Program", "title"),
    ("companies", "ReadinessArea", "title"),
    ("companies", "ReadinessItem", "title"),
    ("companies", "Seminar", "title"),
    ("companies", "OutreachCompany", "name"),
    ("internships", "Place", "title"),
    ("internships", "Place", "description"),
    ("internships", "Round", "name"),
    ("operations", "SupportItem", "title"),
    ("programme", "LogframeElement", "summary"),
    ("programme", "Indicator", "title"),
]


@pytest.mark.parametrize(("app_label", "model_name", "field"), TRANSLATED)
def test_every_demo_text_is_written_in_the_three_languages(
    app_label: str, model_name: str, field: str
) -> None:
    rows = list(apps.get_model(app_label, model_name).objects.all())
    assert rows, "the demo has some"
    lacking = {str(row.pk): getattr(row, field).missing() for row in rows if getattr(row, field).missing()}
    assert lacking == {}


def test_the_indicators_page_in_japanese_names_units_once_and_figures_not_keys(client_as) -> None:
    page = client_as("manager", "ja").get("/programme/indicators/").content.decode()
    assert "内定を得たインターン生の割合 (%)" in page
    assert "(%) (%)" not in page
    assert "careers.hired" not in page
    assert "careers.retention_12m" not in page
    assert "Interns who receive a job offer" not in page


def test_expense_categories_read_in_mongolian_on_mongolian_pages(client_as) -> None:
    page = client_as("manager", "mn").get("/programme/budget/").content.decode()
    assert "Шууд хүний нөөцийн зардал" in page
    assert "直接人件費" not in page


def test_readiness_areas_read_in_japanese_on_japanese_pages(client_as) -> None:
    page = client_as("manager", "ja").get("/companies/readiness/items/").content.decode()
    assert "経営者のコミットメント" in page
    assert "Management commitment" not in page


def test_editors_see_which_languages_an_indicator_lacks_and_readers_do_not(client_as) -> None:
    from kakehashi.programme.models import Indicator

    indicator = Indicator.objects.get(source="careers.hired")
    indicator.title = {"en": "Graduates employed by Niigata companies"}
    indicator.save(update_fields=["title"])
    editor = client_as("manager").get("/programme/indicators/").content.decode()
    assert 'no <span lang="ja">日本語</span> yet' in editor
    assert 'no <span lang="mn">Монгол</span> yet' in editor
    japanese_reader = client_as("funder", "ja").get("/programme/indicators/")
    assert japanese_reader.status_code == 200
    page = japanese_reader.content.decode()
    assert '<span lang="en">Graduates employed by Niigata companies</span>' in page, "marked as English"
    assert "missing-languages" not in page, "the markers are for editors"
