"""Managing cohorts and their members, scheduling classes, the private calendar feed."""

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import build_viewer
from kakehashi.core.testing.calendars import timezones_used_and_defined
from kakehashi.learning import selectors, services
from kakehashi.learning.models import (
    CalendarFeed,
    ClassSession,
    Cohort,
    CohortMember,
    CohortRole,
    Track,
)
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db


def cohort(key: str = "must-kosen-2025") -> Cohort:
    return Cohort.objects.get(program__key="jica-dx-2024", key=key)


def new_cohort(intake: str = "2030", college: str = "must-kosen") -> Cohort:
    return Cohort.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        key=f"{college}-{intake}",
        college=Organization.objects.get(key=college),
        intake=intake,
        title={"en": f"{college} {intake}"},
    )


# --- cohorts ---------------------------------------------------------------------------------------


def test_an_instructor_creates_a_cohort_with_its_courses(client_as: Callable[..., Any]) -> None:
    must = Organization.objects.get(key="must-kosen")
    response = client_as("instructor").post(
        "/learning/cohorts/new/",
        {
            "college": must.pk,
            "intake": "2026",
            "track": Track.STUDENT,
            "key": "",
            "title_en": "MUST · 2026 intake",
            "courses": [course().pk, course("ml-basics").pk],
        },
    )
    created = Cohort.objects.get(title__en="MUST · 2026 intake")
    assert response.status_code == 302
    assert response["Location"] == f"/learning/cohorts/{created.pk}/"
    assert created.key == "must-kosen-2026"  # made from the college and the intake
    assert created.program.key == "jica-dx-2024"
    assert {c.key for c in created.courses.all()} == {"python-iot", "ml-basics"}


def test_the_cohort_form_offers_only_partner_colleges(client_as: Callable[..., Any]) -> None:
    page = client_as("manager").get("/learning/cohorts/new/").content.decode()
    assert Organization.objects.get(key="mongol-kosen").name["en"] in page
    assert Organization.objects.get(key="nit-nagaoka").name["en"] not in page
    assert Organization.objects.get(key="kddi").name["en"] not in page


def test_a_cohort_belongs_to_a_partner_college_and_has_a_unique_key(demo_user: Callable[[str], User]) -> None:
    viewer = build_viewer(demo_user("manager"))
    nagaoka = Organization.objects.get(key="nit-nagaoka")
    with pytest.raises(ValidationError, match="partner college"):
        services.cohort_save(viewer=viewer, cohort=Cohort(college=nagaoka, intake="2026", title={"en": "x"}))
    must = Organization.objects.get(key="must-kosen")
    with pytest.raises(ValidationError, match="already has this key"):
        services.cohort_save(
            viewer=viewer,
            cohort=Cohort(college=must, intake="2026", key="must-kosen-2025", title={"en": "x"}),
        )
    # Two cohorts of the same college and intake get distinct keys.
    first = services.cohort_save(viewer=viewer, cohort=Cohort(college=must, intake="2027", title={"en": "a"}))
    second = services.cohort_save(
        viewer=viewer, cohort=Cohort(college=must, intake="2027", title={"en": "b"})
    )
    assert (first.key, second.key) == ("must-kosen-2027", "must-kosen-2027-2")


