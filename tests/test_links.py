"""No page links to a page its viewer may not open.

Every GET row of the URL x role matrix (tests/test_url_matrix.py) is opened as every role the matrix lets
open it; every same-site link in the page (`<a href>`, `<link href>` and `hx-get`, apart from static files,
logout, the language switch, other sites and anchors) is then requested as that same role, without
following redirects. A 403 means the page offers something the viewer may not do; a 5xx is a broken link.
Links are deduplicated per role by their URL pattern and arguments' shape (the first URL of a pattern per
role and source page is requested), which keeps the walk at about 35 s of CPU on the demo.
"""

import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from kakehashi.core.registry import app_modules
from kakehashi.core.testing.matrix import ANON, MatrixContext, Row

ROWS: list[Row] = [
    row for _app, module in app_modules("tests.matrix") for row in module.ROWS if row.method == "get"
]
SKIPPED_PREFIXES = ("/static/", "/media/", "/accounts/logout/")
SKIPPED_NAMES = {"core:set_language", "account_logout"}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "hx-get" or (name == "href" and tag in {"a", "link", "area"})):
                self.found.append(value)


def same_site_links(html: str) -> Iterator[str]:
    parser = Links()
    parser.feed(html)
    for href in parser.found:
        url, _fragment = urldefrag(href.strip())
        parts = urlsplit(url)
        if not url or parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # an anchor, another site, mailto:/tel:, or a relative oddity
        if parts.path.startswith(SKIPPED_PREFIXES) or "{" in url:
            continue
        yield url


def pattern_of(url: str) -> str | None:
    """The URL's pattern name and query keys: links that differ only in ids are the same link."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return f"unresolved {url}"
    if match.view_name in SKIPPED_NAMES:
        return None
    query = urlsplit(url).query
    keys = sorted({pair.split("=")[0] for pair in query.split("&") if pair})
    return f"{match.view_name}?{'&'.join(keys)}"


def client_for(role: str, context: MatrixContext) -> Client:
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    if role != ANON:
        client.force_login(context.user(role))
    return client


# A sweep (SQLite only in CI, as the browser sweeps): it opens every page as every role and requests their
# links, two minutes of a slow machine; the permission rules behind each answer run on PostgreSQL in the URL
# x role matrix, which requests every URL as every role.
@pytest.mark.sweep
@pytest.mark.django_db
def test_no_page_links_to_a_page_its_viewer_may_not_open() -> None:
    started, cpu = time.perf_counter(), time.process_time()
    bad: list[str] = []
    checked: set[tuple[str, str]] = set()
    pages = 0
    for row in ROWS:
        with transaction.atomic():
            context = MatrixContext()
            page_url = reverse(row.url_name, kwargs=row.kwargs(context))
            for role, status in row.expected.items():
                if status != 200:
                    continue
                client = client_for(role, context)
                with transaction.atomic():
                    response = client.get(page_url, row.data(context))
                    transaction.set_rollback(True)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                pages += 1
                for link in same_site_links(response.content.decode()):
                    pattern = pattern_of(link)
                    if pattern is None or (role, pattern) in checked:
                        continue
                    checked.add((role, pattern))
                    with transaction.atomic():
                        answer = client.get(link)
                        transaction.set_rollback(True)
                    if answer.status_code == 403 or answer.status_code >= 500:
                        bad.append(f"{page_url} as {role} links to {link}: {answer.status_code}")
            transaction.set_rollback(True)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"\n{pages} pages opened, {len(checked)} links checked per role and pattern, {elapsed:.0f} s ({cpu:.0f} s CPU)"
    )
    assert len(checked) > 300  # the walk really ran through the platform
    assert bad == [], "\n".join(bad)


@pytest.mark.django_db
def test_the_accountant_is_not_offered_the_readiness_answers_to_verify(
    client_as: Callable[..., Client],
) -> None:
    page = client_as("accountant").get("/companies/pipeline/").content.decode()
    assert "/companies/readiness/verify/" not in page
    assert "/companies/readiness/verify/" in client_as("manager").get("/companies/pipeline/").content.decode()
