"""Each available figure against a hand-counted data set; the others say "not available yet"."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from kakehashi.accounts.models import Membership, Organization, Participation, Program, User
from kakehashi.programme import figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def program() -> Program:
    """A program of its own: 3 host companies (one joined late), 1 partner college, 4 students (one
    inactive, one with two memberships), 2 teachers, 1 mentor."""
    program = Program.objects.create(
        key="fig", title={"en": "Figures"}, starts_on=date(2024, 4, 1), ends_on=date(2027, 3, 31)
    )
    orgs = {}
    for key, kind in [
        ("h1", "host_company"),
        ("h2", "host_company"),
        ("h3", "host_company"),
        ("c1", "partner_college"),
        ("f", "funder"),
    ]:
        orgs[key] = Organization.objects.create(key=f"fig-{key}", kind=kind, name={"en": key}, country="JP")
        joined = date(2026, 1, 1) if key == "h3" else date(2024, 5, 1)
        Participation.objects.create(program=program, organization=orgs[key], joined_on=joined)

    def person(name: str, org: str, role: str, active: bool = True) -> User:
        user = User.objects.get_or_create(email=f"{name}@fig.example", defaults={"name_latin": name})[0]
        Membership.objects.create(
            user=user, organization=orgs[org], program=program, role=role, is_active=active
        )
        return user

    person("s1", "c1", "student")
    person("s2", "c1", "student")
    person("s3", "c1", "student", active=False)
    person("s4", "c1", "student")
    person("s4", "c1", "partner_teacher")  # a second role of the same person
    person("t1", "c1", "partner_teacher")
    person("m1", "h1", "mentor")
    return program


def test_host_companies_taking_part(program: Program) -> None:
    assert figures.measure("accounts.host_companies", program, date(2025, 3, 31)) == 2
    assert figures.measure("accounts.host_companies", program, date(2026, 3, 31)) == 3


def test_partner_colleges(program: Program) -> None:
    assert figures.measure("accounts.partner_colleges", program, date(2026, 3, 31)) == 1


def test_people_per_role(program: Program) -> None:
    today = timezone.localdate()
    assert figures.measure("accounts.students", program, today) == 3  # s1, s2, s4; s3 is inactive
    assert figures.measure("accounts.partner_teachers", program, today) == 2
    assert figures.measure("accounts.mentors", program, today) == 1
    assert figures.measure("accounts.students", program, date(2000, 1, 1)) == 0


def test_an_unknown_figure_is_not_available() -> None:
    program = Program.objects.get(key="jica-dx-2024")
    assert figures.measure("no.such_figure", program, timezone.localdate()) is None


def test_figures_of_the_other_apps_count_the_demo_as_counted_by_hand() -> None:
    """The demo, counted by hand: 8 host companies verified ready; 7 published courses (six student
    courses and the teacher course); the pilot's 8 interns, one of whom got an offer, was hired and was
    still employed at 12 months; no serious incident anywhere."""
    from kakehashi.learning.models import Certificate, Course

    today = timezone.localdate()
    jica = Program.objects.get(key="jica-dx-2024")
    pilot = Program.objects.get(key="nagaoka-pilot-2023")
    assert figures.measure("companies.ready", jica, today) == 8
    assert figures.measure("learning.courses_published", jica, today) == 7
    assert figures.measure("careers.hired", pilot, today) == 1
    assert figures.measure("careers.offer_rate", pilot, today) == Decimal("12.5")
    assert figures.measure("careers.retention_12m", pilot, today) == 100
    assert figures.measure("careers.retention_12m", jica, today) is None  # nobody hired yet
    assert figures.measure("operations.safe_completion_rate", pilot, today) == 100
    before = figures.measure("learning.students_completed", jica, today)
    course = Course.objects.filter(program=jica, track="student", status="published").first()
    Certificate.objects.create(
        user=User.objects.get(email="student@demo.kakehashi.example"), course=course, issued_on=today
    )
    assert figures.measure("learning.students_completed", jica, today) == (before or 0) + 1


def test_a_figure_whose_model_is_missing_answers_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "model_or_none", lambda app, model: None)
    program = Program.objects.get(key="jica-dx-2024")
    assert figures.measure("internships.interns", program, timezone.localdate()) is None
    assert figures.measure("internships.applicants_per_round", program, timezone.localdate()) is None


def test_measure_returns_decimals() -> None:
    program = Program.objects.get(key="jica-dx-2024")
    value = figures.measure("accounts.host_companies", program, timezone.localdate())
    assert isinstance(value, Decimal)
    assert value == 10  # the eight hosting, and two that joined two months ago


def test_the_program_manager_edits_an_indicator_and_its_targets(client_as) -> None:
    from kakehashi.programme.models import Indicator

    indicator = Indicator.objects.get(title__en="Interns")
    response = client_as("manager").post(
        f"/programme/indicators/{indicator.pk}/edit/",
        {
            "title_en": "Interns",
            "title_ja": "インターン数",
            "measure": "unit",
            "baseline": "8",
            "means_of_verification": "Placement records",
            "source": "internships.interns",
            "target_20250331": "9",
            "target_20260331": "",
            "target_20270430": "30",
        },
    )
    assert response.status_code == 302
    targets = {t.period_end: t.value for t in indicator.targets.all()}
    assert targets == {date(2025, 3, 31): 9, date(2027, 4, 30): 30}  # empty targets are removed
    bad = client_as("manager").post(
        f"/programme/indicators/{indicator.pk}/edit/",
        {"title_en": "Interns", "measure": "unit", "source": "no.such"},
    )
    assert bad.status_code == 200


def test_internship_figures_against_a_hand_counted_round(program: Program) -> None:
    """Two rounds; the latest has 3 submitted applications (1 draft), 2 accepted placements at 2
    companies and 1 declined one; the earlier round 1 accepted placement at a company already counted."""
    from django.apps import apps
    from django.utils import timezone

    try:
        round_model = apps.get_model("internships", "Round")
        application_model = apps.get_model("internships", "Application")
        place_model = apps.get_model("internships", "Place")
        run_model = apps.get_model("internships", "MatchingRun")
        placement_model = apps.get_model("internships", "Placement")
    except LookupError:
        pytest.skip("the internships app has no such models yet")
    college = Organization.objects.get(key="fig-c1")
    companies = [Organization.objects.get(key=f"fig-h{i}") for i in (1, 2)]
    students = iter(User.objects.create(email=f"is{i}@fig.example", name_latin=f"IS {i}") for i in range(10))
    now = timezone.now()

    def make_round(
        key: str, start: date, applications: int, drafts: int, placements: list[tuple[int, str]]
    ) -> None:
        rnd = round_model.objects.create(
            program=program, key=key, name={"en": key}, internship_starts_on=start, internship_ends_on=start
        )
        run = run_model.objects.create(round=rnd)
        places = [
            place_model.objects.create(
                round=rnd,
                company=c,
                title={"en": "Place"},
                field="IoT",
                starts_on=start,
                ends_on=start,
                location="Nagaoka",
            )
            for c in companies
        ]
        made = [
            application_model.objects.create(
                round=rnd, student=next(students), college=college, name_latin="x", submitted_at=now
            )
            for _ in range(applications)
        ]
        for _ in range(drafts):
            application_model.objects.create(
                round=rnd, student=next(students), college=college, name_latin="x"
            )
        for (company, status), application in zip(placements, made, strict=False):
            placement_model.objects.create(
                round=rnd, run=run, application=application, place=places[company], status=status
            )

    make_round("r1", date(2025, 3, 2), 2, 0, [(0, "accepted")])
    make_round("r2", date(2026, 3, 2), 3, 1, [(0, "accepted"), (1, "accepted"), (1, "declined")])
    assert figures.measure("internships.applicants_per_round", program, date(2025, 12, 31)) == 2
    assert figures.measure("internships.applicants_per_round", program, date(2026, 12, 31)) == 3
    assert figures.measure("internships.interns", program, date(2025, 12, 31)) == 1
    assert figures.measure("internships.interns", program, date(2026, 12, 31)) == 3
    assert figures.measure("internships.host_companies", program, date(2026, 12, 31)) == 2


# --- past periods: data changed after the period end does not change that period's figure -----------

PERIOD_END = date(2025, 3, 31)


def _verify_all_items(organization: Organization, reviewed_on: date) -> None:
    from kakehashi.companies.models import ReadinessAnswer, ReadinessItem

    for item in ReadinessItem.objects.filter(is_active=True):
        ReadinessAnswer.objects.create(
            organization=organization,
            item=item,
            text="done",
            status="verified",
            reviewed_at=timezone.make_aware(
                timezone.datetime(reviewed_on.year, reviewed_on.month, reviewed_on.day, 12)
            ),
        )


def test_ready_companies_count_only_what_was_verified_by_the_period_end(program: Program) -> None:
    _verify_all_items(Organization.objects.get(key="fig-h1"), date(2025, 1, 10))
    assert figures.measure("companies.ready", program, PERIOD_END) == 1
    # h2 is verified after the period end: the past period does not change, the next one counts it.
    _verify_all_items(Organization.objects.get(key="fig-h2"), date(2025, 6, 1))
    assert figures.measure("companies.ready", program, PERIOD_END) == 1
    assert figures.measure("companies.ready", program, date(2026, 3, 31)) == 2


def test_average_readiness_score_at_the_period_end(program: Program) -> None:
    """The program's host companies at the period end, each scored as its readiness page scores it."""
    _verify_all_items(Organization.objects.get(key="fig-h1"), date(2025, 1, 10))
    assert figures.measure("companies.readiness_score_avg", program, PERIOD_END) == Decimal("50.0")  # 100, 0
    _verify_all_items(Organization.objects.get(key="fig-h2"), date(2025, 6, 1))
    assert figures.measure("companies.readiness_score_avg", program, PERIOD_END) == Decimal("50.0")
    # By 2026 h2 is verified too and h3 has joined without answers: (100 + 100 + 0) / 3.
    assert figures.measure("companies.readiness_score_avg", program, date(2026, 3, 31)) == Decimal("66.7")
    assert figures.measure("companies.readiness_score_avg", program, date(2024, 4, 30)) is None  # nobody yet


