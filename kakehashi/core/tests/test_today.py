"""The "Today" home: each role's home lists its pending actions from a prepared data set (and not another
organization's), and the number of queries of each home is pinned and does not grow with the data."""

import base64
import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import Role
from kakehashi.companies.models import AnswerStatus, ReadinessAnswer, ReadinessItem, SupportRequest
from kakehashi.core import cached_figures, table_writes, today
from kakehashi.core.permissions import build_viewer
from kakehashi.internships import services as round_services
from kakehashi.internships.models import (
    Application,
    Choice,
    InterviewSlot,
    MatchingRun,
    Nomination,
    Phase,
    Place,
    Placement,
    PlaceStatus,
    Round,
    RoundPhase,
)
from kakehashi.internships.selectors import rounds_changed
from kakehashi.learning.models import Assignment, ClassSession, CohortMember, CohortRole, Submission
from kakehashi.operations.models import (
    Alert,
    AlertKind,
    CheckIn,
    DailyReport,
    Incident,
    InternCase,
    SupportTask,
    TaskStatus,
)
from kakehashi.operations.services import case_open
from kakehashi.privacy.models import SensitiveRead
from kakehashi.programme.models import Expense

pytestmark = pytest.mark.django_db

serial = count(1)


class World:
    """Rounds in each phase that asks something of someone, and `batch()` adds one more of everything that
    waits for someone (applications, places, interviews, interns, reports, alerts, answers, requests,
    classes, assignments, expenses), half of it at another organization than the one the test signs in as."""

    def __init__(self, demo_user: Callable[[str], User]) -> None:
        self.user = demo_user
        self.program = Program.objects.get(key="jica-dx-2024")
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.seiki = Organization.objects.get(key="nagaoka-seiki")
        self.echigo = Organization.objects.get(key="echigo-machinery")
        self.must = Organization.objects.get(key="must-kosen")
        self.mongol = Organization.objects.get(key="mongol-kosen")
        self.kddi = Organization.objects.get(key="kddi")
        self.mobicom = Organization.objects.get(key="mobicom")
        self.rounds = {
            phase: self._round(phase) for phase in (Phase.PLACES, Phase.SCREENING, Phase.INTERVIEWS)
        }
        self.rounds[Phase.ACCEPTANCE] = self._round(Phase.ACCEPTANCE)
        student = demo_user("student")
        # The demo student: nominated in the interviews round, offered a place in the acceptance round,
        # in Japan today at Nagaoka Seiki.
        self.seiki_interview_place = self._place(self.rounds[Phase.INTERVIEWS], self.seiki, "Seiki sensors")
        own = self._application(self.rounds[Phase.INTERVIEWS], student, self.must, confirmed=True)
        Choice.objects.create(application=own, place=self.seiki_interview_place, position=1)
        InterviewSlot.objects.create(
            place=self.seiki_interview_place, starts_at=self.now + timedelta(days=2), application=own
        )
        offered_place = self._place(self.rounds[Phase.ACCEPTANCE], self.seiki, "Seiki offered place")
        accepted = self._application(self.rounds[Phase.ACCEPTANCE], student, self.must, confirmed=True)
        run = MatchingRun.objects.create(round=self.rounds[Phase.ACCEPTANCE])
        Placement.objects.create(
            round=self.rounds[Phase.ACCEPTANCE], run=run, application=accepted, place=offered_place
        )
        self.student_case = case_open(
            intern=student,
            host=self.seiki,
            program=self.program,
            arrival_on=self.today - timedelta(days=3),
            departure_on=self.today + timedelta(days=3),
            paid=False,
        )
        InternCase.objects.filter(intern=student).exclude(pk=self.student_case.pk).update(cancelled=True)
        cohort = CohortMember.objects.filter(user=student, role=CohortRole.LEARNER).first()
        assert cohort is not None
        self.cohort = cohort.cohort
        self.course = self.cohort.courses.filter(track="student", status="published").first()
        assert self.course is not None
        # The demo teacher teaches the student's cohort.
        CohortMember.objects.get_or_create(
            cohort=self.cohort, user=demo_user("teacher"), role=CohortRole.TEACHER
        )

    def _round(self, phase: str) -> Round:
        n = next(serial)
        round_ = round_services.round_create(
            viewer=build_viewer(self.user("manager"), self.program.pk),
            name={"en": f"Today round {n} {phase}"},
            key=f"today-round-{n}",
            internship_starts_on=self.today + timedelta(days=90),
            internship_ends_on=self.today + timedelta(days=104),
        )
        RoundPhase.objects.filter(round=round_).update(
            starts_on=self.today - timedelta(days=1), ends_on=self.today + timedelta(days=5)
        )
        Round.objects.filter(pk=round_.pk).update(phase=phase)
        rounds_changed()  # an update sends no signal
        round_.refresh_from_db()
        return round_

    def _place(
        self, round_: Round, company: Organization, title: str, status: str = PlaceStatus.APPROVED
    ) -> Place:
        return Place.objects.create(
            round=round_,
            company=company,
            title={"en": title},
            field="IoT",
            starts_on=round_.internship_starts_on,
            ends_on=round_.internship_ends_on,
            location="Nagaoka",
            status=status,
            return_reason="Say more about the housing." if status == PlaceStatus.RETURNED else "",
        )

    def _person(self, name: str, organization: Organization, role: str = Role.STUDENT) -> User:
        n = next(serial)
        user = User.objects.create_user(
            email=f"today-{n}@test.example", name_latin=f"{name} {n}", preferred_language="mn"
        )
        Membership.objects.create(user=user, organization=organization, program=self.program, role=role)
        return user

    def _application(
        self,
        round_: Round,
        student: User,
        college: Organization,
        *,
        confirmed: bool = False,
        nominated: bool = False,
    ) -> Application:
        return Application.objects.create(
            round=round_,
            student=student,
            college=college,
            name_latin=student.name_latin,
            submitted_at=self.now,
            nomination=Nomination.NOMINATED if (confirmed or nominated) else Nomination.PENDING,
            confirmed_at=self.now if confirmed else None,
        )

    def batch(self) -> None:
        n = next(serial)
        places, screening, interviews = (
            self.rounds[p] for p in (Phase.PLACES, Phase.SCREENING, Phase.INTERVIEWS)
        )
        # Places: one to approve from each company, one returned to each company.
        for company in (self.seiki, self.echigo):
            self._place(places, company, f"{company.key} submitted {n}", PlaceStatus.SUBMITTED)
            self._place(places, company, f"{company.key} returned {n}", PlaceStatus.RETURNED)
        # Screening: pending applications at both colleges, a nomination to confirm.
        for college in (self.must, self.mongol):
            self._application(screening, self._person("Applicant", college), college)
        self._application(screening, self._person("Nominee", self.must), self.must, nominated=True)
        # Interviews: confirmed nominees for Seiki's and Echigo's places, one interview asking for an interpreter.
        echigo_place = self._place(interviews, self.echigo, f"Echigo lathe {n}")
        for place in (self.seiki_interview_place, echigo_place):
            nominee = self._application(
                interviews, self._person("Candidate", self.mongol), self.mongol, confirmed=True
            )
            Choice.objects.create(application=nominee, place=place, position=1)
            InterviewSlot.objects.create(
                place=place,
                starts_at=self.now + timedelta(days=3, minutes=n),
                application=nominee,
                interpreter=True,
            )
        # Interns in Japan at Seiki and at Echigo: a report to comment, a departure soon, an alert, an
        # incident, a blocked item.
        for host in (self.seiki, self.echigo):
            intern = self._person(f"Intern at {host.key}", self.must)
            case = case_open(
                intern=intern,
                host=host,
                program=self.program,
                arrival_on=self.today - timedelta(days=10),
                departure_on=self.today + timedelta(days=2),
                paid=False,
            )
            DailyReport.objects.create(
                case=case, day=self.today - timedelta(days=1), language="en", body="Lathe."
            )
            Alert.objects.create(case=case, kind=AlertKind.MISSED_CHECKIN, day=self.today, raised_at=self.now)
            Incident.objects.create(
                case=case,
                severity="high",
                occurred_at=self.now - timedelta(hours=2),
                what_happened="Slipped on ice.",
                reported_by=self.user("safety"),
            )
            task = SupportTask.objects.filter(case=case).first()
            if task is not None:
                SupportTask.objects.filter(pk=task.pk).update(
                    status=TaskStatus.BLOCKED, blocked_reason="Waiting"
                )
        # Readiness: an answer returned to each company, one waiting for verification.
        items = list(ReadinessItem.objects.filter(is_active=True).order_by("pk"))
        item = items[n % len(items)]
        for company in (self.seiki, self.echigo):
            ReadinessAnswer.objects.update_or_create(
                organization=company,
                item=item,
                defaults={
                    "text": "Done.",
                    "status": AnswerStatus.RETURNED,
                    "review_comment": "A photo, please.",
                },
            )
        other = items[(n + 1) % len(items)]
        ReadinessAnswer.objects.update_or_create(
            organization=self.echigo, item=other, defaults={"text": "Done.", "status": AnswerStatus.SUBMITTED}
        )
        # Network support: a request to KDDI and one to Mobicom.
        for telecom in (self.kddi, self.mobicom):
            SupportRequest.objects.create(
                program=self.program,
                requester=self.must,
                telecom=telecom,
                site=f"Lab {n}",
                need="Wi-Fi for the lab.",
                starts_on=self.today,
                ends_on=self.today + timedelta(days=7),
                created_by=self.user("teacher"),
            )
        # Learning: a class, an assignment due, one handed in and not graded.
        ClassSession.objects.create(
            cohort=self.cohort,
            course=self.course,
            title={"en": f"Today lab {n}"},
            starts_at=self.now + timedelta(hours=30 + n),
            ends_at=self.now + timedelta(hours=32 + n),
            mode="online",
            time_zone="Asia/Ulaanbaatar",
        )
        Assignment.objects.create(
            course=self.course, title={"en": f"Sensor report {n}"}, due_at=self.now + timedelta(days=3)
        )
        handed_in = Assignment.objects.create(
            course=self.course, title={"en": f"Handed in {n}"}, due_at=self.now + timedelta(days=4)
        )
        Submission.objects.create(assignment=handed_in, user=self.user("student"), text="Here.")
        # Expenses entered.
        Expense.objects.create(
            program=self.program,
            spent_on=self.today,
            fiscal_year=self.today.year,
            category="equipment",
            description=f"Today expense {n}",
            payee="Shop",
            amount=Decimal(1000),
            amount_jpy=1000,
            entered_by=self.user("manager"),
        )


