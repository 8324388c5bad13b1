"""The public call for host companies: a prospect, an email, and no room for robots."""

import pytest
from django.core import mail
from django.core.cache import cache

from kakehashi.companies.models import OutreachCompany, Source, Stage
from kakehashi.companies.tests.helpers import started_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def form(**changes):
    data = {
        "name_ja": "見附精工株式会社",
        "name_en": "Mitsuke Seiko",
        "industry": "precision",
        "contact_name": "Hiroshi Abe",
        "contact_email": "abe@mitsuke.example.jp",
        "message": "We would like to know more.",
        "homepage": "",
        "started": started_token(),
    }
    data.update(changes)
    return data


def test_the_page_is_public_in_japanese_and_english(client):
    client.cookies["kakehashi_language"] = "en"
    assert "Become a host company" in client.get("/companies/join/").content.decode()


def test_a_company_that_sends_the_form_becomes_a_prospect_and_gets_an_email(
    client, django_capture_on_commit_callbacks
):
    client.cookies["kakehashi_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/companies/join/", form())
    assert response.status_code == 302
    assert response.url == "/companies/join/thanks/"
    company = OutreachCompany.objects.get(name__en="Mitsuke Seiko")
    assert (company.stage, company.source) == (Stage.PROSPECT, Source.PUBLIC_FORM)
    assert company.program.key == "jica-dx-2024"
    assert [m.to for m in mail.outbox] == [["abe@mitsuke.example.jp"]]
    assert "Hiroshi Abe" in mail.outbox[0].body


def test_the_honeypot_keeps_nothing(client):
    response = client.post("/companies/join/", form(homepage="http://spam.example"))
    assert response.status_code == 302
    assert not OutreachCompany.objects.filter(name__en="Mitsuke Seiko").exists()


def test_a_form_sent_too_fast_is_refused(client):
    client.cookies["kakehashi_language"] = "en"
    response = client.post("/companies/join/", form(started=started_token(seconds_ago=0)))
    assert response.status_code == 200
    assert "take a moment" in response.content.decode()
    assert not OutreachCompany.objects.filter(name__en="Mitsuke Seiko").exists()


def test_a_forged_start_time_is_refused(client):
    response = client.post("/companies/join/", form(started="1000"))
    assert response.status_code == 200
    assert not OutreachCompany.objects.filter(name__en="Mitsuke Seiko").exists()


def test_one_address_may_send_only_a_few_forms_an_hour(client):
    client.cookies["kakehashi_language"] = "en"
    for index in range(5):
        assert client.post("/companies/join/", form(name_en=f"Company {index}")).status_code == 302
    response = client.post("/companies/join/", form(name_en="Company 6"))
    assert "Too many forms" in response.content.decode()
    assert not OutreachCompany.objects.filter(name__en="Company 6").exists()


def test_a_company_without_a_name_is_asked_for_one(client):
    client.cookies["kakehashi_language"] = "en"
    response = client.post("/companies/join/", form(name_ja="", name_en=""))
    assert "Give the name of the company" in response.content.decode()
