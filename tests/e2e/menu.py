"""Following a link of the main menu as a person would: the menu button on a phone, then the link's area."""

from playwright.sync_api import Page, expect


def follow_menu_link(page: Page, name: str) -> None:
    """Click the menu link `name`, opening the phone menu and the link's area (a <details>) when closed."""
    page.wait_for_load_state("load")  # the stylesheet decides whether the menu button shows
    button = page.locator("[data-menu-toggle]")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
    menu = page.get_by_role("navigation", name="Main menu")
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        hidden = page.get_by_role("link", name=name, exact=True, include_hidden=True)  # within each <details>
        menu.locator("details").filter(has=hidden).locator("summary").click()
    link.click()


def sign_out(page: Page) -> None:
    """Sign out through the account menu (behind the menu button on a phone)."""
    page.wait_for_load_state("load")  # the stylesheet decides whether the menu button shows
    button = page.locator("[data-menu-toggle]")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
    sign_out_button = page.get_by_role("button", name="Sign out")
    if not sign_out_button.is_visible():
        page.locator("details.account > summary").click()
    # static/js/pwa.js clears this person's offline copies before the form goes (up to 1.5 s): wait for the
    # signed-out page itself, or the next goto would be cut off by it. Not for "a navigation": an htmx
    # filter's history push on the page being left counts as one, and ended the wait too early.
    sign_out_button.click()
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(0, timeout=30_000)
    page.wait_for_load_state("load")
