"""A company moves an interview in Japanese; the student, on a phone in Mongolian, reads the new time in
Ulaanbaatar time first (Tokyo beside it), and the notice of the move with the company's reason."""

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.core import times
from kakehashi.internships.models import (
    Application,
    Choice,
    InterviewSlot,
    Nomination,
    Phase,
    Place,
    PlaceStatus,
    Round,
)
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width

pytestmark = pytest.mark.e2e
TOKYO = ZoneInfo(times.TOKYO)
REASON = "面接担当者が出張のため"


def _booked_interview() -> InterviewSlot:
    """An interviews-phase round where the demo student (a confirmed nominee) booked Nagaoka Seiki's place."""
    starts = timezone.localdate() + timedelta(days=60)
    round_ = Round.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        key="e2e-interviews",
        name={"en": "E2E interviews round"},
        internship_starts_on=starts,
        internship_ends_on=starts + timedelta(days=13),
        phase=Phase.INTERVIEWS,
    )
    place = Place.objects.create(
        round=round_,
        company=Organization.objects.get(key="nagaoka-seiki"),
        title={"en": "Sensor line", "ja": "センサーライン", "mn": "Мэдрэгчийн шугам"},
        field="IoT",
        starts_on=starts,
        ends_on=starts + timedelta(days=13),
        location="Nagaoka",
        status=PlaceStatus.APPROVED,
    )
    student = User.objects.get(email=demo_email("student"))
    application = Application.objects.create(
        round=round_,
        student=student,
        college=Organization.objects.get(key="must-kosen"),
        name_latin=student.name_latin,
        submitted_at=timezone.now(),
        nomination=Nomination.NOMINATED,
        confirmed_at=timezone.now(),
    )
    Choice.objects.create(application=application, place=place, position=1)
    first = (
        (timezone.now() + timedelta(days=3))
        .astimezone(TOKYO)
        .replace(hour=10, minute=0, second=0, microsecond=0)
    )
    return InterviewSlot.objects.create(place=place, starts_at=first, application=application, minutes=30)


def test_the_company_moves_an_interview_in_japanese_and_the_student_reads_ulaanbaatar_time_in_mongolian(
    demo_site: str, new_context: Callable[..., BrowserContext], sign_in: Callable[[Page, str], None]
) -> None:
    slot = _booked_interview()
    new = (slot.starts_at + timedelta(days=2)).astimezone(TOKYO).replace(hour=15, minute=30)

    company = new_context().new_page()
    sign_in(company, "company")
    company.context.add_cookies([{"name": "kakehashi_language", "value": "ja", "url": demo_site}])
    company.goto(f"{demo_site}/rounds/places/{slot.place_id}/interviews/")
    expect(company.locator("html")).to_have_attribute("lang", "ja")
    company.locator(f"a[href='/rounds/interviews/{slot.pk}/move/']").click()
    company.locator("input[name=starts_at]").fill(new.strftime("%Y-%m-%dT%H:%M"))
    company.locator("input[name=minutes]").fill("45")
    company.locator("textarea[name=reason]").fill(REASON)
    company.locator("main form button[type=submit]").click()
    company.wait_for_url(f"{demo_site}/rounds/places/{slot.place_id}/interviews/")
    with translation.override("ja"):
        tokyo_first = times.both_zones(new, times.TOKYO)
    expect(company.locator("main")).to_contain_text(tokyo_first)
    slot.refresh_from_db()
    assert slot.starts_at == new
    assert slot.minutes == 45

    student = new_context(PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(student, "student")
    student.context.add_cookies([{"name": "kakehashi_language", "value": "mn", "url": demo_site}])
    student.goto(f"{demo_site}/rounds/{slot.place.round_id}/interviews/")
    expect(student.locator("html")).to_have_attribute("lang", "mn")
    with translation.override("mn"):
        ulaanbaatar_first = times.both_zones(new, times.ULAANBAATAR)
        old_ulaanbaatar = times.wall(slot.changes.get().old_starts_at, times.ULAANBAATAR)
    assert "Улаанбаатар" in ulaanbaatar_first
    assert ulaanbaatar_first.index("Улаанбаатар") < ulaanbaatar_first.index("Токио")
    expect(student.locator("main")).to_contain_text(ulaanbaatar_first)
    expect(student.locator("main")).to_contain_text("Мэдрэгчийн шугам")
    assert page_width(student) <= 390

    # The notice of the move: the new time and the old one in Ulaanbaatar time, with the company's reason.
    student.goto(f"{demo_site}/notifications/")
    notice = student.locator("main").get_by_text(REASON)
    expect(notice).to_contain_text(ulaanbaatar_first)
    expect(notice).to_contain_text(old_ulaanbaatar)
    assert page_width(student) <= 390
