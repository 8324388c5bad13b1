"""The pipeline board and the list keep a fixed number of queries whatever the number of companies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.companies.models import OutreachActivity, OutreachCompany, Stage
from kakehashi.companies.tests.helpers import program

pytestmark = pytest.mark.django_db

BUDGETS = {"/companies/pipeline/": 9, "/companies/pipeline/list/": 9, "/companies/dashboard/": 15}


def add_companies(count: int) -> None:
    stages = [value for value, _label in Stage.choices]
    start = OutreachCompany.objects.count()
    companies = OutreachCompany.objects.bulk_create(
        OutreachCompany(program=program(), name={"en": f"Bulk Company {start + i}"}, stage=stages[i % 3])
        for i in range(count)
    )
    OutreachActivity.objects.bulk_create(
        OutreachActivity(
            company=company,
            kind="call",
            happened_on="2026-01-01",
            summary="x",
            next_step="y",
            due_on="2026-01-05",
        )
        for company in companies
    )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", list(BUDGETS))
def test_the_number_of_queries_does_not_grow_with_the_companies(
    client_as, url, django_assert_max_num_queries
):
    city = client_as("city")
    queries_for(city, url)  # warm the session and the content-type caches
    add_companies(10)
    small = queries_for(city, url)
    add_companies(200)
    large = queries_for(city, url)
    assert large == small, f"{url}: {small} queries with few companies, {large} with many"
    with django_assert_max_num_queries(BUDGETS[url]):
        city.get(url)
