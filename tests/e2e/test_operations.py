"""Internship operations and employment, clicked through in a real browser: the intern's one-tap check-in
on a phone, a missed check-in acknowledged by the officer, a mentor's comment on a daily report, a job offer
accepted by the student, another organization's case answering 404, two people editing the same case (the
second is told to reload), and the audit of sensitive reads."""

from collections.abc import Callable
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts import demo
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.careers import selectors as careers
from kakehashi.careers.models import OfferStatus
from kakehashi.core.permissions import build_viewer
from kakehashi.operations import services
from kakehashi.operations.models import Alert, CheckIn, InternCase, ReportComment
from tests.e2e.layout import page_width
from tests.e2e.menu import follow_menu_link, sign_out

pytestmark = pytest.mark.e2e


def person(key: str) -> User:
    return User.objects.get(email=demo.demo_email(key))


def running_case(intern: str = "student", host: str = "nagaoka-seiki") -> InternCase:
    """A case in Japan today (the live server's database holds the accounts demo only)."""
    arrival = timezone.localdate() - timedelta(days=2)
    return services.case_open(
        intern=person(intern),
        host=Organization.objects.get(key=host),
        program=Program.objects.get(key="jica-dx-2024"),
        arrival_on=arrival,
        departure_on=arrival + timedelta(days=13),
        paid=False,
    )


