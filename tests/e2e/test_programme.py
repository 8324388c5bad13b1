"""Program management in a browser: an expense with a receipt, a quarterly report, the funder's view."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from kakehashi.accounts.demo import DEMO_PEOPLE
from kakehashi.programme import demo as programme_demo

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n%receipt\n%%EOF\n"


@pytest.fixture
def programme_site(demo_site: str) -> str:
    programme_demo.load()
    return demo_site


def test_the_accountant_enters_an_expense_with_a_receipt_and_approves_it(
    page: Page, sign_in: Callable[[Page, str], None], programme_site: str, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(PDF)
    sign_in(page, "accountant")
    page.goto(f"{programme_site}/programme/expenses/new/")
    page.locator("#id_spent_on").fill("2025-08-01")
    page.locator("#id_category").select_option("equipment")
    page.locator("#id_description").fill("Sensors for the IoT course")
    page.locator("#id_payee").fill("Yukiguni IT Solutions Inc.")
    page.locator("#id_amount").fill("120000")
    page.locator("#id_receipt").set_input_files(str(receipt))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("expense-status")).to_have_text("Entered")
    page.get_by_role("button", name="Approve").click()  # the link to the confirmation page
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("expense-status")).to_have_text("Approved")
    expect(page.get_by_role("link", name="Download the receipt")).to_be_visible()


def test_the_program_manager_builds_the_quarterly_expenditure_report_and_downloads_it(
    page: Page, sign_in: Callable[[Page, str], None], programme_site: str, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, "manager")
    page.goto(f"{programme_site}/programme/reports/new/")
    page.locator("#id_kind").select_option("quarterly_expenditure")
    page.locator("#id_period_start").fill("2026-10-01")
    page.locator("#id_period_end").fill("2026-12-31")
    page.get_by_role("button", name="Create the report").click()
    page.get_by_role("link", name="Build the report").click()
    page.get_by_role("button", name="Build the report").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Ready", timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_funder_sees_the_dashboard_and_no_persons_name(
    page: Page, sign_in: Callable[[Page, str], None], programme_site: str
) -> None:
    sign_in(page, "funder")
    page.goto(f"{programme_site}/programme/")
    expect(page.get_by_role("heading", name="Program dashboard")).to_be_visible()
    expect(page.locator("#burn-chart")).to_be_visible()
    for url in ("/programme/", "/programme/budget/", "/programme/indicators/", "/programme/reports/"):
        page.goto(f"{programme_site}{url}")
        body = page.content()
        for person in DEMO_PEOPLE:
            if person.key != "funder":
                assert person.name_latin not in body, (url, person.key)
                assert person.name_local not in body, (url, person.key)


def test_the_charts_draw_without_breaking_the_content_security_policy(
    page: Page, sign_in: Callable[[Page, str], None], programme_site: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, "funder")
    page.goto(f"{programme_site}/programme/budget/")
    for chart in ("#burn-chart", "#category-chart"):
        page.wait_for_function(f"() => window.Chart && Chart.getChart(document.querySelector('{chart}'))")
    assert errors == []
