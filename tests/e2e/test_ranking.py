"""A student ranks places on a phone: each place with its facts, moved by its arrow buttons (or dragged by
its handle), "saved" said after each move, and the order kept on reload."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.internships.models import Application, Choice, Phase, Place, PlaceStatus, Round
from tests.e2e.layout import page_width

pytestmark = pytest.mark.e2e

TITLES = ["Line automation", "Water sensors", "Factory dashboards"]


def _round_with_a_ranking() -> Round:
    """A round open for applications with three places, which the demo student ranked in TITLES order."""
    starts = timezone.localdate() + timedelta(days=120)
    round_ = Round.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        key="e2e-ranking",
        name={"en": "E2E ranking round"},
        internship_starts_on=starts,
        internship_ends_on=starts + timedelta(days=13),
        phase=Phase.APPLICATIONS,
    )
    student = User.objects.get(email=demo_email("student"))
    application = Application.objects.create(
        round=round_,
        student=student,
        college=Organization.objects.get(key="must-kosen"),
        name_latin=student.name_latin,
    )
    for position, title in enumerate(TITLES, start=1):
        place = Place.objects.create(
            round=round_,
            company=Organization.objects.get(key="nagaoka-seiki"),
            title={"en": title},
            field="IoT",
            starts_on=starts,
            ends_on=starts + timedelta(days=13),
            location="Nagaoka",
            paid=position == 1,
            housing=True,
            japanese_level="N4",
            status=PlaceStatus.APPROVED,
        )
        Choice.objects.create(application=application, place=place, position=position)
    return round_


def _titles(page: Page) -> list[str]:
    return page.locator("ol.ranking .rank-title").all_inner_texts()


def test_a_student_reorders_places_with_the_buttons_on_a_phone(
    demo_site: str, phone_page: Page, sign_in: Callable[[Page, str], None]
) -> None:
    round_ = _round_with_a_ranking()
    sign_in(phone_page, "student")
    phone_page.goto(f"{demo_site}/rounds/{round_.pk}/ranking/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Your ranking of places")
    first = phone_page.locator("ol.ranking > li").first
    for fact in ("Nagaoka Seiki", "Nagaoka", "Paid", "Housing provided", "Japanese: JLPT N4"):
        expect(first).to_contain_text(fact)

    # The page fits the phone: no sideways scrolling, and each card is at most about four lines tall.
    assert page_width(phone_page) <= 390
    assert first.bounding_box()["height"] < 200  # type: ignore[index]

    phone_page.get_by_role("button", name="Move “Factory dashboards” up").click()
    expect(phone_page.locator("#ranking-status")).to_have_text(
        re.compile("Saved: “Factory dashboards” is now choice 2")
    )
    assert _titles(phone_page) == ["Line automation", "Factory dashboards", "Water sensors"]
    # The focus stays on the button just used, so a keyboard user can press it again.
    expect(phone_page.get_by_role("button", name="Move “Factory dashboards” up")).to_be_focused()
    phone_page.keyboard.press("Enter")
    expect(phone_page.locator("#ranking-status")).to_have_text(re.compile("is now choice 1"))
    expect(phone_page.get_by_role("button", name="Move “Factory dashboards” up")).to_be_disabled()
    expect(phone_page.get_by_role("button", name="Move “Factory dashboards” down")).to_be_focused()

    phone_page.reload()
    assert _titles(phone_page) == ["Factory dashboards", "Line automation", "Water sensors"]


def test_a_student_drags_a_place_to_another_line(
    demo_site: str, new_context: Callable[..., BrowserContext], sign_in: Callable[[Page, str], None]
) -> None:
    round_ = _round_with_a_ranking()
    page = new_context().new_page()
    sign_in(page, "student")
    page.goto(f"{demo_site}/rounds/{round_.pk}/ranking/")
    handle = page.locator("ol.ranking > li").nth(2).locator(".rank-handle")
    target = page.locator("ol.ranking > li").first.bounding_box()
    start = handle.bounding_box()
    assert target is not None
    assert start is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 5, steps=8)
    page.mouse.up()
    expect(page.locator("#ranking-status")).to_have_text(
        re.compile("Saved: “Factory dashboards” is now choice 1")
    )
    page.reload()
    assert _titles(page) == ["Factory dashboards", "Line automation", "Water sensors"]


def test_a_student_applies_on_a_phone(
    demo_site: str, phone_page: Page, sign_in: Callable[[Page, str], None]
) -> None:
    """The whole application on a 390 px phone: the form, the consent, the ranking, then submit."""
    from kakehashi.accounts.models import User as Person
    from kakehashi.privacy import services as privacy
    from kakehashi.privacy.models import ConsentKind

    round_ = _round_with_a_ranking()
    privacy.consent_withdraw(
        user=Person.objects.get(email=demo_email("student")), kind=ConsentKind.CROSS_BORDER_TRANSFER
    )
    sign_in(phone_page, "student")
    phone_page.goto(f"{demo_site}/rounds/{round_.pk}/apply/")
    assert page_width(phone_page) <= 390
    phone_page.locator("#id_skills").fill("Python, Arduino")
    phone_page.get_by_label("I agree to this text.").check()
    phone_page.get_by_role("button", name="Save as a draft").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Your ranking of places")
    assert page_width(phone_page) <= 390
    submit = phone_page.get_by_role("button", name="Submit your application")
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box is not None
    assert box["height"] >= 40, box  # a thumb's target
    submit.tap()
    expect(phone_page.get_by_role("status").first).to_contain_text("Your application was submitted.")
    assert (
        Application.objects.get(round=round_, student__email=demo_email("student")).submitted_at is not None
    )
