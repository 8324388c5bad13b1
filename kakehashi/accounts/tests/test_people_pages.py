"""The people list's Next and Previous links read the page from the row next to it (core.pagination,
from_row): the same pages as by number, without counting past the pages before, and nothing disclosed by
an id the reader may not see."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.selectors import people_changed
from kakehashi.core.pagination import paginate

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="\?([^"]*)" rel="next">')
PREVIOUS = re.compile(r'<a href="\?([^"]*)" rel="prev">')


def add_students(count: int, college_key: str = "must-kosen") -> list[User]:
    program = Program.objects.get(key="jica-dx-2024")
    college = Organization.objects.get(key=college_key)
    # Names that sort apart from their ids, and two of the same name: the id breaks the tie.
    users = User.objects.bulk_create(
        User(email=f"paged{i}@example.mn", name_latin=f"Paged {(i * 7919) % count:03d} {i % 2}")
        for i in range(count)
    )
    twin = User.objects.create_user(email="twin@example.mn", name_latin=users[0].name_latin)
    Membership.objects.bulk_create(
        Membership(user=user, organization=college, program=program, role="student")
        for user in [*users, twin]
    )
    people_changed()
    return [*users, twin]


def ids_on(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [person.pk for person in response.context["page"].object_list]


def walk(client, url: str, link: re.Pattern[str]) -> list[list[int]]:  # type: ignore[no-untyped-def]
    pages = []
    for _ in range(50):
        response = client.get(url)
        assert response.status_code == 200
        pages.append(ids_on(response))
        found = link.search(response.content.decode())
        if found is None:
            return pages
        url = "/people/?" + found.group(1).replace("&amp;", "&")
    raise AssertionError("the links never end")


def test_next_and_previous_give_the_pages_by_number_in_both_directions(client_as):
    add_students(80)
    manager = client_as("manager")
    first = manager.get("/people/")
    total_pages = first.context["page"].paginator.num_pages
    assert total_pages >= 4
    by_number = [ids_on(manager.get(f"/people/?page={n}")) for n in range(1, total_pages + 1)]

    forward = walk(manager, "/people/", NEXT)
    assert forward == by_number
    last_page = manager.get(f"/people/?page={total_pages}")
    backward_url = "/people/?" + PREVIOUS.search(last_page.content.decode()).group(1).replace("&amp;", "&")
    backward = walk(manager, backward_url, PREVIOUS)
    assert backward == by_number[-2::-1]
    everyone = [pk for page in forward for pk in page]
    assert len(everyone) == len(set(everyone)) == first.context["page"].paginator.count


def test_a_page_after_a_row_reads_from_that_row_not_past_the_pages_before(client_as):
    add_students(80)
    manager = client_as("manager")
    page_two_link = NEXT.search(manager.get("/people/").content.decode()).group(1).replace("&amp;", "&")
    assert "after=" in page_two_link
    with CaptureQueriesContext(connection) as context:
        response = manager.get(f"/people/?{page_two_link}")
    assert response.context["page"].number == 2
    people_reads = [q["sql"] for q in context if 'FROM "accounts_user"' in q["sql"] and "LIMIT" in q["sql"]]
    assert people_reads, "the page's people were not read"
    assert not any("OFFSET" in sql for sql in people_reads), people_reads
    # The same page by number skips the first page's rows.
    with CaptureQueriesContext(connection) as context:
        manager.get("/people/?page=2")
    assert any("OFFSET" in q["sql"] for q in context if 'FROM "accounts_user"' in q["sql"])


def test_a_row_the_reader_may_not_see_gives_the_page_by_number(client_as):
    """A teacher sees the students of their own college only: an id of another college's student must not
    place the page after that student's name (which would disclose where the name sorts)."""
    add_students(60, college_key="must-kosen")
    hidden = add_students_elsewhere()
    teacher = client_as("teacher")
    page_two = teacher.get("/people/?page=2")
    assert page_two.context["page"].paginator.num_pages >= 3  # the teacher's own college's students
    by_number = ids_on(page_two)
    assert hidden.pk not in [pk for n in (1, 2, 3) for pk in ids_on(teacher.get(f"/people/?page={n}"))]
    assert ids_on(teacher.get(f"/people/?page=2&after={hidden.pk}")) == by_number
    assert ids_on(teacher.get(f"/people/?page=2&before={hidden.pk}")) == by_number


def add_students_elsewhere() -> User:
    program = Program.objects.get(key="jica-dx-2024")
    other = Organization.objects.exclude(key="must-kosen").filter(kind="partner_college").first()
    assert other is not None
    student = User.objects.create_user(email="elsewhere@example.mn", name_latin="Paged 000 0")
    Membership.objects.create(user=student, organization=other, program=program, role="student")
    people_changed()
    return student


@pytest.mark.parametrize(
    "query",
    ["page=2&after=abc", "page=2&after=-4", "page=2&after=1&before=2", "page=x&after=1", "page=999&after=1"],
)
def test_a_malformed_address_gives_a_page_by_number(client_as, query):
    add_students(60)
    manager = client_as("manager")
    response = manager.get(f"/people/?{query}")
    assert response.status_code == 200
    page = response.context["page"]
    assert ids_on(response) == ids_on(manager.get(f"/people/?page={page.number}"))


@pytest.mark.parametrize("query", [{}, {"page": 2, "after": 1}])
def test_an_order_a_row_cannot_follow_is_refused_at_once(rf: RequestFactory, query):
    """On the first page too: the list's own tests find it, not the first person to click Next."""
    request = rf.get("/", query)
    with pytest.raises(ValueError, match="one direction"):
        paginate(request, User.objects.order_by("-sort_key_en", "id"), 2, from_row=True)
    with pytest.raises(ValueError, match="id last"):
        paginate(request, User.objects.order_by("sort_key_en"), 2, from_row=True)


def test_each_row_names_the_person_and_each_visible_membership_escaped(client_as):
    """The rows drawn in Python (accounts/templatetags/people_rows.py): the name linking to the person,
    then "organization: role" for each membership, one a line, every value escaped, roles in the reader's
    language."""
    program = Program.objects.get(key="jica-dx-2024")
    person = User.objects.create_user(email="rows@example.mn", name_latin="Aaaa <b>Bold</b>")
    odd = Organization.objects.create(key="odd-org", kind="ngo", name={"en": "<i>Odd</i> & Co"}, country="MN")
    for organization, role in (
        (Organization.objects.get(key="must-kosen"), "student"),
        (odd, "ngo_coordinator"),
    ):
        Membership.objects.create(user=person, organization=organization, program=program, role=role)
    people_changed()
    html = client_as("manager", "ja").get("/people/?q=Bold").content.decode()
    row = html[html.index(f'<a href="/people/{person.pk}/">') :]
    row = row[: row.index("</tr>")]
    assert "<b>" not in row
    assert "<i>" not in row
    assert "&lt;b&gt;bold&lt;/b&gt;" in row.lower()  # (a family name is shown in capitals)
    assert "&lt;i&gt;Odd&lt;/i&gt; &amp; Co" in row
    assert row.count("<br>") == 1
    assert "学生" in row  # the role in Japanese
