import pytest

from kakehashi.accounts.models import User

pytestmark = pytest.mark.django_db


def test_switching_language_keeps_it_as_the_persons_preference(client_as, demo_user):
    company = client_as("company", language="ja")
    response = company.post("/language/", {"language": "mn", "next": "/people/"})
    assert response.status_code == 302
    assert response.url == "/people/"
    assert response.cookies["kakehashi_language"].value == "mn"
    assert User.objects.get(pk=demo_user("company").pk).preferred_language == "mn"


def test_a_signed_in_person_without_a_cookie_sees_their_preferred_language(client, demo_user):
    client.force_login(demo_user("student"))  # prefers Mongolian
    response = client.get("/")
    assert b'lang="mn"' in response.content


def test_an_outside_next_address_is_not_followed(client):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_an_unknown_language_is_ignored(client):
    response = client.post("/language/", {"language": "xx"})
    assert "kakehashi_language" not in response.cookies
