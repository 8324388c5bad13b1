"""One small internship round clicked through its main phases, by each role involved: the program office
opens phases and runs the matching, a company offers a place and ranks, a student applies and ranks, the
college nominates, the NGO confirms, and both sides accept the published result."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.internships import demo as internships_demo
from kakehashi.internships import services
from kakehashi.internships.models import Placement, PlacementStatus, Round

pytestmark = pytest.mark.e2e


@pytest.fixture
def person(
    demo_site: str, new_context: Callable[..., BrowserContext], sign_in: Callable[[Page, str], None]
) -> Callable[[str], Page]:
    """person("manager"): a fresh browser signed in as that demo person, on the round list."""
    internships_demo.load()

    def open_as(key: str) -> Page:
        page = new_context().new_page()
        sign_in(page, key)
        page.get_by_role("link", name="Internship rounds").first.click()
        return page

    return open_as


def open_phase(page: Page, name: str, phase: str) -> None:
    page.get_by_role("link", name=name).click()
    page.get_by_role("link", name="Move the round to another phase").click()
    page.locator("#id_phase").select_option(label=phase)
    page.get_by_role("button", name="Open this phase").click()
    expect(page.get_by_role("status")).to_contain_text("The round moved to the new phase.")
    expect(page.locator("[aria-current=step]")).to_contain_text(phase)


def test_a_small_round_from_places_to_accepted_results(
    person: Callable[[str], Page], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "company_is_ready", lambda company: True)  # readiness: the companies app
    name = "E2E round"
    starts = timezone.localdate() + timedelta(days=200)

    # The program office creates the round and opens the call for places.
    manager = person("manager")
    manager.get_by_role("button", name="New round").click()
    manager.get_by_label("Name").fill(name)
    manager.get_by_label("Key").fill("e2e")
    manager.get_by_label("Internship starts on").fill(starts.isoformat())
    manager.get_by_label("Internship ends on").fill((starts + timedelta(days=13)).isoformat())
    manager.get_by_role("button", name="Create the round").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(name)
    manager.get_by_role("link", name="Internship rounds").first.click()
    open_phase(manager, name, "Places open")

    # The company writes a place.
    company = person("company")
    company.get_by_role("link", name=name).click()
    company.get_by_role("link", name="Internship places").click()
    company.get_by_role("button", name="New place").click()
    company.get_by_label("Title (English)").fill("Factory IoT sensors")
    company.locator("#id_field").fill("IoT")
    company.get_by_label("Starts on").fill(starts.isoformat())
    company.get_by_label("Ends on").fill((starts + timedelta(days=13)).isoformat())
    company.get_by_label("Location").fill("Nagaoka")
    company.get_by_role("button", name="Send for review").click()
    expect(company.get_by_role("status")).to_contain_text("sent to the program office for review")

    # The office approves it and opens applications.
    manager.get_by_role("link", name="Internship places").click()
    manager.get_by_role("link", name="Factory IoT sensors").click()
    manager.get_by_role("button", name="Review").click()
    manager.get_by_label("Decision").select_option(label="Approve")
    manager.get_by_role("button", name="Save the review").click()
    expect(manager.get_by_text("Approved")).to_be_visible()
    manager.get_by_role("link", name="Internship rounds").first.click()
    open_phase(manager, name, "Applications")

    # The student applies, agrees to the transfer, ranks the place and submits.
    student = person("student")
    student.get_by_role("link", name=name).click()
    student.get_by_role("link", name="Your application").click()
    student.locator("#id_skills").fill("Python, Arduino")
    student.get_by_label(re.compile("I agree that my application")).check()
    student.get_by_role("button", name="Save as a draft").click()
    expect(student.get_by_role("heading", level=1)).to_have_text("Your ranking of places")
    student.get_by_label("Add a place to your ranking").select_option(
        label="Factory IoT sensors (Nagaoka Seiki Co., Ltd.)"
    )
    student.get_by_role("button", name="Add", exact=True).click()
    expect(student.locator("ol.ranking")).to_contain_text("Factory IoT sensors")
    student.get_by_role("button", name="Submit your application").click()
    expect(student.get_by_role("status")).to_contain_text("Your application was submitted.")

    # Screening: the college nominates, the NGO confirms.
    manager.get_by_role("link", name="Internship rounds").first.click()
    open_phase(manager, name, "Screening")
    teacher = person("teacher")
    teacher.get_by_role("link", name=name).click()
    teacher.get_by_role("link", name="Applicants").click()
    teacher.get_by_role("link", name=re.compile("Nomin-Erdene Baatar")).click()
    teacher.get_by_label("Decision").select_option(label="Nominate")
    teacher.locator("#id_reason").fill("Strong in IoT, good Japanese.")
    teacher.get_by_role("button", name="Save the decision").click()
    expect(teacher.get_by_role("status")).to_contain_text("The decision was saved")
    ngo = person("ngo")
    ngo.get_by_role("link", name=name).click()
    ngo.get_by_role("link", name="Applicants").click()
    ngo.get_by_role("link", name=re.compile("Nomin-Erdene Baatar")).click()
    ngo.get_by_role("button", name="Confirm the college's decision").click()
    expect(ngo.get_by_role("status")).to_contain_text("The decision was confirmed.")

    # Rankings: the company ranks its nominee.
    manager.get_by_role("link", name="Internship rounds").first.click()
    open_phase(manager, name, "Rankings")
    company.get_by_role("link", name="Internship rounds").first.click()
    company.get_by_role("link", name=name).click()
    company.get_by_role("link", name="Internship places").click()
    company.get_by_role("link", name="Factory IoT sensors").click()
    company.get_by_role("button", name="Rank the applicants").click()
    company.get_by_label("Rank of Nomin-Erdene Baatar").fill("1")
    company.get_by_role("button", name="Save the ranking").click()
    expect(company.get_by_role("status")).to_contain_text("Your ranking was saved.")

    # Matching: a run, its check, publication.
    manager.get_by_role("link", name="Internship rounds").first.click()
    open_phase(manager, name, "Matching")
    manager.get_by_role("link", name="Matching runs").click()
    manager.get_by_role("button", name="Start a run").click()
    expect(manager.get_by_text("Status: Done")).to_be_visible()
    expect(manager.get_by_text("1 of 1 students matched")).to_be_visible()
    manager.get_by_role("button", name="Check the run").click()
    expect(manager.get_by_role("status")).to_contain_text("The check passed")
    manager.get_by_role("button", name="Publish this run").click()
    manager.get_by_role("button", name="Publish").click()
    expect(manager.get_by_role("status")).to_contain_text("The run was published: 1 matches.")

    # Both sides accept.
    for page in (student, company):
        page.get_by_role("link", name="Internship rounds").first.click()
        page.get_by_role("link", name=name).click()
        page.get_by_role("link", name="Results").click()
        page.get_by_role("button", name="Accept").click()
        expect(page.get_by_role("status")).to_contain_text("Your answer was recorded.")
    expect(company.locator("table")).to_contain_text("Accepted")
    placement = Placement.objects.get(round=Round.objects.get(key="e2e"))
    assert placement.status == PlacementStatus.ACCEPTED
