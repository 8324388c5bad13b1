"""The access logs of gunicorn and nginx write the page, never a secret of its address."""

import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from kakehashi.core.access_log import PrivateAccessLogger
from kakehashi.core.secret_paths import MASK, SECRET_PATH_PREFIXES, loggable_path

NGINX_SITE = Path(__file__).resolve().parents[3] / "deploy" / "nginx" / "kakehashi.conf"


def _logged_line(path: str, query: str = "", referer: str = "") -> str:
    config = Config()
    config.set("accesslog", "-")
    logger = PrivateAccessLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "test",
    }
    request = SimpleNamespace(headers=[("REFERER", referer), ("COOKIE", "sessionid=abc")])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    return logger.cfg.access_log_format % logger.atoms_wrapper_class(atoms)


def test_a_one_tap_token_is_masked_in_gunicorns_log() -> None:
    line = _logged_line("/operations/c/AbC123.secret-token/", referer="https://x.example/invitations/tok/")
    assert "secret-token" not in line
    assert "invitations/tok" not in line  # the Referer
    assert f"GET /operations/c/{MASK} HTTP/1.1" in line


def test_a_query_string_never_reaches_gunicorns_log() -> None:
    line = _logged_line("/internships/applicants/", query="q=Batbayar")
    assert "Batbayar" not in line
    assert "GET /internships/applicants/ HTTP/1.1" in line


def test_every_secret_prefix_is_masked_and_plain_pages_are_not() -> None:
    for prefix in SECRET_PATH_PREFIXES:
        assert loggable_path(prefix + "token/") == prefix + MASK
    assert loggable_path("/operations/checkin/") == "/operations/checkin/"


def test_nginx_masks_the_same_prefixes_as_gunicorn() -> None:
    site = NGINX_SITE.read_text(encoding="utf-8")
    pattern = re.search(r'"~\^\(\?<kakehashi_secret_path>([^)]*)\)/"', site)
    assert pattern is not None, "the map of kakehashi_logged_path is gone from the nginx site"
    assert {prefix + "/" for prefix in pattern.group(1).split("|")} == set(SECRET_PATH_PREFIXES)
    assert "kakehashi_private" in (NGINX_SITE.parent / "kakehashi-app.conf").read_text(encoding="utf-8")


def test_every_address_with_a_token_in_its_path_is_masked() -> None:
    """A URL pattern whose path takes a token or a key (a secret link) is covered by the prefixes, so a
    new secret link cannot be added without masking it in every log."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def routes(patterns: list, prefix: str = "") -> list[str]:
        found = []
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                found += routes(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                found.append(route)
        return found

    secret = [
        route for route in routes(get_resolver().url_patterns) if re.search(r"<\w+:(token|uidb36)>", route)
    ]
    assert secret, "no secret link found: the pattern above no longer sees them"
    for route in secret:
        literal = "/" + route.split("<", 1)[0]
        assert loggable_path(literal + "x") != literal + "x", f"{route} is not masked in the logs"
