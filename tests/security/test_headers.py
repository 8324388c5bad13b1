"""Production headers and cookies: checked on real responses with the production settings."""

import pytest
from django.test import Client, override_settings

from kakehashi.accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}


@override_settings(**PRODUCTION)
def test_plain_http_is_redirected_to_https():
    response = Client().get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@override_settings(**PRODUCTION)
def test_every_page_sends_the_security_headers():
    response = Client().get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp


@override_settings(**PRODUCTION)
def test_cookies_are_secure_httponly_and_samesite(demo_user):
    client = Client()
    login_page = client.get("/accounts/login/", secure=True)
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/", {"login": demo_user("student").email, "password": DEMO_PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    language = client.post("/language/", {"language": "mn", "next": "/"}, secure=True).cookies[
        "kakehashi_language"
    ]
    assert language["secure"]
    assert language["samesite"] == "Lax"


def test_pages_of_a_signed_in_person_are_not_stored(client_as):
    response = client_as("student").get("/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_production_settings_module_sets_the_same_values(monkeypatch):
    """The production branch of kakehashi/settings.py, evaluated with the environment production sets."""
    import importlib

    import kakehashi.settings as settings_module

    monkeypatch.setenv("KAKEHASHI_PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "kakehashi.example")
    monkeypatch.setenv("KAKEHASHI_FIELD_KEYS", "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0=")
    monkeypatch.setenv("KAKEHASHI_BLIND_INDEX_KEY", "blind")
    # Behind nginx (deploy/): the proxy's X-Forwarded-Proto is believed only with a trusted proxy.
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    try:
        production = importlib.reload(settings_module)
        for name, value in PRODUCTION.items():
            assert getattr(production, name) == value, name
        assert production.KAKEHASHI_REQUIRE_MFA is True
        assert production.DEBUG is False
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


def test_production_refuses_to_start_without_field_keys(monkeypatch):
    import importlib

    import kakehashi.settings as settings_module

    monkeypatch.setenv("KAKEHASHI_PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.delenv("KAKEHASHI_FIELD_KEYS", raising=False)
    try:
        with pytest.raises(RuntimeError, match="KAKEHASHI_FIELD_KEYS"):
            importlib.reload(settings_module)
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)
