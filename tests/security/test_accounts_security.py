"""Sign-in security: second factor for staff, session timeouts, password rules, sessions ended on password
change and deactivation, rate limits on sign-in and password reset."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from kakehashi.accounts.demo import DEMO_PASSWORD
from kakehashi.core.middleware import SESSION_LOGIN_AT_KEY

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def signed_in(user, password: str = DEMO_PASSWORD) -> Client:
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    response = client.post(LOGIN_URL, {"login": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client


def is_signed_in(client: Client) -> bool:
    response = client.get("/privacy/")
    return response.status_code == 200


# --- second factor -------------------------------------------------------------------------------


@override_settings(KAKEHASHI_REQUIRE_MFA=True)
@pytest.mark.parametrize(
    "key", ["admin", "manager", "accountant", "city", "instructor", "teacher", "company"]
)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client_as, key):
    client = client_as(key)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/privacy/mfa-required/"
    page = client.get("/privacy/mfa-required/")
    assert page.status_code == 200
    assert b"/accounts/2fa/totp/activate/" in page.content


@override_settings(KAKEHASHI_REQUIRE_MFA=True)
@pytest.mark.parametrize("key", ["student", "student2", "mentor", "funder"])
def test_students_and_other_roles_may_go_without(client_as, key):
    assert client_as(key).get("/").status_code == 200


@override_settings(KAKEHASHI_REQUIRE_MFA=True)
def test_the_pages_to_set_it_up_stay_open(client_as):
    client = client_as("manager")
    for url in ["/accounts/2fa/", "/accounts/2fa/totp/activate/", "/static/css/kakehashi.css"]:
        response = client.get(url)
        assert response.get("Location") != "/privacy/mfa-required/", url
    response = client.post("/language/", {"language": "ja", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] != "/privacy/mfa-required/"
    assert client.post("/accounts/logout/").status_code == 302


@override_settings(KAKEHASHI_REQUIRE_MFA=True)
def test_the_api_refuses_a_session_without_a_second_factor(client_as):
    response = client_as("manager").get("/api/v1/me")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("Your role needs two-factor authentication")


@override_settings(KAKEHASHI_REQUIRE_MFA=True)
def test_staff_with_a_totp_authenticator_get_in(client_as, demo_user):
    Authenticator.objects.create(
        user=demo_user("manager"), type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    assert client_as("manager").get("/").status_code == 200


def test_the_requirement_is_off_in_tests_and_development(client_as, settings):
    assert settings.KAKEHASHI_REQUIRE_MFA is False
    assert client_as("manager").get("/").status_code == 200


# --- session timeouts ----------------------------------------------------------------------------


def test_idle_timeout_is_set_and_renewed_without_a_write_on_every_request(settings):
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_RENEW_SECONDS <= 5 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS <= 12 * 60 * 60


def test_a_page_view_writes_the_session_only_when_its_renewal_is_due(client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kakehashi.core.middleware import SESSION_RENEWED_AT_KEY

    client = client_as("student")
    client.get("/privacy/")  # the first request after sign-in renews
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/privacy/").status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []

    session = client.session
    session[SESSION_RENEWED_AT_KEY] = int(time.time()) - 3600
    session.save()
    before = Session.objects.get(session_key=session.session_key).expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get("/privacy/")
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes
    assert Session.objects.get(session_key=session.session_key).expire_date >= before


CACHED_DB = "django.contrib.sessions.backends.cached_db"


def test_sessions_are_read_from_the_cache_only_when_it_is_redis():
    from kakehashi.core.cache_url import cache_config, session_engine

    assert session_engine(cache_config("redis://127.0.0.1:6379/0")) == CACHED_DB
    # A per-process cache would keep a session another process ended; a database cache saves nothing.
    assert session_engine(cache_config(None)) == "django.contrib.sessions.backends.db"
    assert session_engine(cache_config("db://kakehashi_cache")) == "django.contrib.sessions.backends.db"


@override_settings(SESSION_ENGINE=CACHED_DB)
def test_with_cached_sessions_a_page_view_reads_and_writes_no_session_row(demo_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(demo_user("student"))
    client.get("/privacy/")  # the first request after sign-in renews
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/privacy/").status_code == 200
    assert [q["sql"] for q in queries if "django_session" in q["sql"]] == []


@override_settings(SESSION_ENGINE=CACHED_DB)
def test_ending_a_persons_sessions_ends_them_in_the_cache_too(demo_user):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    from kakehashi.privacy.services import end_sessions_of

    user, other = demo_user("mentor"), demo_user("student")
    first, second, bystander = signed_in(user), signed_in(user), signed_in(other)
    for client in (first, second, bystander):
        assert is_signed_in(client)
        assert cache.get(KEY_PREFIX + client.cookies["sessionid"].value) is not None
    assert end_sessions_of(user, keep_session_key=second.cookies["sessionid"].value) == 1
    assert cache.get(KEY_PREFIX + first.cookies["sessionid"].value) is None
    assert not is_signed_in(first)
    assert is_signed_in(second)
    assert is_signed_in(bystander)


def test_sign_in_records_its_time_in_the_session(demo_user):
    client = signed_in(demo_user("student"))
    started = client.session[SESSION_LOGIN_AT_KEY]
    assert abs(started - time.time()) < 60


def test_a_session_ends_at_the_absolute_cap_however_active(client_as, settings):
    client = client_as("student")
    assert is_signed_in(client)
    session = client.session
    session[SESSION_LOGIN_AT_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/privacy/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not is_signed_in(client)


def test_an_idle_session_has_expired(client_as):
    from django.utils import timezone

    client = client_as("student")
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    assert not is_signed_in(client)


# --- passwords -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["short1!", "password123", "12345678901", "qwertyuiop", "x" * 65],
    ids=["7 characters", "common", "numeric", "common keyboard", "65 characters"],
)
def test_weak_or_overlong_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "Tsagaan-Sar7",
        "ナガオカ高専モンゴル2026",
        "a long passphrase of sixty-four characters, spaces included!!!!",
    ],
)
def test_good_passwords_up_to_64_characters_are_accepted(password):
    assert len(password) <= 64
    validate_password(password)


def test_a_64_character_password_is_accepted():
    password = "Zx9-" * 16
    assert len(password) == 64
    assert validate_password(password) is None  # it raises ValidationError when it refuses


# --- sessions ended ------------------------------------------------------------------------------


def test_changing_the_password_ends_the_other_sessions_but_keeps_this_one(demo_user):
    user = demo_user("mentor")
    here, elsewhere = signed_in(user), signed_in(user)
    assert is_signed_in(here)
    assert is_signed_in(elsewhere)
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": DEMO_PASSWORD, "password1": "Nomin-2026-bridge", "password2": "Nomin-2026-bridge"},
    )
    assert response.status_code == 302, response.content[:1000]
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_deactivating_an_account_ends_all_its_sessions(demo_user):
    user = demo_user("telecom")
    first, second = signed_in(user), signed_in(user)
    assert is_signed_in(first)
    assert is_signed_in(second)
    user.is_active = False
    user.save()
    assert not any(str(s.get_decoded().get("_auth_user_id")) == str(user.pk) for s in Session.objects.all())
    assert not is_signed_in(first)
    assert not is_signed_in(second)


def test_removing_a_role_takes_effect_on_the_next_request(client_as, demo_user):
    from kakehashi.accounts.models import Membership

    client = client_as("manager")
    assert client.get("/privacy/deletion-requests/").status_code == 200
    Membership.objects.filter(user=demo_user("manager")).update(is_active=False)
    assert client.get("/privacy/deletion-requests/").status_code == 403


# --- rate limits ---------------------------------------------------------------------------------


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,5/5m/key"})
def test_sign_in_locks_after_five_failures_even_with_the_right_password(demo_user):
    cache.clear()
    user = demo_user("ngo")
    client = Client()
    for _attempt in range(5):
        response = client.post(LOGIN_URL, {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post(LOGIN_URL, {"login": user.email, "password": DEMO_PASSWORD})
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "20/m/ip,3/m/key"})
def test_password_reset_is_rate_limited(demo_user):
    cache.clear()
    client = Client()
    email = demo_user("ngo").email
    statuses = [client.post("/accounts/password/reset/", {"email": email}).status_code for _i in range(5)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429]
    cache.clear()


def test_production_settings_turn_rate_limits_on():
    import kakehashi.settings as production

    assert production.ACCOUNT_RATE_LIMITS
    assert production.ACCOUNT_RATE_LIMITS["login_failed"]
