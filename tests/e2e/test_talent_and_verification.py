"""In a real browser, on a phone: a host company (in Japanese) finds a student in the talent pool and invites
them to an interview; the student (in Mongolian) sees which company looked and accepts. A visitor with no
account opens a certificate's verification address (the one its QR code holds) and sees what it states."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts.models import Organization
from kakehashi.certificates.documents import verification_url
from kakehashi.certificates.models import CertificateKind
from kakehashi.certificates.services import issue
from kakehashi.talent import demo as talent_demo
from kakehashi.talent.models import InvitationStatus, TalentInvitation
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e
ON_A_PHONE = {"viewport": PHONE, "is_mobile": True, "has_touch": True}


def open_as(
    new_context: Callable[..., BrowserContext],
    sign_in: Callable[[Page, str], None],
    demo_site: str,
    key: str,
    language: str,
    url: str,
) -> Page:
    page = new_context(**ON_A_PHONE).new_page()
    sign_in(page, key)
    page.context.add_cookies([{"name": "kakehashi_language", "value": language, "url": demo_site}])
    page.goto(f"{demo_site}{url}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def test_a_company_finds_a_student_in_the_talent_pool_and_invites_them(
    new_context: Callable[..., BrowserContext], sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    talent_demo.load()
    company = open_as(new_context, sign_in, demo_site, "company", "ja", "/talent/")
    expect(company.get_by_role("heading", name="人材プール", level=1)).to_be_visible()
    # The student wrote their headline in Japanese: the card shows it as written, marked as such.
    card = company.locator("article.card", has_text="ロボットの保守")
    expect(card.locator("p[lang=ja]")).to_be_visible()
    card.get_by_role("link").first.click()
    company.get_by_label("本人へのメッセージ").fill("来週オンラインで30分お話ししませんか。")
    company.get_by_role("button", name="招待を送信").click()
    expect(company.locator(".messages")).to_contain_text("招待を送りました")
    invitation = TalentInvitation.objects.get(company__key="nagaoka-seiki")
    assert invitation.status == InvitationStatus.SENT

    student = open_as(new_context, sign_in, demo_site, "student2", "mn", "/talent/me/")
    company_name = Organization.objects.get(key="nagaoka-seiki").name.in_language("mn")
    expect(student.locator("#views-heading + ul")).to_contain_text(company_name)
    ours = student.locator("article.card", has_text="来週オンラインで")
    expect(ours).to_contain_text(company_name)
    ours.get_by_role("button", name="Ярилцлагыг хүлээн авах").click()
    expect(student.locator("article.card", has_text="来週オンラインで")).not_to_contain_text(
        "Ярилцлагыг хүлээн авах"
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_a_visitor_verifies_a_certificate_by_the_address_of_its_qr_code(
    new_context: Callable[..., BrowserContext], demo_site: str
) -> None:
    cache.clear()  # the verification page counts lookups per address
    certificate = issue(
        kind=CertificateKind.INTERNSHIP,
        source="e2e:verify",
        holder="Номин-Эрдэнэ Баатар",
        statement={
            "ja": "長岡精機株式会社でのインターンシップを修了した。",
            "mn": "Нагаока Сэйки ХК-д дадлагаа амжилттай дуусгасан.",
            "en": "Completed an internship at Nagaoka Seiki Co., Ltd.",
        },
    )
    page = new_context(**ON_A_PHONE).new_page()
    page.context.add_cookies([{"name": "kakehashi_language", "value": "mn", "url": demo_site}])
    page.goto(verification_url(demo_site, certificate.code))
    main = page.locator("main")
    expect(main).to_contain_text(certificate.serial)
    expect(main).to_contain_text("Номин-Эрдэнэ Баатар")
    expect(main).to_contain_text("дадлагаа амжилттай дуусгасан")
    page.goto(verification_url(demo_site, "ZZZZ-ZZZZ-ZZZZ"))
    expect(page.locator("main")).not_to_contain_text("Номин-Эрдэнэ")
    expect(page.locator("main")).not_to_contain_text(certificate.serial)
    cache.clear()
