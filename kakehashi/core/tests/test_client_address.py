"""One decision of the client's address (kakehashi.core.client_address), used by the rate limits, allauth and
the audit log (findings 13.4, issue 14.3)."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from kakehashi.accounts.demo import DEMO_PASSWORD, demo_email
from kakehashi.core.client_address import ClientAddressAuditlogMiddleware, client_ip

PROXY = "10.0.0.5"  # nginx, as the app sees it
LOGIN_URL = "/accounts/login/"


def request(forwarded: str | None = None, remote: str = PROXY) -> object:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy trusted: the header is the client's own words
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the first entry is forgeable
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.4", "203.0.113.7"),
        (1, "203.0.113.7:4711", "203.0.113.7"),
        (1, "[2001:db8::1]:4711", "2001:db8::1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, None, PROXY),  # a probe that did not pass the proxy
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
        (3, "203.0.113.7, 10.0.0.4", PROXY),  # shorter than the proxies: not from them
    ],
)
def test_client_ip(count: int, forwarded: str | None, expected: str) -> None:
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request(forwarded)) == expected  # type: ignore[arg-type]


def test_the_audit_log_records_the_same_address_and_ignores_a_forged_one() -> None:
    middleware = ClientAddressAuditlogMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    forged = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1", HTTP_X_FORWARDED_PORT="1"
    )
    with override_settings(TRUSTED_PROXY_COUNT=0):
        extra = middleware.get_extra_data(forged)
        assert (extra["remote_addr"], extra["remote_port"]) == (PROXY, None)
    with override_settings(TRUSTED_PROXY_COUNT=1):
        extra = middleware.get_extra_data(forged)
        assert (extra["remote_addr"], extra["remote_port"]) == ("198.51.100.1", 1)
    assert "kakehashi.core.client_address.ClientAddressAuditlogMiddleware" in settings.MIDDLEWARE
    assert "auditlog.middleware.AuditlogMiddleware" not in settings.MIDDLEWARE


@pytest.fixture
def real_login_limits() -> Iterator[None]:
    cache.clear()
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,5/5m/key"}):
        yield
    cache.clear()


def fail_ten_logins(client: Client) -> None:
    # Ten different unknown accounts: only the per-address limit counts them together.
    for attempt in range(10):
        response = client.post(LOGIN_URL, {"login": f"nobody{attempt}@example.org", "password": "wrong"})
        assert response.status_code == 200


def sign_in(client: Client, key: str) -> bool:
    client.post(LOGIN_URL, {"login": demo_email(key), "password": DEMO_PASSWORD})
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.usefixtures("real_login_limits")
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_two_clients_behind_one_proxy_have_separate_login_limits() -> None:
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    fail_ten_logins(attacker)
    assert not sign_in(attacker, "ngo")  # the limit is real: the attacker's address is now blocked
    assert sign_in(colleague, "manager")


@pytest.mark.django_db
@pytest.mark.usefixtures("real_login_limits")
@override_settings(TRUSTED_PROXY_COUNT=0)
def test_a_forged_forwarded_for_does_not_escape_the_limit_without_a_trusted_proxy() -> None:
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    fail_ten_logins(attacker)
    # A new forged address each time changes nothing: the limit counts REMOTE_ADDR.
    attacker.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.99"
    assert not sign_in(attacker, "ngo")


def production_settings(trusted_proxies: str) -> dict[str, object]:
    """The settings module evaluated in a fresh interpreter: reloading it in this process would keep the
    names an earlier evaluation (another test's) defined."""
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "KAKEHASHI_PRODUCTION": "1",
        "SECRET_KEY": "s" * 50,
        "KAKEHASHI_FIELD_KEYS": "a2FrZWhhc2hpLXRlc3Qta2V5LTMyLWJ5dGVzLWxvbmchIQ==",
        "KAKEHASHI_BLIND_INDEX_KEY": "b",
        "TRUSTED_PROXY_COUNT": trusted_proxies,
    }
    script = (
        "import json, kakehashi.settings as s; "
        "print(json.dumps({'header': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
        "'allauth': s.ALLAUTH_TRUSTED_PROXY_COUNT}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_proxy_scheme_header_is_trusted_only_behind_a_proxy() -> None:
    assert production_settings("0") == {"header": None, "allauth": 0}
    assert production_settings("1") == {"header": ["HTTP_X_FORWARDED_PROTO", "https"], "allauth": 1}
