"""The installable app (kakehashi.core.pwa): the manifest in each language, the service worker served for the
whole site, the offline page, and the headers that tell the worker which pages it may keep offline."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from kakehashi.core.pwa import KEEP_HEADER, USER_HEADER

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_in_each_language(django_assert_max_num_queries) -> None:
    names = {}
    for code, _name in settings.LANGUAGES:
        with django_assert_max_num_queries(0):
            response = Client().get(f"/manifest.webmanifest?lang={code}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/manifest+json"
        manifest = json.loads(response.content)
        assert manifest["lang"] == code
        assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
        names[code] = manifest["name"]
        sizes = {icon["sizes"] for icon in manifest["icons"]}
        assert {"192x192", "512x512"} <= sizes
        for icon in manifest["icons"]:
            assert finders.find(icon["src"].removeprefix(settings.STATIC_URL).lstrip("/")), icon
    assert names["en"] == "Kakehashi: Nagaoka and Mongolia"
    # An unknown language falls back to the page's.
    assert json.loads(Client().get("/manifest.webmanifest?lang=xx").content)["lang"] in dict(
        settings.LANGUAGES
    )


def test_the_service_worker_is_served_for_the_whole_site(django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(0):
        response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    assert 'importScripts("/static/js/outbox.js")' in text
    assert "__VERSION__" not in text
    config = json.loads(text.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["offline"] == {code: f"/offline/?lang={code}" for code, _name in settings.LANGUAGES}
    assert "/static/js/pwa.js" in config["static"]


@pytest.mark.parametrize(
    ("code", "title"), [("en", "You are offline"), ("ja", 'lang="ja"'), ("mn", 'lang="mn"')]
)
def test_the_offline_page_speaks_the_asked_language(
    code: str, title: str, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(0):
        response = Client().get(f"/offline/?lang={code}")
    assert response.status_code == 200
    assert title in response.content.decode()
    assert KEEP_HEADER not in response


def test_a_signed_in_persons_page_may_be_kept_and_says_for_whom(client_as) -> None:
    student = client_as("student")
    page = student.get("/notifications/")
    assert page[KEEP_HEADER] == "keep"
    token = page[USER_HEADER]
    assert token != "-"
    assert str(page.wsgi_request.user.pk) != token
    # The page itself links the manifest and the app's scripts, and names the same person.
    html = page.content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=en">' in html
    assert f'<meta name="kakehashi-user" content="{token}"' in html
    assert "/static/js/pwa.js" in html
    # Another person: another token.
    assert client_as("teacher").get("/notifications/")[USER_HEADER] not in {token, "-"}


def test_pages_never_kept(client_as) -> None:
    student = client_as("student")
    # Signed out: the worker forgets the kept pages; nothing is kept.
    login = Client().get("/accounts/login/")
    assert login[USER_HEADER] == "-"
    assert KEEP_HEADER not in login
    # A view with its own Cache-Control (the profile, never_cache), the personal data pages, non-HTML.
    profile = student.get("/accounts/profile/")
    assert KEEP_HEADER not in profile
    assert KEEP_HEADER not in student.get("/privacy/")
    assert USER_HEADER not in student.get("/manifest.webmanifest")
    # A POST's answer is never kept.
    assert KEEP_HEADER not in student.post("/notifications/read/")
