"""Who sees whom: each organization its own students, companies no students, the funder nobody."""

import pytest

from kakehashi.accounts import selectors
from kakehashi.core.permissions import build_viewer

pytestmark = pytest.mark.django_db


def visible_emails(demo_user, key: str) -> set[str]:
    viewer = build_viewer(demo_user(key))
    return set(selectors.people_visible_to(viewer).values_list("email", flat=True))


STUDENTS = {"student@demo.kakehashi.example", "student2@demo.kakehashi.example"}


def test_a_company_sees_staff_but_no_student(demo_user):
    seen = visible_emails(demo_user, "company")
    assert "teacher@demo.kakehashi.example" in seen
    assert seen.isdisjoint(STUDENTS)


def test_a_partner_college_sees_its_own_students_only(demo_user):
    seen = visible_emails(demo_user, "teacher")
    assert "student@demo.kakehashi.example" in seen
    assert "student2@demo.kakehashi.example" not in seen


def test_the_program_office_and_the_ngo_see_every_student(demo_user):
    for key in ("manager", "ngo", "instructor"):
        assert visible_emails(demo_user, key) >= STUDENTS, key


def test_the_funder_sees_nobody(demo_user):
    assert visible_emails(demo_user, "funder") == set()


def test_contact_details_show_only_to_the_same_organization_and_the_program_office(client_as, demo_user):
    student = demo_user("student")
    assert student.email.encode() in client_as("teacher").get(f"/people/{student.pk}/").content
    assert student.email.encode() in client_as("manager").get(f"/people/{student.pk}/").content
    page = client_as("ngo").get(f"/people/{student.pk}/")
    assert page.status_code == 200
    assert student.email.encode() not in page.content


def test_another_colleges_student_answers_404(client_as, demo_user):
    assert client_as("teacher").get(f"/people/{demo_user('student2').pk}/").status_code == 404


def test_search_filters_people_by_name_in_either_script(client_as):
    teacher = client_as("teacher")
    assert b"Nomin-Erdene" in teacher.get("/people/?q=Номин").content
    assert b"Nomin-Erdene" not in teacher.get("/people/?q=Yoshida").content


def test_the_people_list_paginates(client_as, settings):
    settings.PAGE_SIZE = 3
    manager = client_as("manager")
    first = manager.get("/people/")
    assert b"Page 1 of" in first.content
    assert first.context["page"].paginator.count > 3
    last = manager.get("/people/?page=999")
    assert last.context["page"].number == last.context["page"].paginator.num_pages


def test_htmx_search_returns_only_the_results_fragment(client_as):
    response = client_as("manager").get("/organizations/?q=kosen", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'<div id="results">' in response.content
    assert b"<html" not in response.content
    assert b"Mongol Kosen" in response.content
