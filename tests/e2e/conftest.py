"""Browser fixtures for the e2e tests: Debian's Chromium driven by Playwright's sync API.

Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls from a
thread with a running loop unless told otherwise; this must be set before Django touches the database.
"""

import os
import re

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Callable, Iterator

import pytest
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, expect, sync_playwright

from kakehashi.accounts import demo
from kakehashi.privacy import demo as privacy_demo
from tests.e2e.one_request_at_a_time import SharedConnectionServer

# pytest-django's live_server builds Django's LiveServerThread, which reads its server class from here.
LiveServerThread.server_class = SharedConnectionServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000  # generous: two browser tests run at once on a busy two-core CI machine
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


def _only_local(route: Route) -> None:
    """Requests leave for 127.0.0.1 only. The favicon is answered here: the browser asks for it on its
    own, and a stray request to the live server could race the test's own database queries."""
    url = route.request.url
    if url.endswith("/favicon.ico"):
        route.fulfill(status=204, body="")
    elif url.startswith(("http://127.0.0.1:", "http://localhost:")):
        route.continue_()
    else:
        route.abort()


def _keep_local(context: BrowserContext) -> None:
    context.route("**/*", _only_local)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """new_context(viewport=...): a fresh browser profile (no cookies), closed after the test."""
    contexts: list[BrowserContext] = []

    def make(viewport: dict[str, int] = DESKTOP, **kwargs: object) -> BrowserContext:
        # The service worker is blocked unless a test asks for it (test_offline.py): it caches pages and
        # answers navigations itself, which the tests of the pages themselves must not depend on.
        kwargs.setdefault("service_workers", "block")
        context = browser.new_context(locale="en-US", viewport=viewport, **kwargs)  # type: ignore[arg-type]
        _keep_local(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """A desktop-sized page (1280x800, en-US)."""
    return new_context(DESKTOP).new_page()


@pytest.fixture
def phone_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A phone-sized context (390x844, touch, en-US)."""
    return new_context(PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)


@pytest.fixture
def phone_page(phone_context: BrowserContext) -> Page:
    return phone_context.new_page()


@pytest.fixture
def demo_site(live_server, transactional_db: None) -> str:  # type: ignore[no-untyped-def]
    """The live server's URL, with the accounts demo and the consent texts (and the demo students'
    consents) loaded: live_server flushes the database after each test, session-wide demo data included."""
    demo.load()
    privacy_demo.load()
    return live_server.url


@pytest.fixture
def sign_in(demo_site: str) -> Callable[[Page, str], None]:
    """sign_in(page, "teacher"): sign a demo person in through the real login page, in English."""

    def do(page: Page, key: str) -> None:
        # This browser has chosen English, whatever the person's preferred language is.
        page.context.add_cookies([{"name": "kakehashi_language", "value": "en", "url": demo_site}])
        page.goto(f"{demo_site}/accounts/login/")
        page.get_by_label(re.compile(r"^Email:?$")).fill(demo.demo_email(key))
        page.get_by_label(re.compile(r"^Password:?$")).fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(f"{demo_site}/")

    return do