@pytest.fixture
def world(demo_user: Callable[[str], User]) -> World:
    prepared = World(demo_user)
    prepared.batch()
    return prepared


def home(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def today_part(page: str) -> str:
    """The Today section only (the rest of the home names the person's organizations)."""
    return page.split('<section class="today"', 1)[1].split("</section>", 1)[0]


def test_student(client_as, world: World) -> None:
    page = today_part(home(client_as("student")))
    assert "Check in today" in page
    assert "/operations/checkin/" in page
    assert "Write today&#x27;s daily report." in page
    assert "Interview for Seiki sensors." in page
    assert "You are offered Seiki offered place: accept or decline." in page
    assert f"/rounds/{world.rounds[Phase.ACCEPTANCE].pk}/result/" in page
    assert "Next class: Today lab" in page
    assert "Hand in Sensor report" in page
    assert "Handed in" not in page  # already handed in
    assert "(Ulaanbaatar)" in page
    assert "(Tokyo)" in page
    # Not another student's or a company's work.
    assert "Candidate" not in page
    assert "to approve" not in page
    assert "Echigo" not in page


def test_student_with_an_open_round_is_asked_to_apply(client_as, world: World) -> None:
    Round.objects.filter(pk=world.rounds[Phase.PLACES].pk).update(phase=Phase.APPLICATIONS)
    rounds_changed()  # an update sends no signal
    page = today_part(home(client_as("student")))
    assert f"Applications are open for {world.rounds[Phase.PLACES].name}" in page
    assert f"/rounds/{world.rounds[Phase.PLACES].pk}/apply/" in page


def test_partner_teacher(client_as, world: World) -> None:
    page = today_part(home(client_as("teacher")))
    screening = world.rounds[Phase.SCREENING]
    # One of the two pending applicants is at the teacher's college; the other college's is not counted.
    assert f"1 application to screen in {screening.name}." in page
    assert f"/rounds/{screening.pk}/applicants/?nomination=pending" in page
    assert "students in Japan checked in today." in page
    assert "submission to grade." in page
    assert f"/learning/cohorts/{world.cohort.pk}/gradebook/" in page


def test_ngo_coordinator(client_as, world: World) -> None:
    page = today_part(home(client_as("ngo")))
    assert f"1 nomination to confirm in {world.rounds[Phase.SCREENING].name}." in page
    assert f"2 interviews need an interpreter in {world.rounds[Phase.INTERVIEWS].name}." in page
    assert f"/rounds/{world.rounds[Phase.INTERVIEWS].pk}/interpreters/" in page


def test_company_administrator(client_as, world: World) -> None:
    page = today_part(home(client_as("company")))
    assert f"Post your internship places for {world.rounds[Phase.PLACES].name}." in page
    assert "The office returned nagaoka-seiki returned" in page
    assert "Rank the 2 nominees for Seiki sensors." in page
    assert "2 interviews booked for Seiki sensors." in page
    assert "daily report from Intern at nagaoka-seiki" in page
    assert "Evaluate Intern at nagaoka-seiki" in page
    assert "readiness answer was returned to you" in page
    # Echigo Machinery's places, nominees and interns are not Nagaoka Seiki's business.
    assert "echigo" not in page.lower()
    assert "Echigo lathe" not in page


def test_program_manager(client_as, world: World) -> None:
    page = today_part(home(client_as("manager")))
    places = world.rounds[Phase.PLACES]
    assert f"2 places to approve in {places.name}." in page
    assert f"/rounds/{places.pk}/places/?status=submitted" in page
    for round_ in world.rounds.values():
        assert f"{round_.name} is in the" in page
    assert re.search(r"\d+ readiness answers? waits? for your verification\.", page)  # the demo adds some
    assert (
        "wait for the accountant&#x27;s approval." in page
        or "waits for the accountant&#x27;s approval." in page
    )
    assert "missed check-ins to follow up." in page
    assert "Open incident (High)" in page


def test_accountant(client_as, world: World) -> None:
    page = today_part(home(client_as("accountant")))
    assert "to approve." in page
    assert "/programme/expenses/?status=entered" in page
    assert "places to approve" not in page  # the program manager's
    assert "missed check-in" not in page


@pytest.mark.parametrize("key", ["safety", "city"])
def test_safety_officer_and_city(client_as, world: World, key: str) -> None:
    page = today_part(home(client_as(key)))
    assert "2 missed check-ins to follow up." in page
    assert "/operations/alerts/?open=1" in page
    assert "Open incident (High)" in page
    assert "/operations/incidents/" in page
    if SupportTask.objects.filter(status=TaskStatus.BLOCKED).exists():
        assert "/operations/board/?blocked=1" in page
    assert "expense" not in page


def test_telecom_engineer(client_as, world: World) -> None:
    page = today_part(home(client_as("telecom")))
    # The request to KDDI, not the one to Mobicom.
    mine = SupportRequest.objects.filter(telecom=world.kddi, status="open").count()
    assert f"{mine} new network support request" in page
    assert "/companies/support/?status=open" in page


def test_funder(client_as, world: World) -> None:
    page = today_part(home(client_as("funder")))
    assert "target" in page
    assert "/programme/indicators/" in page
    assert "expense" not in page
    assert "Intern at" not in page  # figures, not people


def test_nothing_waiting_still_links_to_the_main_areas(client_as, world: World) -> None:
    page = home(client_as("author"))
    assert "Nothing waiting for you today" in page
    assert "/learning/" in today_part(page)


def test_the_home_speaks_japanese_and_mongolian(client_as, world: World) -> None:
    for language in ("ja", "mn"):
        assert client_as("student", language).get("/").status_code == 200


# --- queries -------------------------------------------------------------------------------------------

# The pinned number of queries of each role's home, whatever the size of the data (the rounds under way
# are kept per program: a home reads them from the cache).
BUDGETS = {
    "student": 12,
    "teacher": 8,
    "ngo": 6,
    "company": 9,
    "mentor": 6,
    "manager": 8,
    "accountant": 4,
    "safety": 6,
    "city": 7,
    "telecom": 5,
    "funder": 3,
    "admin": 12,
}


def queries_for(client: Client) -> int:
    """The queries of a home whose Today list is counted afresh (not read from the cache)."""
    cached_figures.changed(today.CACHE_KIND)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/").status_code == 200
    return len(context)


@pytest.mark.parametrize("key", list(BUDGETS))
def test_the_queries_of_each_home_are_pinned_and_do_not_grow_with_the_data(
    client_as, world: World, key: str, django_assert_max_num_queries
) -> None:
    client = client_as(key)
    queries_for(client)  # warm the session and the content-type caches
    small = queries_for(client)
    world.batch()  # twice the data
    world.batch()
    queries_for(client)  # the cached figures the new rows made the home forget are counted again
    large = queries_for(client)
    assert large == small, f"{key}: {small} queries, then {large} with twice the data"
    cached_figures.changed(today.CACHE_KIND)
    with django_assert_max_num_queries(BUDGETS[key]):
        client.get("/")


# --- the Today list kept between visits ----------------------------------------------------------------


def test_a_home_seen_again_reads_its_list_from_the_cache(client_as, world: World) -> None:
    client = client_as("student")
    first = today_part(home(client))
    with CaptureQueriesContext(connection) as again:
        assert today_part(client.get("/").content.decode()) == first
    counted = queries_for(client)
    # The student's items are seven of the queries: none of them runs for the list kept.
    assert len(again) <= counted - 7, (len(again), counted)


def test_a_kept_list_is_forgotten_by_a_write_that_sends_no_signal(client_as, world: World) -> None:
    client = client_as("student")
    before = re.search(r"Next class: ([^<]+)\.<", today_part(home(client)))
    assert before is not None
    # QuerySet.update() sends no post_save: the database's own record of the write forgets the list.
    ClassSession.objects.update(title={"en": "Moved lab"})
    page = today_part(home(client))
    assert "Next class: Moved lab." in page
    assert before.group(1) not in page


def test_a_kept_list_is_forgotten_by_a_write_in_another_app(client_as, world: World) -> None:
    client = client_as("student")
    assert "Check in today" in today_part(home(client))
    case = InternCase.objects.get(intern=world.user("student"), cancelled=False, arrival_on__lte=world.today)
    CheckIn.objects.bulk_create([CheckIn(case=case, day=world.today, at=timezone.now())])
    assert "Check in today" not in today_part(home(client))


def test_each_person_and_language_has_its_own_list(client_as, world: World) -> None:
    assert "Check in today" in today_part(home(client_as("student")))
    assert "Check in today" not in today_part(home(client_as("manager")))
    japanese = today_part(home(client_as("student", "ja")))
    assert "Check in today" not in japanese
    assert "今日のチェックイン" in japanese


def test_the_kept_list_is_encrypted_in_the_cache(db) -> None:
    parts = ("a person", "en")
    shown = cached_figures.private_figure("test-private", parts, lambda: ["Daily reports from Bat-Erdene"])
    assert shown == ["Daily reports from Bat-Erdene"]
    stored = cache.get(cached_figures.key_of("test-private", parts))
    assert isinstance(stored, str)
    assert "Bat-Erdene" not in stored
    assert b"Bat-Erdene" not in base64.b64decode(stored + "=" * (-len(stored) % 4), altchars=b"-_")


@pytest.mark.parametrize(
    ("sql", "written"),
    [
        ('INSERT INTO "operations_checkin" ("case_id") VALUES (%s)', True),
        ('UPDATE "learning_classsession" SET "title" = %s', True),
        ('  DELETE FROM "internships_choice" WHERE "id" IN (%s)', True),
        ("update learning_classsession set title = %s", True),
        ('SELECT "id" FROM "operations_checkin" FOR UPDATE', False),
        ('INSERT INTO "notifications_notification" ("user_id") VALUES (%s)', False),
        (f'INSERT INTO "{SensitiveRead._meta.db_table}" ("user_id") VALUES (%s)', False),  # noqa: S608
        ('UPDATE "django_session" SET "expire_date" = %s', False),
    ],
)
def test_writes_to_the_domain_tables_forget_the_lists(sql: str, written: bool) -> None:
    assert (today.CACHE_KIND in table_writes.kinds_written_by(sql)) is written


def test_a_transaction_writing_many_rows_forgets_once_more_at_its_commit(
    db, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        for n in range(5):
            Organization.objects.create(key=f"forgets-{n}", kind="company", name={"en": f"Forgets {n}"})
    forgetting = [
        callback for callback in callbacks if getattr(callback, "forgets", None) == today.CACHE_KIND
    ]
    assert len(forgetting) == 1
