"""Host companies in a real browser: the pipeline board (htmx and plain forms) and readiness."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts.models import Organization
from kakehashi.companies import demo as companies_demo
from kakehashi.companies.models import AnswerStatus, OutreachCompany, ReadinessAnswer, ReadinessItem, Stage
from kakehashi.companies.selectors import is_company_ready
from tests.e2e.menu import follow_menu_link

pytestmark = pytest.mark.e2e

PROSPECT = "Yoita Metalworks Co., Ltd."


def card(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator(".board-card").filter(has=page.get_by_role("link", name=name, exact=True))


def column(page: Page, stage: str):  # type: ignore[no-untyped-def]
    return page.locator(f"section.board-column[aria-labelledby='stage-{stage}']")


def test_a_city_officer_moves_a_prospect_through_the_pipeline(
    page: Page,
    sign_in: Callable[[Page, str], None],
    new_context: Callable[..., BrowserContext],
    demo_site: str,
) -> None:
    companies_demo.load()
    sign_in(page, "city")
    follow_menu_link(page, "Company pipeline")
    expect(page.get_by_role("heading", level=1)).to_have_text("Company pipeline")
    expect(column(page, "prospect")).to_contain_text(PROSPECT)

    # With htmx: only the board is redrawn, the page stays where it is.
    url_before = page.url
    card(page, PROSPECT).get_by_role("combobox").select_option(label="Contacted")
    card(page, PROSPECT).get_by_role("button", name="Move").click()
    expect(page.locator("#board").get_by_role("status")).to_have_text(f"{PROSPECT} moved to Contacted.")
    expect(column(page, "contacted")).to_contain_text(PROSPECT)
    expect(column(page, "prospect")).not_to_contain_text(PROSPECT)
    assert page.url == url_before

    # A move the rules refuse says why.
    card(page, PROSPECT).get_by_role("combobox").select_option(label="Hosting")
    card(page, PROSPECT).get_by_role("button", name="Move").click()
    expect(page.locator("#board").get_by_role("alert")).to_contain_text("Link the company")
    expect(column(page, "contacted")).to_contain_text(PROSPECT)

    # Without JavaScript the same form posts and comes back to the board.
    plain = new_context(java_script_enabled=False).new_page()
    sign_in(plain, "city")
    plain.goto(f"{demo_site}/companies/pipeline/")
    card(plain, PROSPECT).get_by_role("combobox").select_option(label="Interested")
    card(plain, PROSPECT).get_by_role("button", name="Move").click()
    expect(plain).to_have_url(f"{demo_site}/companies/pipeline/")
    expect(plain.get_by_role("status")).to_have_text(f"{PROSPECT} moved to Interested.")
    expect(column(plain, "interested")).to_contain_text(PROSPECT)

    # The activity log: a call with a next step.
    plain.get_by_role("link", name=PROSPECT, exact=True).click()
    plain.get_by_label("Kind").select_option(label="Call")
    plain.get_by_label("Date").fill("2026-01-10")
    plain.get_by_label("What happened").fill("Explained the program to the president.")
    plain.get_by_label("Next step", exact=True).fill("Invite to the readiness seminar")
    plain.get_by_label("Next step due on").fill("2026-01-20")
    plain.get_by_role("button", name="Save the activity").click()
    expect(plain.get_by_role("status")).to_have_text("The activity was saved.")
    expect(plain.locator("table")).to_contain_text("Invite to the readiness seminar")

    company = OutreachCompany.objects.get(name__en=PROSPECT)
    assert company.stage == Stage.INTERESTED
    assert company.activities.get().next_step == "Invite to the readiness seminar"


def test_a_company_answers_the_readiness_items_and_verification_makes_it_ready(
    page: Page,
    sign_in: Callable[[Page, str], None],
    new_context: Callable[..., BrowserContext],
    demo_site: str,
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    companies_demo.load()
    organization = Organization.objects.get(key="nagaoka-seiki")
    organization.readiness_answers.all().delete()
    OutreachCompany.objects.filter(organization=organization).update(stage=Stage.REGISTERED)
    evidence = tmp_path / "policy.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    items = ReadinessItem.objects.filter(is_active=True).count()

    sign_in(page, "company")
    follow_menu_link(page, "Our readiness")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Readiness of Nagaoka Seiki"))
    expect(page.locator("#action-plan li")).to_have_count(items)
    first = True
    while page.get_by_role("button", name="Answer", exact=True).count():
        page.get_by_role("button", name="Answer", exact=True).first.click()
        page.get_by_label("What the company has done").fill("Done, see the attached document.")
        if first:
            page.get_by_label("Evidence file").set_input_files(evidence)
            first = False
        page.get_by_role("button", name="Send for verification").click()
        expect(page.get_by_role("status")).to_have_text("Your answer was sent for verification.")
    expect(page.locator(".status-submitted")).to_have_count(items)
    assert not is_company_ready(organization)

    city = new_context().new_page()
    sign_in(city, "city")
    city.goto(f"{demo_site}/companies/readiness/verify/")
    # The queue also holds the demo's other companies' answers: this company's are counted.
    ours = city.locator("tbody tr").filter(has_text=str(organization.name))
    expect(ours).to_have_count(items)
    ours.locator("a").first.click()
    while city.get_by_role("button", name="Verify", exact=True).count():
        city.get_by_role("button", name="Verify", exact=True).first.click()
        expect(city.get_by_role("status")).to_have_text("The answer was verified.")
    expect(city.locator("#readiness-state")).to_have_text(
        "Ready to host interns: every required item is verified."
    )

    assert is_company_ready(organization)
    assert (
        ReadinessAnswer.objects.filter(organization=organization, status=AnswerStatus.VERIFIED).count()
        == items
    )
    assert OutreachCompany.objects.get(organization=organization).stage == Stage.READY
    page.reload()
    expect(page.locator("#readiness-state")).to_contain_text("Ready to host interns")
