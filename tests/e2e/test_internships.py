"""One small internship round clicked through its main phases, by each role involved: the program office
opens phases and runs the matching, a company offers a place and ranks, a student applies and ranks, the
college nominates, the NGO confirms, and both sides accept the published result."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.internships import demo as internships_demo
from kakehashi.internships import services
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    InterviewOutcome,
    InterviewSlot,
    MatchingRun,
    Nomination,
    Phase,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
    RunKind,
    RunStatus,
)
from kakehashi.internships.selectors import rounds_changed
from kakehashi.privacy import services as privacy
from kakehashi.privacy.models import ConsentKind
from tests.e2e.menu import follow_menu_link

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
        follow_menu_link(page, "Internship rounds")
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
    # readiness: the companies app
    monkeypatch.setattr(services.places, "company_is_ready", lambda company: True)
    name = "E2E round"
    starts = timezone.localdate() + timedelta(days=200)

    # The program office creates the round and opens the call for places.
    manager = person("manager")
    manager.get_by_role("button", name="New round").click()
    manager.locator("input[name=name_en]").fill(name)  # the round's name has an input per language
    manager.get_by_label("Key").fill("e2e")
    manager.get_by_label("Internship starts on").fill(starts.isoformat())
    manager.get_by_label("Internship ends on").fill((starts + timedelta(days=13)).isoformat())
    manager.get_by_role("button", name="Create the round").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(name)
    follow_menu_link(manager, "Internship rounds")
    open_phase(manager, name, "Places open")

    # The company writes a place.
    company = person("company")
    company.get_by_role("link", name=name).click()
    company.get_by_role("link", name="Internship places").click()
    company.get_by_role("button", name="New place").click()
    company.locator("input[name=title_en]").fill("Factory IoT sensors")
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
    follow_menu_link(manager, "Internship rounds")
    open_phase(manager, name, "Applications")

    # The student applies, agrees to the transfer (through the privacy app), ranks the place and submits.
    privacy.consent_withdraw(
        user=User.objects.get(email=demo_email("student")), kind=ConsentKind.CROSS_BORDER_TRANSFER
    )
    student = person("student")
    student.get_by_role("link", name=name).click()
    student.get_by_role("link", name="Your application").click()
    student.locator("#id_skills").fill("Python, Arduino")
    student.get_by_label("I agree to this text.").check()
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
    follow_menu_link(manager, "Internship rounds")
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
    follow_menu_link(manager, "Internship rounds")
    open_phase(manager, name, "Rankings")
    follow_menu_link(company, "Internship rounds")
    company.get_by_role("link", name=name).click()
    company.get_by_role("link", name="Internship places").click()
    company.get_by_role("link", name="Factory IoT sensors").click()
    company.get_by_role("button", name="Rank the applicants").click()
    company.get_by_label("Rank of Nomin-Erdene Baatar").fill("1")
    company.get_by_role("button", name="Save the ranking").click()
    expect(company.get_by_role("status")).to_contain_text("Your ranking was saved.")

    # Matching: a run, its check, publication.
    follow_menu_link(manager, "Internship rounds")
    open_phase(manager, name, "Matching")
    manager.get_by_role("link", name="Matching runs").click()
    manager.get_by_role("button", name="Start a run").click()
    expect(manager.get_by_text("Status: Done")).to_be_visible()
    expect(manager.get_by_text("1 of 1 students matched")).to_be_visible()
    manager.get_by_role("button", name="Check the run").click()
    expect(manager.get_by_text("Checked: the assignment is valid and stable.")).to_be_visible()
    manager.get_by_role("button", name="Publish this run").click()
    manager.get_by_role("button", name="Publish").click()
    expect(manager.get_by_role("status")).to_contain_text("The publication has started")
    expect(manager.get_by_text("Publication: Done")).to_be_visible()
    expect(manager.get_by_text("Published on")).to_be_visible()

    # Both sides accept.
    for page in (student, company):
        follow_menu_link(page, "Internship rounds")
        page.get_by_role("link", name=name).click()
        page.get_by_role("link", name="Results").click()
        page.get_by_role("button", name="Accept").click()
        expect(page.get_by_role("status")).to_contain_text("Your answer was recorded.")
    expect(company.locator("table")).to_contain_text("Accepted")
    placement = Placement.objects.get(round=Round.objects.get(key="e2e"))
    assert placement.status == PlacementStatus.ACCEPTED


COLLEGES = {"student": "must-kosen", "student2": "mongol-kosen"}


def _round_in(phase: str, nominees: list[str]) -> tuple[Round, Place]:
    """A round of the JICA program in `phase`, with one one-seat place of Nagaoka Seiki that the demo
    students `nominees` ranked first as confirmed nominees, the company ranking them in that order."""
    starts = timezone.localdate() + timedelta(days=200)
    round_ = Round.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        key=f"e2e-{phase}",
        name={"en": f"E2E {phase} round"},
        internship_starts_on=starts,
        internship_ends_on=starts + timedelta(days=13),
        phase=phase,
    )
    place = Place.objects.create(
        round=round_,
        company=Organization.objects.get(key="nagaoka-seiki"),
        title={"en": "Line automation"},
        field="IoT",
        capacity=1,
        starts_on=starts,
        ends_on=starts + timedelta(days=13),
        location="Nagaoka",
        status=PlaceStatus.APPROVED,
    )
    now = timezone.now()
    for rank, key in enumerate(nominees, start=1):
        user = User.objects.get(email=demo_email(key))
        application = Application.objects.create(
            round=round_,
            student=user,
            college=Organization.objects.get(key=COLLEGES[key]),
            name_latin=user.name_latin,
            consent_at=now,
            submitted_at=now,
            nomination=Nomination.NOMINATED,
            confirmed_at=now,
        )
        Choice.objects.create(application=application, place=place, position=1)
        CompanyRank.objects.create(place=place, application=application, rank=rank)
    return round_, place


def test_interviews_the_company_offers_a_slot_the_student_books_it_and_the_outcome_is_recorded(
    demo_site: str, person: Callable[[str], Page]
) -> None:
    round_, place = _round_in(Phase.INTERVIEWS, ["student"])
    when = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)

    company = person("company")
    company.goto(f"{demo_site}/rounds/places/{place.pk}/")
    company.get_by_role("button", name="Interviews").click()
    company.get_by_label("Starts at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    company.get_by_label("Meeting link").fill("https://meet.example/e2e")
    company.get_by_role("button", name="Add the slot").click()
    expect(company.get_by_role("status")).to_contain_text("The interview slot was added.")
    expect(company.locator("table")).to_contain_text("Free")

    student = person("student")
    student.goto(f"{demo_site}/rounds/{round_.pk}/interviews/")
    expect(student.get_by_role("heading", level=2)).to_contain_text("Line automation")
    student.get_by_label("I would like an interpreter").check()
    student.get_by_role("button", name="Book this slot").click()
    expect(student.get_by_role("status")).to_contain_text("Your interview is booked")
    expect(student.get_by_text("Booked", exact=True)).to_be_visible()
    expect(student.get_by_role("link", name="Calendar (.ics)")).to_be_visible()
    expect(student.get_by_text("interpreter requested, not arranged yet")).to_be_visible()

    # The NGO coordinator arranges the interpreter; the student sees who it is.
    ngo = person("ngo")
    ngo.goto(f"{demo_site}/rounds/{round_.pk}/interpreters/")
    expect(ngo.locator("table")).to_contain_text("Nomin-Erdene Baatar")
    ngo.get_by_role("link", name="Arrange").click()
    ngo.get_by_label("Interpreter's name").fill("Oyunaa Bat")
    ngo.get_by_label("Contact (email or phone)").fill("+976 9911 2233")
    ngo.get_by_role("button", name="Save the interpreter").click()
    expect(ngo.get_by_role("status")).to_contain_text("The interpreter was saved")
    expect(ngo.get_by_text("Every interpreter asked for is arranged.")).to_be_visible()
    student.reload()
    expect(student.get_by_text("Interpreter: Oyunaa Bat")).to_be_visible()

    company.reload()
    expect(company.locator("table")).to_contain_text("Nomin-Erdene Baatar")
    expect(company.locator("table")).to_contain_text("Oyunaa Bat (+976 9911 2233)")
    company.get_by_label("Outcome").select_option(label="Passed")
    company.get_by_label("Note").fill("Clear answers, good Japanese.")
    company.get_by_role("button", name="Record").click()
    expect(company.get_by_role("status")).to_contain_text("The outcome was recorded.")
    slot = InterviewSlot.objects.get(place=place)
    assert slot.application is not None
    assert slot.application.student.email == demo_email("student")
    assert slot.interpreter
    assert slot.interpreter_name == "Oyunaa Bat"
    assert slot.outcome == InterviewOutcome.PASSED


def test_a_decline_frees_the_place_and_the_second_run_gives_it_to_an_unmatched_student(
    demo_site: str, person: Callable[[str], Page]
) -> None:
    round_, place = _round_in(Phase.MATCHING, ["student", "student2"])
    # The first run is made and published (the first test clicks through that); Nomin-Erdene gets the seat.
    instance = services.build_instance(round_)
    from kakehashi.matching import Instance, solve

    result = solve(Instance.from_dict(instance), algorithm="da", proposing="students", seed=1)
    first = MatchingRun.objects.create(round=round_, status=RunStatus.RUNNING, instance=instance)
    services.store_result(first.pk, result)
    MatchingRun.objects.filter(pk=first.pk).update(checked_at=timezone.now(), published_at=timezone.now())
    nomin = Application.objects.get(round=round_, student__email=demo_email("student"))
    Placement.objects.create(round=round_, run=first, application=nomin, place=place)
    Round.objects.filter(pk=round_.pk).update(phase=Phase.RESULTS)
    rounds_changed()  # an update sends no signal

    # The student declines.
    student = person("student")
    student.goto(f"{demo_site}/rounds/{round_.pk}/result/")
    student.get_by_role("button", name="Decline").click()
    expect(student.get_by_role("status")).to_contain_text("Your answer was recorded.")
    expect(student.locator("table")).to_contain_text("Declined")

    # The office opens the second run, runs, checks and publishes it.
    manager = person("manager")
    open_phase(manager, round_.name["en"], "Second run")
    manager.get_by_role("link", name="Matching runs").click()
    manager.get_by_role("button", name="Start a run").click()
    expect(manager.get_by_text("Status: Done")).to_be_visible()
    expect(manager.get_by_text("1 of 1 students matched")).to_be_visible()
    manager.get_by_role("button", name="Check the run").click()
    expect(manager.get_by_text("Checked: the assignment is valid and stable.")).to_be_visible()
    manager.get_by_role("button", name="Publish this run").click()
    manager.get_by_role("button", name="Publish").click()
    expect(manager.get_by_text("Publication: Done")).to_be_visible()

    # Temuulen, unmatched in the first run, now has the freed place and accepts it.
    student2 = person("student2")
    student2.goto(f"{demo_site}/rounds/{round_.pk}/result/")
    expect(student2.locator("table")).to_contain_text("Line automation")
    student2.get_by_role("button", name="Accept").click()
    expect(student2.get_by_role("status")).to_contain_text("Your answer was recorded.")
    second = Placement.objects.get(round=round_, run__kind=RunKind.SECOND)
    assert second.application.student.email == demo_email("student2")
    assert second.place == place
    assert second.student_answer == PlacementStatus.ACCEPTED
