"""Measuring a page's layout in the browser tests."""

from playwright.sync_api import Page


def page_width(page: Page) -> int:
    """How wide the page is drawn, once its styles and scripts have loaded. A heading can show before the
    stylesheet arrives (the live server answers one request at a time), and a page measured unstyled was
    found 8 px wider than the phone it fits."""
    page.wait_for_load_state("load")
    return int(page.evaluate("document.documentElement.scrollWidth"))
