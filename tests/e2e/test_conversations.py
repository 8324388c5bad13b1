"""A conversation in a real browser: the host company's administrator, on a desktop in Japanese, writes to a
student nominated to the company from the student's application page; the student, on a 390 px phone in
Mongolian, sees the unread badge, reads, replies and asks for an interpreter (confirming in the dialog); the
NGO coordinator is added with a notice in the thread, and the company's inbox shows the reply unread.

Locators use addresses and field names, not the words, so the test reads the same before and after the
translations of the new texts are merged."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts import demo
from kakehashi.accounts.models import Membership, Organization, User
from kakehashi.accounts.roles import Role
from kakehashi.conversations.models import Participant, Thread
from kakehashi.core.permissions import build_viewer
from kakehashi.internships import services as round_services
from kakehashi.internships.models import Application, Choice, Nomination, Place, PlaceStatus
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width

pytestmark = pytest.mark.e2e


def person(key: str) -> User:
    return User.objects.get(email=demo.demo_email(key))


def nominated_application() -> Application:
    """The demo student nominated (and confirmed by the NGO) to a place of the demo company."""
    round_ = round_services.round_create(
        viewer=build_viewer(person("manager")),
        name={"en": "Conversation round"},
        key="conversation-round",
        internship_starts_on=date(2030, 3, 1),
        internship_ends_on=date(2030, 3, 14),
    )
    place = Place.objects.create(
        round=round_,
        company=Organization.objects.get(key="nagaoka-seiki"),
        title={"en": "IoT sensors"},
        field="IoT",
        capacity=1,
        starts_on=date(2030, 3, 1),
        ends_on=date(2030, 3, 14),
        location="Nagaoka",
        status=PlaceStatus.APPROVED,
    )
    student = person("student")
    now = timezone.now() - timedelta(days=1)
    application = Application.objects.create(
        round=round_,
        student=student,
        college=Organization.objects.get(key="must-kosen"),
        name_latin=student.name_latin,
        name_cyrillic=student.name_local,
        consent_version="2025-01",
        consent_at=now,
        submitted_at=now,
        nomination=Nomination.NOMINATED,
        confirmed_at=now,
    )
    Choice.objects.create(application=application, place=place, position=1)
    return application


def open_as(
    new_context: Callable[..., BrowserContext],
    sign_in: Callable[[Page, str], None],
    demo_site: str,
    key: str,
    language: str,
    url: str,
    **options: object,
) -> Page:
    page = new_context(**options).new_page()
    sign_in(page, key)
    page.context.add_cookies([{"name": "kakehashi_language", "value": language, "url": demo_site}])
    page.goto(f"{demo_site}{url}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def test_a_company_writes_in_japanese_and_the_student_replies_in_mongolian_on_a_phone(
    new_context: Callable[..., BrowserContext], sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    application = nominated_application()
    assert Membership.objects.filter(user=person("ngo"), role=Role.NGO_COORDINATOR).exists()
    student = person("student")

    # The company's administrator, on a desktop in Japanese, starts from the student's application page.
    company = open_as(
        new_context, sign_in, demo_site, "company", "ja", f"/rounds/applications/{application.pk}/"
    )
    company.locator(f"a[href='/conversations/new/{student.pk}/']").click()
    company.locator("input[name='subject']").fill("来日前の面談について")
    company.locator("textarea[name='body']").fill("ノミンさん、来週の火曜日にオンラインで話しましょう。")
    company.locator("form[enctype] button[type='submit']").click()
    expect(company.locator("ol.conversation")).to_contain_text("来週の火曜日にオンラインで話しましょう。")
    thread = Thread.objects.get(subject="来日前の面談について")

    # The student, on a phone in Mongolian: the header says one unread message.
    phone = open_as(new_context, sign_in, demo_site, "student", "mn", "/", viewport=PHONE, is_mobile=True)
    badge = phone.locator("a.inbox-link[href='/conversations/']")
    expect(badge).to_contain_text("1")
    phone.goto(f"{demo_site}/conversations/")
    phone.locator(f"a[href='/conversations/{thread.pk}/']").click()
    expect(phone.locator("ol.conversation")).to_contain_text("来週の火曜日")
    phone.locator("textarea[name='body']").fill("Сайн байна уу! Мягмар гарагт болно, баярлалаа.")
    phone.locator("form.message-form button[type='submit']").click()
    expect(phone.locator("ol.conversation li.mine").last).to_contain_text("Мягмар гарагт болно")
    # Nothing wider than the phone.
    assert page_width(phone) <= PHONE["width"]

    # Asking for an interpreter asks first, in the dialog.
    phone.locator(f"form[action='/conversations/{thread.pk}/interpreter/'] button").click()
    dialog = phone.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[data-confirm-ok]").click()
    expect(phone.locator("ol.conversation li.system")).to_have_count(1)
    assert Participant.objects.filter(thread=thread, user=person("ngo")).exists()
    expect(phone.locator(f"form[action='/conversations/{thread.pk}/interpreter/']")).to_have_count(0)

    # Back on the company's desktop, the inbox shows the thread with unread messages.
    company.goto(f"{demo_site}/conversations/")
    expect(company.locator("ul.thread-list li.unread")).to_have_count(1)
