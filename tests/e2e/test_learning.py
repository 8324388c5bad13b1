"""The curriculum in a real browser: a student reads, passes a quiz, has code graded in the sandbox and
hands in an assignment; the instructor grades it with the rubric; the student downloads the certificate,
and anyone can verify it on the public page."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from kakehashi.learning import demo as learning_demo
from kakehashi.learning.models import Certificate, Course
from tests.e2e.menu import sign_out

pytestmark = pytest.mark.e2e

SOLUTION = "def average(values):\n    return sum(values) / len(values)\n"


@pytest.fixture
def learning_site(demo_site: str) -> str:
    learning_demo.load()
    return demo_site


def answer_the_quiz(page: Page) -> None:
    for legend in page.locator("fieldset legend").all_inner_texts():
        fieldset = page.locator("fieldset", has=page.locator("legend", has_text=legend))
        if "Which language" in legend:
            fieldset.get_by_label("Python").check()
        elif "sensors" in legend:
            fieldset.get_by_label("Thermistor").check()
            fieldset.get_by_label("Accelerometer").check()
        elif "3.3 / 2" in legend:
            fieldset.get_by_role("textbox").fill("1.65")
        else:
            fieldset.get_by_role("textbox").fill("Internet")


def test_a_student_completes_a_course_and_the_certificate_verifies(
    page: Page, browser: Browser, sign_in: Callable[[Page, str], None], learning_site: str, tmp_path
) -> None:
    course = Course.objects.get(key="python-iot")
    course_url = f"{learning_site}/learning/courses/{course.pk}/"

    sign_in(page, "student")
    page.goto(course_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Python for IoT")
    expect(page.get_by_text("Answer key and class plan")).to_have_count(0)  # teacher material stays hidden
    for title in ("Variables, lists and loops", "Reading sensor data from a serial port"):
        page.get_by_role("link", name=title).click()
        expect(page.locator(".lesson-body pre code")).to_be_visible()
        page.get_by_role("button", name="Mark as read").click()
        expect(page.get_by_role("status")).to_contain_text("The lesson is marked as read.")

    page.get_by_role("link", name="Python for IoT: check your understanding").click()
    page.get_by_role("button", name="Start an attempt").click()
    answer_the_quiz(page)
    page.get_by_role("button", name="Submit the answers").click()
    expect(page.locator(".result")).to_have_text("You passed with 100%.")

    page.goto(course_url)
    page.get_by_role("link", name="Python for IoT: programming exercise").click()
    page.get_by_label("Your Python code").fill(SOLUTION)
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.locator(".run-status")).to_contain_text("All tests passed", timeout=15_000)

    page.goto(course_url)
    page.get_by_role("link", name="Python for IoT: mini project report").click()
    page.get_by_label("Your answer").fill("We log the temperature of the paint line every minute.")
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4\n%report\n%%EOF\n")
    page.get_by_label(re.compile(r"^A file")).set_input_files(str(report))
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Your work was submitted.")
    sign_out(page)

    sign_in(page, "instructor")
    page.goto(f"{learning_site}/learning/grading/")
    page.get_by_role("row", name=re.compile("Nomin-Erdene")).get_by_role("link", name="Grade it").click()
    for criterion in ("Problem understanding", "Technical solution", "Clarity"):
        page.locator("fieldset", has=page.locator("legend", has_text=criterion)).get_by_label(
            "Good (3)"
        ).check()
    page.get_by_label("Overall comment").fill("Clear report; add a wiring diagram next time.")
    page.get_by_role("button", name="Save the grade").click()
    expect(page.get_by_role("status").first).to_contain_text("The grade was saved.")
    sign_out(page)

    sign_in(page, "student")
    page.goto(course_url)
    page.get_by_role("button", name="Get your certificate").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download your certificate").click()
    pdf = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    certificate = Certificate.objects.get(user__email="student@demo.kakehashi.example", course=course)

    public = browser.new_context(locale="en-US")
    try:
        public.route(
            "**/*",
            lambda route: (
                route.continue_()
                if "127.0.0.1" in route.request.url or "localhost" in route.request.url
                else route.abort()
            ),
        )
        anonymous = public.new_page()
        anonymous.goto(f"{learning_site}/verify/")
        anonymous.get_by_label("Verification code").fill(certificate.code)
        anonymous.get_by_role("button", name="Verify").click()
        expect(anonymous.get_by_role("status")).to_contain_text("This certificate is valid.")
        expect(anonymous.get_by_role("status")).to_contain_text("Баатар Номин-Эрдэнэ")
        expect(anonymous.get_by_role("status")).to_contain_text("Python for IoT")
    finally:
        public.close()


def test_an_instructor_makes_a_cohort_and_schedules_a_class_the_student_sees(
    page: Page, sign_in: Callable[[Page, str], None], learning_site: str
) -> None:
    sign_in(page, "instructor")
    page.goto(f"{learning_site}/learning/cohorts/")
    page.get_by_role("button", name="New cohort").click()
    page.get_by_label("College").select_option(
        label="MUST Technology College (KOSEN of the Mongolian University of Science and Technology)"
    )
    page.get_by_label("Intake").fill("2026")
    page.locator("input[name=title_en]").fill("MUST evening class 2026")
    page.get_by_label("Python for IoT", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MUST evening class 2026")

    page.get_by_role("link", name="Add members").click()
    page.get_by_role("searchbox", name="Search").fill("Nomin")
    row = page.get_by_role("row", name=re.compile("Nomin-Erdene"))
    row.get_by_role("button", name="Add as a learner").click()
    expect(page.get_by_role("status").first).to_contain_text("was added to the cohort.")
    page.get_by_role("link", name="MUST evening class 2026").click()
    expect(page.get_by_role("listitem").filter(has_text="Nomin-Erdene")).to_contain_text("Learner")

    page.get_by_role("button", name="Schedule a class").click()
    page.locator("input[name=title_en]").fill("Welding practice")
    page.get_by_label("Time zone of the times entered").select_option("Asia/Ulaanbaatar")
    # Chromium gives date and time inputs no label-based name that Playwright matches: fill them by name.
    page.locator("input[name=day]").fill("2026-12-15")
    page.locator("input[name=starts]").fill("10:00")
    page.locator("input[name=ends]").fill("11:30")
    page.get_by_label("Mode").select_option("on_site")
    page.get_by_label("Place").fill("Workshop B")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("The class was saved.")
    expect(page.get_by_role("row", name=re.compile("Welding practice"))).to_contain_text(
        "15 Dec 2026, 10:00 (Ulaanbaatar)"
    )
    sign_out(page)

    sign_in(page, "student")
    page.goto(f"{learning_site}/learning/schedule/")
    class_row = page.get_by_role("row", name=re.compile("Welding practice"))
    expect(class_row).to_contain_text("15 Dec 2026, 10:00 (Ulaanbaatar)")
    expect(class_row).to_contain_text("15 Dec 2026, 11:00 (Tokyo)")
    expect(class_row).to_contain_text("Workshop B")
