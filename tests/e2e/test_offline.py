"""The installable app offline, in a real browser (Playwright's offline mode): a check-in made offline is
kept on the phone, said to be so in the person's language, and recorded exactly once when the connection
returns; a page opened before stays readable offline, a page never opened shows the offline page; and a
sign-out forgets the kept pages."""

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from kakehashi.accounts import demo
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.operations import services
from kakehashi.operations.models import CheckIn, InternCase
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, _keep_local
from tests.e2e.menu import sign_out

pytestmark = pytest.mark.e2e
SAVED = "Saved on this device. It will be sent when you are online."


@pytest.fixture
def phone_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A phone whose service worker runs (the other browser tests block it)."""
    return new_context(PHONE, is_mobile=True, has_touch=True, device_scale_factor=3, service_workers="allow")


def running_case() -> InternCase:
    arrival = timezone.localdate() - timedelta(days=2)
    return services.case_open(
        intern=User.objects.get(email=demo.demo_email("student")),
        host=Organization.objects.get(key="nagaoka-seiki"),
        program=Program.objects.get(key="jica-dx-2024"),
        arrival_on=arrival,
        departure_on=arrival + timedelta(days=13),
        paid=False,
    )


def worker_ready(page: Page) -> None:
    """Wait until the service worker is active and controls the page.

    It claims open pages when it activates; a page whose navigation raced its activation is controlled from
    its next load, so it is reloaded once, as a person's next visit would. Polled with page.evaluate:
    Playwright's wait_for_function compiles its predicate inside the page, which the CSP (no 'unsafe-eval')
    refuses or leaves waiting."""
    active = "() => navigator.serviceWorker.getRegistration().then((r) => Boolean(r && r.active))"
    controlled = "() => Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)"
    deadline = time.monotonic() + 20
    while not page.evaluate(active):
        assert time.monotonic() < deadline, "the service worker did not activate in 20 s"
        page.wait_for_timeout(200)
    if not page.evaluate(controlled):
        page.reload(wait_until="load")
    while not page.evaluate(controlled):
        assert time.monotonic() < deadline, "the service worker did not take control of the page in 20 s"
        page.wait_for_timeout(200)


def test_a_check_in_made_offline_is_recorded_once_when_the_connection_returns(
    phone_context: BrowserContext, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    case = running_case()
    page = phone_context.new_page()
    sign_in(page, "student")
    page.goto(f"{demo_site}/operations/checkin/", wait_until="load")
    worker_ready(page)
    page.reload(wait_until="load")  # now through the worker, which keeps this page

    phone_context.set_offline(True)
    page.get_by_role("button", name="I am safe").tap()
    expect(page.get_by_role("status").filter(has_text=SAVED)).to_be_visible()
    assert not CheckIn.objects.filter(case=case).exists()
    # Still offline, the page opened before is read from the worker's copy.
    page.reload(wait_until="load")
    expect(page.get_by_role("button", name="I am safe")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=SAVED)).to_be_visible()  # waiting on this device
    # A page never opened: the offline page, in the person's language.
    page.goto(f"{demo_site}/operations/evaluations/", wait_until="load")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.go_back(wait_until="load")

    phone_context.set_offline(False)
    # The notice may show twice when the "online" event and Background Sync both start sending (the form
    # itself is sent once: its idempotency key, checked below).
    expect(page.get_by_role("status").filter(has_text="is now recorded").first).to_be_visible()
    checkins = list(CheckIn.objects.filter(case=case))
    assert len(checkins) == 1
    assert checkins[0].status == "ok"
    assert checkins[0].idempotency_key  # made in the browser
    # Another page load online (another 'online' pass, another sync): nothing is sent twice.
    page.reload(wait_until="load")
    page.wait_for_timeout(500)
    assert page.evaluate("KakehashiOutbox.all().then((items) => items.length)") == 0
    assert CheckIn.objects.filter(case=case).count() == 1


def test_sign_out_forgets_the_kept_pages(
    phone_context: BrowserContext, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    running_case()
    page = phone_context.new_page()
    sign_in(page, "student")
    page.goto(f"{demo_site}/operations/checkin/", wait_until="load")
    worker_ready(page)
    page.reload(wait_until="load")
    kept = "caches.open('kakehashi-pages').then((c) => c.keys()).then((k) => k.map((r) => r.url))"
    assert f"{demo_site}/operations/checkin/" in page.evaluate(kept)
    sign_out(page)
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(kept) == []
    phone_context.set_offline(True)
    page.goto(f"{demo_site}/operations/checkin/", wait_until="load")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()


def test_the_app_is_installable_in_each_language(
    playwright: Playwright, sign_in: Callable[[Page, str], None], demo_site: str, tmp_path: Path
) -> None:
    """Chromium's own installability check (the manifest, its icons, a service worker that serves the start
    page): in a browser profile on disk, since Chromium installs nothing from an incognito profile."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        locale="en-US",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    try:
        _keep_local(context)
        page = context.new_page()
        sign_in(page, "student")
        worker_ready(page)
        page.reload(wait_until="load")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [], manifest["errors"]
        assert manifest["url"] == f"{demo_site}/manifest.webmanifest?lang=en"
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        context.add_cookies([{"name": "kakehashi_language", "value": "ja", "url": demo_site}])
        page.reload(wait_until="load")
        assert cdp.send("Page.getAppManifest")["url"].endswith("?lang=ja")
        language = page.evaluate(
            "fetch('/manifest.webmanifest?lang=ja').then((r) => r.json()).then((m) => m.lang)"
        )
        assert language == "ja"
    finally:
        context.close()
