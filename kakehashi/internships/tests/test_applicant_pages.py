"""The applicants list's Next links read the page after the last applicant shown (core.pagination,
from_row): the same applicants as the pages by number, without counting past the pages before."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from kakehashi.internships.models import Application, Round

pytestmark = pytest.mark.django_db


def test_next_gives_the_pages_by_number(client_as: Callable[..., Any]) -> None:
    round_ = Round.objects.annotate(n=Count("applications")).order_by("-n").first()
    assert round_ is not None
    assert Application.objects.filter(round=round_).count() > 50
    client = client_as("manager")
    url = f"/rounds/{round_.pk}/applicants/"
    first = client.get(url)
    pages = first.context["page"].paginator.num_pages
    by_number = [
        [a.pk for a in client.get(f"{url}?page={n}").context["page"].object_list] for n in range(1, pages + 1)
    ]
    walked, response = [], first
    while True:
        page = response.context["page"]
        walked.append([a.pk for a in page.object_list])
        if not page.has_next():
            break
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}?page={page.number + 1}&after={page.last_key}")
        reads = [
            q["sql"] for q in queries if 'FROM "internships_application"' in q["sql"] and "LIMIT" in q["sql"]
        ]
        assert reads
        assert not any("OFFSET" in sql for sql in reads)
    assert walked == by_number