def test_an_intern_checks_in_with_one_tap_on_a_phone(
    phone_page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    case = running_case()
    sign_in(phone_page, "student")
    phone_page.goto(f"{demo_site}/operations/checkin/", wait_until="load")
    # The button is big enough to hit with a thumb, and the page does not scroll sideways.
    button = phone_page.get_by_role("button", name="I am safe")
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= 100, box
    assert box["width"] >= 300, box
    assert box["y"] + box["height"] <= 844, box  # on the first screen, no scrolling to find it
    assert page_width(phone_page) <= phone_page.evaluate("window.innerWidth")
    button.tap()
    expect(phone_page.get_by_role("status").first).to_contain_text("Your check-in for today is recorded.")
    assert CheckIn.objects.filter(case=case, day=timezone.localdate(), status="ok").exists()


def test_a_missed_check_in_raises_an_alert_that_the_officer_acknowledges(
    page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    case = running_case()
    case.checkin_deadline = time(9, 0)
    case.save(update_fields=["checkin_deadline"])
    # Noon today, whatever the hour the test runs: half an hour later is still the same day, so the second
    # pass climbs the ladder instead of raising tomorrow's alert.
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    raised, _escalated = services.check_missed_checkins(now=noon)
    assert raised == 1
    alert = Alert.objects.get(case=case)
    # The ladder: the intern first, the safety officer and the city half an hour later.
    assert {n.recipient.email for n in alert.notices.all()} == {demo.demo_email("student")}
    services.check_missed_checkins(now=alert.raised_at + timedelta(minutes=31))
    assert {n.recipient.email for n in alert.notices.all()} == {
        demo.demo_email("student"),
        demo.demo_email("safety"),
        demo.demo_email("city"),
    }

    sign_in(page, "safety")
    follow_menu_link(page, "Alerts")
    row = page.get_by_role("row").filter(has_text="Missed check-in")
    expect(row).to_contain_text(person("student").name_latin)
    row.get_by_role("button", name="Acknowledge").click()
    page.get_by_label("What you did").fill("Called her: the phone battery was flat. She is fine.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status").first).to_contain_text("The alert was acknowledged.")
    alert.refresh_from_db()
    assert alert.acknowledged_by == person("safety")
    services.check_missed_checkins(now=timezone.now() + timedelta(hours=2))
    alert.refresh_from_db()
    assert alert.escalated_at is None


def test_a_mentor_comments_on_a_daily_report(
    page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    case = running_case()
    report = services.report_save(
        viewer=build_viewer(person("student")),
        case=case,
        day=timezone.localdate(),
        language="mn",
        body="Өнөөдөр CNC машины програмчлалыг үзсэн.",
    )
    sign_in(page, "mentor")
    page.goto(f"{demo_site}/operations/cases/{case.pk}/reports/")
    page.get_by_role("link", name="Өнөөдөр CNC").click()
    page.get_by_label("Comment").fill("よく観察できました。明日は段取りをやってみましょう。")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_role("status").first).to_contain_text("Your comment was added.")
    expect(page.locator("article.comment")).to_contain_text("明日は段取り")
    assert ReportComment.objects.get(report=report).author == person("mentor")


def test_a_company_makes_an_offer_that_the_student_accepts(
    page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    program = Program.objects.get(key="jica-dx-2024")
    offers, hires = careers.accepted_offers_count(program), careers.hires_count(program)
    student = person("student")

    sign_in(page, "company")
    page.goto(f"{demo_site}/careers/offers/")
    page.get_by_role("button", name="Make an offer").click()
    page.get_by_label("Company").select_option(label="Nagaoka Seiki Co., Ltd.")
    page.get_by_label("Student").select_option(label=student.display_name)
    page.get_by_label("Job title").fill("IoT engineer")
    page.get_by_label("Expected graduation").fill("2027-01-20")
    page.get_by_label("Proposed start").fill("2027-04-01")
    page.get_by_role("button", name="Send the offer").click()
    expect(page.get_by_role("status").first).to_contain_text("The offer was sent to the student.")
    sign_out(page)

    sign_in(page, "student")
    page.goto(f"{demo_site}/careers/offers/")
    page.get_by_role("link", name="IoT engineer").click()
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_role("status").first).to_contain_text("Congratulations! You accepted the offer.")
    expect(page.get_by_role("button", name="The hire and its checklist")).to_be_visible()

    assert student.job_offers.get().status == OfferStatus.ACCEPTED
    assert careers.accepted_offers_count(program) == offers + 1
    assert careers.hires_count(program) == hires + 1


def test_another_organizations_case_answers_404(
    page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    other = running_case(intern="student2", host="echigo-machinery")
    own = running_case()
    sign_in(page, "company")
    response = page.goto(f"{demo_site}/operations/cases/{other.pk}/")
    assert response is not None
    assert response.status == 404
    response = page.goto(f"{demo_site}/operations/cases/{own.pk}/")
    assert response is not None
    assert response.status == 200


def test_of_two_people_editing_travel_and_stay_the_second_is_told_to_reload(
    new_context: Callable[..., BrowserContext], sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    case = running_case()
    url = f"{demo_site}/operations/cases/{case.pk}/travel/edit/"
    safety, manager = new_context().new_page(), new_context().new_page()
    sign_in(safety, "safety")
    sign_in(manager, "manager")
    safety.goto(url)
    manager.goto(url)
    safety.get_by_label("Housing", exact=True).fill("Dormitory A")
    safety.get_by_role("button", name="Save").click()
    expect(safety.get_by_role("status").first).to_contain_text("Travel and stay were saved.")
    manager.get_by_label("Housing", exact=True).fill("Dormitory B")
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("alert").first).to_contain_text("Reload the page to see their changes")
    case.stay.refresh_from_db()
    assert case.stay.housing_name == "Dormitory A"
    # After a reload, the manager's form carries the new version and the save goes through.
    manager.goto(url)
    manager.get_by_label("Housing", exact=True).fill("Dormitory B")
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("status").first).to_contain_text("Travel and stay were saved.")
    case.stay.refresh_from_db()
    assert case.stay.housing_name == "Dormitory B"


def test_the_program_manager_audits_who_read_sensitive_data(
    page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    case = running_case()
    services.stay_update(
        viewer=build_viewer(person("safety")),
        case=case,
        expected_version=case.version,
        data={"health_notes": "Peanut allergy"},
    )
    services.sensitive_reveal(viewer=build_viewer(person("safety")), case=case, fields=["health_notes"])
    services.sensitive_reveal(viewer=build_viewer(person("manager")), case=case, fields=["passport_number"])
    sign_in(page, "manager")
    follow_menu_link(page, "Sensitive reads")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#results")).not_to_contain_text("Peanut")
    page.get_by_label("Which field").select_option(label="Health notes")
    # Press Filter as a person would: on a loaded machine the select's change can come before htmx is ready.
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(person("safety").name_latin)
    expect(rows.first).to_contain_text(person("student").name_latin)
    # The person sees the same read on their own page.
    sign_out(page)
    sign_in(page, "student")
    page.goto(f"{demo_site}/privacy/")
    expect(page.get_by_role("table")).to_contain_text(person("safety").name_latin)
    expect(page.get_by_role("table")).to_contain_text("Health notes")