def test_courses_published_count_only_courses_that_existed_at_the_period_end(program: Program) -> None:
    from kakehashi.learning.models import Course

    early = Course.objects.create(program=program, key="early", title={"en": "Early"}, status="published")
    Course.objects.filter(pk=early.pk).update(created_at=timezone.make_aware(timezone.datetime(2024, 9, 1)))
    assert figures.measure("learning.courses_published", program, PERIOD_END) == 1
    late = Course.objects.create(program=program, key="late", title={"en": "Late"}, status="published")
    Course.objects.filter(pk=late.pk).update(created_at=timezone.make_aware(timezone.datetime(2025, 5, 1)))
    assert figures.measure("learning.courses_published", program, PERIOD_END) == 1
    assert figures.measure("learning.courses_published", program, date(2026, 3, 31)) == 2


def test_retention_counts_only_check_ins_answered_by_the_period_end(program: Program) -> None:
    from kakehashi.careers.models import Hire, JobOffer, RetentionCheck

    company = Organization.objects.get(key="fig-h1")
    offerer = User.objects.get(email="m1@fig.example")

    def answered_check(student: str, still_employed: bool, answered_on: date) -> None:
        offer = JobOffer.objects.create(
            program=program,
            company=company,
            student=User.objects.get(email=f"{student}@fig.example"),
            title="Engineer",
            graduation_on=date(2023, 3, 20),
            start_on=date(2023, 4, 1),
            status="accepted",
            offered_by=offerer,
        )
        hire = Hire.objects.create(
            offer=offer, program=program, company=company, employee=offer.student, start_on=date(2023, 4, 1)
        )
        RetentionCheck.objects.update_or_create(
            hire=hire,
            months=12,
            defaults={
                "due_on": date(2024, 4, 1),
                "still_employed": still_employed,
                "company_answered_at": timezone.make_aware(
                    timezone.datetime(answered_on.year, answered_on.month, answered_on.day, 12)
                ),
            },
        )

    answered_check("s1", True, date(2024, 4, 5))
    assert figures.measure("careers.retention_12m", program, PERIOD_END) == 100
    # An answer given after the period end (that this person left) does not change the past period.
    answered_check("s2", False, date(2025, 5, 1))
    assert figures.measure("careers.retention_12m", program, PERIOD_END) == 100
    assert figures.measure("careers.retention_12m", program, date(2026, 3, 31)) == 50
    assert figures.measure("careers.retention_12m", program, date(2024, 3, 31)) is None  # none answered yet


def test_the_average_readiness_score_indicator_fills_from_the_demo() -> None:
    """The demo's eight hosting companies have every readiness item verified, the two that joined recently
    about a third: the indicator records the average, between the two."""
    from kakehashi.programme.models import Indicator, IndicatorValue
    from kakehashi.programme.services import snapshot_program

    jica = Program.objects.get(key="jica-dx-2024")
    indicator = Indicator.objects.get(element__program=jica, source="companies.readiness_score_avg")
    today = timezone.localdate()
    snapshot_program(jica, today)
    assert 80 < IndicatorValue.objects.get(indicator=indicator, period_end=today).value < 100
