"""The foundation, clicked through in a real browser: invitations, the people import, phones and the CSP."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import ConsoleMessage, Error, Page, Response, expect

from kakehashi.accounts.models import ImportStatus, Invitation, Membership, PeopleImport, User
from tests.e2e.layout import page_width
from tests.e2e.menu import follow_menu_link, sign_out

pytestmark = pytest.mark.e2e

CYRILLIC = re.compile(r"[А-Яа-яЁёӨөҮү]")


def mongolian_catalog_compiled() -> bool:
    """True once locale/mn/LC_MESSAGES/django.mo translates the navigation."""
    with translation.override("mn"):
        return translation.gettext("Home") != "Home"


def language_posted(response: Response) -> bool:
    """The language form was submitted (by kakehashi.js as soon as the select changed)."""
    return response.request.method == "POST" and response.url.endswith("/language/")


def test_a_new_person_accepts_an_invitation_and_switches_to_mongolian(
    page: Page, sign_in: Callable[[Page, str], None], demo_site: str, settings
) -> None:
    settings.SITE_URL = demo_site  # the link in the email points at this live server
    email = "bold.bat@example.mn"

    # The partner teacher, administrator of MUST Kosen, invites a student.
    sign_in(page, "teacher")
    page.get_by_role("link", name="Manage the members of your organization.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Members of MUST"))
    page.get_by_role("button", name="Invite a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a person")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Role").select_option(label="Student")
    page.get_by_label("Language of the invitation").select_option(label="English")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text(f"An invitation was sent to {email}.")
    expect(page.locator("table").last).to_contain_text(email)  # among the pending invitations

    invitation = Invitation.objects.get(email=email)
    assert invitation.organization.key == "must-kosen"
    assert invitation.role == "student"
    assert invitation.language == "en"
    assert invitation.is_pending
    assert [message.to for message in mail.outbox] == [[email]]
    match = re.search(r"(https?://\S+/invitations/[^/\s]+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    link = match.group(1)
    assert link.startswith(demo_site + "/")

    sign_out(page)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # The new person opens the link from the email and creates the account.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept the invitation")
    expect(page.get_by_text(f"Create your account for {email}.")).to_be_visible()
    page.get_by_label("Family name (Latin script)").fill("Bold")
    page.get_by_label("Given name (Latin script)").fill("Bat")
    page.get_by_label("Family name (Japanese or Cyrillic)").fill("Болд")
    page.get_by_label("Given name (Japanese or Cyrillic)").fill("Бат")
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill("steppe-horse-2026")
    page.get_by_label("Password (again)").fill("steppe-horse-2026")
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(demo_site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.locator("main hgroup")).to_contain_text("Bat Bold")
    expect(page.get_by_role("status")).to_contain_text("Welcome to MUST")
    user = User.objects.get(email=email)
    assert (user.family_name_latin, user.given_name_latin) == ("Bold", "Bat")
    assert user.name_local == "Болд Бат"
    assert user.preferred_language == "en"
    assert Membership.objects.filter(
        user=user, organization__key="must-kosen", role="student", is_active=True
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None

    # The person switches the pages to Mongolian with the language select (it submits by itself).
    page.wait_for_load_state("load")  # kakehashi.js (deferred) has wired the select by now
    language = page.get_by_label("Language", exact=True)
    expect(language).to_have_value("en")
    with page.expect_response(language_posted) as posted:
        language.select_option("mn")
    assert posted.value.status == 302
    expect(page.locator("html")).to_have_attribute("lang", "mn")
    language = page.get_by_label(re.compile(r"^(Language|Хэл)$"))
    expect(language).to_have_value("mn")
    expect(language.locator("option:checked")).to_have_text("Монгол")
    if mongolian_catalog_compiled():
        expect(page.get_by_role("navigation").first).to_contain_text(CYRILLIC)
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Today")
    user.refresh_from_db()
    assert user.preferred_language == "mn"
    assert {c["name"]: c["value"] for c in page.context.cookies()}["kakehashi_language"] == "mn"


def test_an_import_with_one_bad_row_names_the_row_and_adds_nobody(
    page: Page, sign_in: Callable[[Page, str], None], tmp_path: Path
) -> None:
    csv = tmp_path / "students.csv"
    csv.write_text(
        "name_latin,name_local,email,organization,role\n"
        "Anu Bold,Ану Болд,anu@example.mn,must-kosen,student\n"
        "Tuya Gan,Туяа Ган,tuya@example.mn,must-kosen,student\n"
        "Bad Row,,not-an-email,must-kosen,student\n",
        encoding="utf-8",
    )
    good_emails = ["anu@example.mn", "tuya@example.mn"]

    sign_in(page, "teacher")
    follow_menu_link(page, "People")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.get_by_role("button", name="Import people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people")
    page.get_by_label("CSV or Excel file").set_input_files(csv)
    page.get_by_role("button", name="Check the file").click()

    expect(page).to_have_url(re.compile(r"/people/import/\d+/$"))
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("1 row has errors. Nobody will be added until the file is corrected.")
    error_rows = errors.locator("tbody tr")
    expect(error_rows).to_have_count(1)
    expect(error_rows.locator("td").nth(0)).to_have_text("4")
    expect(error_rows.locator("td").nth(2)).to_contain_text("“not-an-email” is not a valid email address.")
    expect(page.get_by_text("2 rows are correct")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Add \d+ (person|people)"))).to_have_count(0)

    batch = PeopleImport.objects.get(uploaded_by__email="teacher@demo.kakehashi.example")
    assert batch.status == ImportStatus.PREVIEW
    assert [error["row"] for error in batch.errors] == [4]
    assert not User.objects.filter(email__in=good_emails).exists()
    assert not Invitation.objects.filter(email__in=good_emails).exists()

    page.get_by_role("button", name="Discard and upload another file").click()
    expect(page).to_have_url(re.compile(r"/people/import/$"))
    expect(page.get_by_role("status")).to_have_text("The import was discarded; nobody was added.")
    expect(page.get_by_label("CSV or Excel file")).to_be_visible()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED
    assert not User.objects.filter(email__in=good_emails).exists()
    assert mail.outbox == []


def test_a_student_on_a_phone_sees_the_navigation_and_the_csp_lets_our_script_run(
    phone_page: Page, sign_in: Callable[[Page, str], None], demo_site: str
) -> None:
    page = phone_page
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"console {message.type}: {message.text}")

    def on_page_error(error: Error) -> None:
        problems.append(f"page error: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    # Violations are also reported to the page itself; this init script is not subject to the CSP.
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    script_status: list[int] = []
    page.on(
        "response",
        lambda response: (
            script_status.append(response.status) if "/js/kakehashi.js" in response.url else None
        ),
    )

    sign_in(page, "student")
    response = page.reload(wait_until="load")
    assert response is not None
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    # The English page writes the name given name first (kakehashi.accounts.names).
    expect(page.locator("main hgroup")).to_contain_text("Nomin-Erdene Baatar")

    # On a phone the menu folds behind its button; the page's heading is in view at once.
    navigation = page.get_by_role("navigation", name="Main menu")
    menu_button = page.get_by_role("button", name="Menu")
    expect(navigation).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    # Careers holds the job offers and the talent pool: one area with both.
    navigation.locator("summary", has_text="Careers").click()
    for label in ("Job offers", "Talent pool"):
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_in_viewport()
    # A student has two pages about rounds (the rounds, their Japanese results): one area holds both.
    navigation.locator("summary", has_text="Rounds").click()
    for label in ("Internship rounds", "My Japanese test results"):
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_in_viewport()
    navigation.locator("summary", has_text="Program").click()
    for label in ("Programs", "Organizations"):
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_in_viewport()
    page.locator("details.account > summary").click()
    expect(page.get_by_role("link", name="Profile", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Kakehashi"))).to_have_attribute("href", "/")
    overflow = [page_width(page), page.evaluate("window.innerWidth")]
    assert overflow[0] <= overflow[1], f"the page is wider than the phone: {overflow}"
    page.reload(wait_until="load")

    # Keyboard: the first Tab reaches the skip link, which leads to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))

    # Our script ran under the CSP: the language select submits itself when changed.
    assert script_status, "kakehashi.js was never requested"
    assert set(script_status) == {200}, script_status
    page.wait_for_load_state("load")
    menu_button.click()
    with page.expect_response(language_posted):
        page.get_by_label("Language", exact=True).select_option("ja")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert User.objects.get(email="student@demo.kakehashi.example").preferred_language == "ja"

    assert page.evaluate("window.__csp") == []
    assert not [p for p in problems if "Content Security Policy" in p], problems
    assert problems == [], problems