def test_an_instructor_edits_a_cohort(client_as: Callable[..., Any]) -> None:
    target = cohort("mongol-kosen-2025")
    response = client_as("instructor").post(
        f"/learning/cohorts/{target.pk}/edit/",
        {
            "college": target.college_id,
            "intake": "2025b",
            "track": Track.STUDENT,
            "key": target.key,
            "title_en": "Renamed",
            "courses": [course().pk],
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.intake, target.title) == ("2025b", {"en": "Renamed"})
    assert [c.key for c in target.courses.all()] == ["python-iot"]


def test_a_partner_teacher_reads_only_their_cohorts_and_changes_none(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    client = client_as("teacher")
    assert client.get(f"/learning/cohorts/{cohort().pk}/").status_code == 200
    assert client.get(f"/learning/cohorts/{cohort().pk}/edit/").status_code == 403
    assert client.get(f"/learning/cohorts/{cohort('mongol-kosen-2025').pk}/edit/").status_code == 404
    assert client.get("/learning/cohorts/new/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.cohort_member_add(
            viewer=build_viewer(demo_user("teacher")),
            cohort=cohort(),
            user=demo_user("student"),
            role=CohortRole.LEARNER,
        )


def test_the_cohort_list_searches(client_as: Callable[..., Any]) -> None:
    client = client_as("manager")
    page = client.get("/learning/cohorts/?q=Mongol+Kosen").content.decode()
    assert str(cohort("mongol-kosen-2025").title) in page
    assert str(cohort().title) not in page
    assert "No cohort matches." in client.get("/learning/cohorts/?q=zzzz").content.decode()


# --- members ---------------------------------------------------------------------------------------


def test_candidates_come_from_the_right_organization_and_role(demo_user: Callable[[str], User]) -> None:
    fresh = new_cohort()
    learners = set(selectors.member_candidates(fresh, CohortRole.LEARNER))
    assert demo_user("student") in learners  # a student of MUST
    assert demo_user("student2") not in learners  # a student of Mongol Kosen
    assert demo_user("teacher") not in learners
    teachers = set(selectors.member_candidates(fresh, CohortRole.TEACHER))
    assert {demo_user("teacher"), demo_user("instructor")} <= teachers
    assert demo_user("student") not in teachers
    assert demo_user("manager") not in teachers
    # In a teacher-track cohort the partner teachers are the learners.
    fresh.track = Track.TEACHER
    fresh.save()
    assert demo_user("teacher") in set(selectors.member_candidates(fresh, CohortRole.LEARNER))
    # Who is in already is not offered again.
    assert demo_user("student") not in set(selectors.member_candidates(cohort(), CohortRole.LEARNER))


def test_a_manager_finds_and_adds_a_learner(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    fresh = new_cohort()
    client = client_as("manager")
    url = f"/learning/cohorts/{fresh.pk}/members/"
    page = client.get(url, {"role": "learner", "q": "nomin"}).content.decode()
    assert demo_user("student").name_latin in page
    assert demo_user("student").email in page  # the program office sees contact details
    by_email = client.get(url, {"q": demo_user("student").email}).content.decode()
    assert demo_user("student").name_latin in by_email
    instructor_page = client_as("instructor").get(url, {"q": "nomin"}).content.decode()
    assert demo_user("student").name_latin in instructor_page
    assert demo_user("student").email not in instructor_page
    assert "Nobody who could join in this role matches." in client.get(url, {"q": "zzz"}).content.decode()
    partial = client.get(url, {"q": "nomin"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="results"' in partial
    assert "<html" not in partial
    response = client.post(url, {"user": demo_user("student").pk, "role": "learner", "q": "nomin"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?role=learner&q=nomin"
    assert CohortMember.objects.filter(cohort=fresh, user=demo_user("student"), role="learner").exists()


def test_a_person_of_another_college_cannot_be_added(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    fresh = new_cohort()
    client = client_as("instructor")
    response = client.post(
        f"/learning/cohorts/{fresh.pk}/members/",
        {"user": demo_user("student2").pk, "role": "learner"},
        follow=True,
    )
    assert "This person cannot join this cohort in this role" in response.content.decode()
    assert not fresh.members.exists()


def test_removing_a_member_asks_first(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    member = CohortMember.objects.get(cohort=cohort(), user=demo_user("student"))
    client = client_as("instructor")
    page = client.get(f"/learning/cohort-members/{member.pk}/remove/").content.decode()
    assert demo_user("student").name_latin in page
    assert CohortMember.objects.filter(pk=member.pk).exists()
    response = client.post(f"/learning/cohort-members/{member.pk}/remove/")
    assert response.status_code == 302
    assert not CohortMember.objects.filter(pk=member.pk).exists()
    # The student no longer sees the cohort.
    assert client_as("student").get(f"/learning/cohorts/{cohort().pk}/").status_code == 404


def candidates_page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_students(n: int, college: str, key: str) -> None:
    program = Program.objects.get(key="jica-dx-2024")
    org = Organization.objects.get(key=college)
    users = User.objects.bulk_create(
        [User(email=f"{key}{i}@example.mn", name_latin=f"Student {key} {i:04d}") for i in range(n)]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organization=org, program=program, role=Role.STUDENT) for u in users]
    )


def test_the_member_search_and_cohort_list_queries_do_not_grow(client_as: Callable[..., Any]) -> None:
    client = client_as("manager")
    small = new_cohort("2031", "mongol-kosen")
    large = new_cohort("2032", "shine-mongol-kosen")
    add_students(5, "mongol-kosen", "few")
    add_students(300, "shine-mongol-kosen", "many")
    client.get("/")  # the menu and the unread count are cached once per person: not what is measured
    few = candidates_page_queries(client, f"/learning/cohorts/{small.pk}/members/")
    many = candidates_page_queries(client, f"/learning/cohorts/{large.pk}/members/")
    assert few == many <= 12
    before = candidates_page_queries(client, "/learning/cohorts/")
    for n in range(30):
        new_cohort(f"30{n:02d}")
    assert candidates_page_queries(client, "/learning/cohorts/") == before <= 10


# --- class sessions --------------------------------------------------------------------------------


def session_form(**changes: Any) -> dict[str, Any]:
    data = {
        "title_en": "Soldering workshop",
        "course": course().pk,
        "time_zone": "Asia/Ulaanbaatar",
        "day": "2026-12-15",
        "starts": "10:00",
        "ends": "11:30",
        "mode": "on_site",
        "location": "Room 204",
        "meeting_url": "",
    }
    return {**data, **changes}


def test_a_class_entered_in_ulaanbaatar_time_shows_in_both_zones(client_as: Callable[..., Any]) -> None:
    response = client_as("instructor").post(f"/learning/cohorts/{cohort().pk}/classes/new/", session_form())
    assert response.status_code == 302
    session = ClassSession.objects.get(title__en="Soldering workshop")
    assert session.starts_at == datetime(2026, 12, 15, 2, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2026, 12, 15, 3, 30, tzinfo=UTC)
    page = client_as("student").get("/learning/schedule/?page=1").content.decode()
    assert "15 Dec 2026, 10:00 (Ulaanbaatar)" in page
    assert "15 Dec 2026, 11:00 (Tokyo)" in page  # Nagaoka


def test_a_class_entered_in_nagaoka_time(client_as: Callable[..., Any]) -> None:
    client_as("instructor").post(
        f"/learning/cohorts/{cohort().pk}/classes/new/",
        session_form(
            time_zone="Asia/Tokyo", mode="online", location="", meeting_url="https://meet.example.org/x"
        ),
    )
    session = ClassSession.objects.get(title__en="Soldering workshop")
    assert session.starts_at == datetime(2026, 12, 15, 1, 0, tzinfo=UTC)
    assert session.time_zone == "Asia/Tokyo"
    page = client_as("student").get(f"/learning/cohorts/{cohort().pk}/").content.decode()
    assert "15 Dec 2026, 09:00 (Ulaanbaatar)" in page
    assert "15 Dec 2026, 10:00 (Tokyo)" in page


def test_a_class_needs_an_end_after_its_start_and_a_place_or_link(client_as: Callable[..., Any]) -> None:
    client = client_as("instructor")
    url = f"/learning/cohorts/{cohort().pk}/classes/new/"
    page = client.post(url, session_form(ends="09:00")).content.decode()
    assert "The class must end after it starts." in page
    page = client.post(url, session_form(mode="online", location="")).content.decode()
    assert "Give the link of an online class." in page
    page = client.post(url, session_form(location="")).content.decode()
    assert "Say where an on-site class takes place." in page
    assert not ClassSession.objects.filter(title__en="Soldering workshop").exists()


def test_editing_a_class_shows_and_keeps_its_local_time(client_as: Callable[..., Any]) -> None:
    session = ClassSession.objects.get(cohort=cohort(), title__en="Online lecture from Nagaoka")
    # The demo dates its classes from the day it is loaded: the lecture is at 16:00 in Nagaoka.
    day = session.starts_at.astimezone(ZoneInfo("Asia/Tokyo")).date()
    client = client_as("teacher")  # a teacher of the cohort schedules its classes too
    page = client.get(f"/learning/classes/{session.pk}/edit/").content.decode()
    assert f'value="{day.isoformat()}"' in page
    assert 'value="16:00"' in page
    response = client.post(
        f"/learning/classes/{session.pk}/edit/",
        session_form(
            title={"en": "Online lecture from Nagaoka"},
            time_zone="Asia/Tokyo",
            day=day.isoformat(),
            starts="17:00",
            ends="18:00",
            mode="online",
            location="",
            meeting_url=session.meeting_url,
        ),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime.combine(day, time(8, 0), tzinfo=UTC)
    # Another college's class is not the teacher's to see.
    other = ClassSession.objects.filter(cohort=cohort("mongol-kosen-2025")).first()
    assert other is not None
    assert client.get(f"/learning/classes/{other.pk}/edit/").status_code == 404


def test_cancelling_a_class_asks_first(client_as: Callable[..., Any]) -> None:
    session = ClassSession.objects.get(cohort=cohort(), title__en="Sensor lab on site")
    client = client_as("instructor")
    page = client.get(f"/learning/classes/{session.pk}/delete/").content.decode()
    assert "Sensor lab on site" in page
    day = session.starts_at.astimezone(ZoneInfo("Asia/Ulaanbaatar")).date()
    assert f"{day.day} {day:%b} {day.year}, 10:00 (Ulaanbaatar)" in page
    assert ClassSession.objects.filter(pk=session.pk).exists()
    assert client_as("student").get(f"/learning/classes/{session.pk}/delete/").status_code == 403
    assert client.post(f"/learning/classes/{session.pk}/delete/").status_code == 302
    assert not ClassSession.objects.filter(pk=session.pk).exists()


# --- the calendar feed -----------------------------------------------------------------------------


def feed_token_of(client: Client) -> str:
    assert client.post("/learning/schedule/feed/").status_code == 302
    page = client.get("/learning/schedule/").content.decode()
    start = page.index("/learning/schedule/", page.index('id="feed-url"'))
    return page[start:].split(".ics", 1)[0].removeprefix("/learning/schedule/")


def test_the_feed_opens_without_a_session_and_shows_the_schedule(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    client = client_as("student")
    assert 'id="feed-url"' not in client.get("/learning/schedule/").content.decode()
    token = feed_token_of(client)
    assert len(token) == 64
    response = Client().get(f"/learning/schedule/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    expected = selectors.sessions_for(build_viewer(demo_user("student")))
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"learning-session-{s.pk}@kakehashi" for s in expected
    )
    assert len(events) == 2  # the MUST cohort's two classes, and not Mongol Kosen's
    # Each class in its own zone, each zone defined (RFC 5545: Outlook refuses a TZID without one).
    used, defined = timezones_used_and_defined(response.content)
    assert used == {"Asia/Tokyo", "Asia/Ulaanbaatar"}
    assert used <= defined
    # Only a hash of the token is stored.
    feed = CalendarFeed.objects.get(user=demo_user("student"))
    assert token not in (feed.nonce, feed.token_hash)
    assert feed.token_hash == CalendarFeed.hash_token(token)


def test_a_new_link_retires_the_old_one_and_a_wrong_token_is_404(client_as: Callable[..., Any]) -> None:
    client = client_as("student")
    old = feed_token_of(client)
    new = feed_token_of(client)
    assert old != new
    anonymous = Client()
    assert anonymous.get(f"/learning/schedule/{old}.ics").status_code == 404
    assert anonymous.get(f"/learning/schedule/{new}.ics").status_code == 200
    assert anonymous.get(f"/learning/schedule/{'a' * 64}.ics").status_code == 404


def test_the_feed_follows_the_persons_cohorts(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    token = feed_token_of(client_as("student"))
    CohortMember.objects.filter(user=demo_user("student")).delete()
    response = Client().get(f"/learning/schedule/{token}.ics")
    assert Calendar.from_ical(response.content).walk("VEVENT") == []
    user = demo_user("student")
    user.is_active = False
    user.save()
    assert Client().get(f"/learning/schedule/{token}.ics").status_code == 404


def test_the_schedule_and_the_feed_queries_do_not_grow(client_as: Callable[..., Any]) -> None:
    client = client_as("student")
    token = feed_token_of(client)
    before = candidates_page_queries(client, "/learning/schedule/")
    with CaptureQueriesContext(connection) as feed_before:
        Client().get(f"/learning/schedule/{token}.ics")
    ClassSession.objects.bulk_create(
        [
            ClassSession(
                cohort=cohort(),
                title={"en": f"Extra {n}"},
                starts_at=datetime(2027, 1, 1 + n, 1, 0, tzinfo=UTC),
                ends_at=datetime(2027, 1, 1 + n, 2, 0, tzinfo=UTC),
                mode="online",
                time_zone="Asia/Tokyo",
                meeting_url="https://meet.example.org/x",
            )
            for n in range(25)
        ]
    )
    assert candidates_page_queries(client, "/learning/schedule/") == before <= 12
    with CaptureQueriesContext(connection) as feed_after:
        response = Client().get(f"/learning/schedule/{token}.ics")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 27
    assert len(feed_after) == len(feed_before) <= 8
