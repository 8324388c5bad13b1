"""Pages keep a fixed number of queries whatever the number of people and organizations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.accounts.models import Membership, Organization, Participation, Program, User

pytestmark = pytest.mark.django_db

# The budget of each page: session, user, viewer (programs, memberships), then the page's own reads.
# The home (Today) is pinned per role in kakehashi/core/tests/test_today.py: the manager's is 18.
BUDGETS = {"/": 18, "/people/": 11, "/organizations/": 9, "/programs/": 7, "/people/?q=a&role=student": 11}
PAGES = list(BUDGETS)


def add_people(count: int) -> None:
    program = Program.objects.get(key="jica-dx-2024")
    college = Organization.objects.get(key="must-kosen")
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + i}@example.mn", name_latin=f"Bulk Student {start + i}")
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organization=college, program=program, role="student") for user in users
    )
    orgs = Organization.objects.bulk_create(
        Organization(
            key=f"company-{start + i}", kind="host_company", name={"en": f"Company {start + i}"}, country="JP"
        )
        for i in range(count // 5)
    )
    Participation.objects.bulk_create(Participation(program=program, organization=org) for org in orgs)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", PAGES)
def test_the_number_of_queries_does_not_grow_with_the_data(client_as, url):
    manager = client_as("manager")
    queries_for(manager, url)  # warm the session and the content-type caches
    add_people(10)
    small = queries_for(manager, url)
    add_people(200)
    large = queries_for(manager, url)
    assert large == small, f"{url}: {small} queries with few people, {large} with many"


@pytest.mark.parametrize("url", PAGES)
def test_each_page_stays_within_its_query_budget(client_as, url, django_assert_max_num_queries):
    manager = client_as("manager")
    add_people(100)
    with django_assert_max_num_queries(BUDGETS[url]):
        response = manager.get(url)
    assert response.status_code == 200


def test_the_people_counts_are_cached_until_people_change(client_as):
    """The people list's total is not counted again on every request, and a new membership (a save: the
    signal) or a bulk write (people_changed) shows at once."""
    from kakehashi.accounts.selectors import people_changed

    manager = client_as("manager")
    manager.get("/people/")
    with CaptureQueriesContext(connection) as context:
        manager.get("/people/")
    counts = [q["sql"] for q in context if "COUNT(" in q["sql"].upper()]
    assert counts == [], counts

    before = manager.get("/people/").context["page"].paginator.count
    user = User.objects.create_user(email="newcomer@example.mn", name_latin="Newcomer")
    Membership.objects.create(
        user=user,
        organization=Organization.objects.get(key="must-kosen"),
        program=Program.objects.get(key="jica-dx-2024"),
        role="student",
    )
    assert manager.get("/people/").context["page"].paginator.count == before + 1

    add_people(5)  # bulk inserts: no signal
    people_changed()
    assert manager.get("/people/").context["page"].paginator.count == before + 6
