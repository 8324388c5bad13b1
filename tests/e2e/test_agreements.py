"""The internship agreement signed in a real browser: the program manager draws it up, then the college's
teacher (in Mongolian), the host company's administrator (in Japanese), the student (in Mongolian) and the
program manager (in Japanese) sign it in that order; a party whose turn it is not has no form to sign; a
visitor verifies the signed agreement's code."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts import demo
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.agreements.models import Agreement, AgreementStatus, Party, Signature
from kakehashi.operations import services as case_services
from kakehashi.operations.models import InternCase
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width

pytestmark = pytest.mark.e2e


def person(key: str) -> User:
    return User.objects.get(email=demo.demo_email(key))


def upcoming_case() -> InternCase:
    arrival = timezone.localdate() + timedelta(days=40)
    return case_services.case_open(
        intern=person("student"),
        host=Organization.objects.get(key="nagaoka-seiki"),
        program=Program.objects.get(key="jica-dx-2024"),
        arrival_on=arrival,
        departure_on=arrival + timedelta(days=13),
        paid=False,
    )


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


def test_the_parties_and_the_office_sign_in_order_in_their_languages(
    new_context: Callable[..., BrowserContext], sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    case = upcoming_case()
    url = f"/agreements/cases/{case.pk}/"

    manager = open_as(new_context, sign_in, demo_site, "manager", "ja", url)
    manager.locator("form[action$='/draw-up/'] button").click()
    expect(manager.locator("form[action$='/sign/']")).to_have_count(0)  # the college signs first
    agreement = Agreement.objects.get(case=case)
    version = agreement.versions.get()
    pdf = manager.request.get(f"{demo_site}/agreements/cases/{case.pk}/v1.pdf")
    assert pdf.body() == version.pdf_bytes

    # The student's turn has not come: no form for them yet. The page fits a phone (the hash wraps).
    student = open_as(
        new_context, sign_in, demo_site, "student", "mn", url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    expect(student.locator("form[action$='/sign/']")).to_have_count(0)
    assert page_width(student) <= student.evaluate("window.innerWidth")

    for key, language, party in (
        ("teacher", "mn", Party.COLLEGE),
        ("company", "ja", Party.COMPANY),
        ("student", "mn", Party.STUDENT),
        ("manager", "ja", Party.OFFICE),
    ):
        page = open_as(new_context, sign_in, demo_site, key, language, url)
        form = page.locator("form[action$='/sign/']")
        expect(form.locator("input[name='sha256']")).to_have_value(version.sha256)
        form.locator("input[name='confirm']").check()
        form.locator("button[type='submit']").click()
        page.wait_for_load_state()
        signature = Signature.objects.get(version=version, party=party)
        assert signature.signer == person(key)
        assert signature.ip_address == "127.0.0.1"
        assert signature.sha256 == version.sha256

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    signed = page.request.get(f"{demo_site}/agreements/cases/{case.pk}/signed.pdf")
    assert signed.body().startswith(b"%PDF")
    expect(page.locator(f"a[href$='/agreements/cases/{case.pk}/signed.pdf']")).to_be_visible()

    # Anyone verifies the code printed on the signature page: the status and the organizations, no name.
    cache.clear()  # the public page's rate limit counts per address, and every test comes from 127.0.0.1
    visitor = new_context().new_page()
    visitor.context.add_cookies([{"name": "kakehashi_language", "value": "en", "url": demo_site}])
    visitor.goto(f"{demo_site}/agreements/verify/?code={agreement.code}")
    result = visitor.get_by_role("status")
    expect(result).to_contain_text("Signed by every party")
    expect(result).to_contain_text("Nagaoka Seiki")
    expect(result).not_to_contain_text(person("student").name_latin)
