"""Every page of the URL x role matrix on a 390 px phone: no sideways scrolling, the first heading near the top.

One test walks every GET row that answers 200 and lists all offenders in one message. By default each page is
drawn for two of the roles it answers (one of the program office and one other, when both may see it), which
keeps the walk to a couple of minutes; KAKEHASHI_PHONE_ALL_ROLES=1 draws it for every role that may see it.
"""

import os
import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from kakehashi.core.registry import app_modules
from kakehashi.core.testing.matrix import ANON, MatrixContext, Row, two_roles
from kakehashi.programme import demo as programme_demo
from tests.e2e.sessions import signed_in_cookies

PHONE_WIDTH = 390
HEADING_LIMIT = 260  # px from the top of the page: the first h1 must start above this line

MEASURE = """(phone) => {
  const h1 = document.querySelector('main h1') || document.querySelector('h1');
  // What sticks out: elements past the phone's edge that no scroll box of their own holds.
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > phone + 1
      && !(e.parentElement && e.parentElement.closest('.table-scroll, .board-columns, .gradebook, [data-scrolls]')))
    .slice(0, 3)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return {
    width: document.documentElement.scrollWidth,
    h1: h1 ? Math.round(h1.getBoundingClientRect().top + window.scrollY) : null,
    wide,
  };
}"""


def roles_to_draw(row: Row) -> list[str]:
    allowed = [role for role, status in row.expected.items() if status == 200 and role != ANON]
    if os.environ.get("KAKEHASHI_PHONE_ALL_ROLES"):
        return allowed
    return two_roles(allowed)


@pytest.mark.e2e
@pytest.mark.sweep
def test_every_page_fits_a_phone(
    new_context: Callable[..., BrowserContext], live_server, transactional_db: None
) -> None:  # type: ignore[no-untyped-def]
    for _app, module in app_modules("demo"):  # every app's demo, as manage.py load_demo
        module.load()
    objects = MatrixContext()
    rows = [row for _app, module in app_modules("tests.matrix") for row in module.ROWS if row.method == "get"]
    contexts: dict[str, BrowserContext] = {}

    def context_for(role: str) -> BrowserContext:
        if role not in contexts:
            context = new_context({"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True)
            context.add_cookies(signed_in_cookies(objects.user(role), live_server.url))
            contexts[role] = context
        return contexts[role]

    pages: dict[str, object] = {}
    offenders: list[str] = []
    drawn = 0
    for row in rows:
        roles = roles_to_draw(row)
        if not roles:
            continue
        path = reverse(row.url_name, kwargs=row.kwargs(objects))
        query = row.data(objects)
        if query:
            path += "?" + urlencode(query, doseq=True)
        for role in roles:
            if role not in pages:
                pages[role] = context_for(role).new_page()
            page = pages[role]
            try:
                response = page.goto(live_server.url + path, wait_until="load")  # type: ignore[attr-defined]
            except PlaywrightError as error:  # a file to download (an export, a receipt, the icon) is no page
                if "Download is starting" in str(error) or "ERR_ABORTED" in str(error):
                    continue
                raise
            if response is None or response.status != 200:
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            drawn += 1
            found = page.evaluate(MEASURE, PHONE_WIDTH)  # type: ignore[attr-defined]
            problems = []
            if found["width"] > PHONE_WIDTH:
                problems.append(f"{found['width']} px wide ({', '.join(found['wide'])})")
            if found["h1"] is None:
                problems.append("no h1")
            elif found["h1"] > HEADING_LIMIT:
                problems.append(f"h1 at {found['h1']} px")
            if problems:
                offenders.append(f"{row.label} as {role} ({path}): {'; '.join(problems)}")
    print("\n".join(offenders))  # shown in full with the failure (the assertion message is cut short)
    assert drawn > 100, f"only {drawn} pages were drawn"
    assert offenders == [], f"{len(offenders)} of {drawn} pages do not fit a phone:\n" + "\n".join(offenders)


def test_a_checkbox_toggles_when_its_middle_is_clicked_and_its_help_sits_below(
    phone_page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    programme_demo.load()
    sign_in(phone_page, "accountant")
    phone_page.goto(f"{demo_site}/programme/expenses/new/")
    box = phone_page.get_by_label("The payee is a person")
    help_text = phone_page.locator(".field-check + .field-help").first
    expect(box).not_to_be_checked()
    box_area, help_area = box.bounding_box(), help_text.bounding_box()
    assert box_area is not None
    assert help_area is not None
    assert help_area["y"] >= box_area["y"] + box_area["height"], "the help text lies over the checkbox"
    # A click where the box is drawn reaches the box, not the text around it.
    phone_page.mouse.click(box_area["x"] + box_area["width"] / 2, box_area["y"] + box_area["height"] / 2)
    expect(box).to_be_checked()


def test_the_first_tab_after_the_skip_link_reaches_the_login_email(page: Page, demo_site: str) -> None:
    page.goto(f"{demo_site}/accounts/login/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile(r"^Email:?$"))).to_be_focused()
    # The focused skip link is a bar of its own: it does not cover the brand.
    page.reload()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert skip is not None
    assert brand is not None
    assert skip["y"] + skip["height"] <= brand["y"], (skip, brand)


def test_the_site_icon_answers(page: Page, demo_site: str) -> None:
    response = page.request.get(f"{demo_site}/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] == "image/x-icon"
