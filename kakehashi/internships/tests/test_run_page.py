"""The run page paginates in the database before it builds rows, with a fixed number of queries."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kakehashi.internships import services
from kakehashi.internships.models import Application, MatchingRun, Phase
from kakehashi.internships.tests.conftest import SmallRound

pytestmark = pytest.mark.django_db


def _run(small_round: SmallRound, capture: Callable[..., object]) -> MatchingRun:
    with capture(execute=True):  # type: ignore[operator]
        run = services.run_create(
            viewer=small_round.viewer_of("manager"),
            round_=small_round.round,
            algorithm="da",
            proposing="students",
            seed=1,
        )
    run.refresh_from_db()
    return run


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_run_page_shows_one_page_of_rows_with_the_same_queries_whatever_the_runs_size(
    small_round: SmallRound,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    small_round.phase(Phase.MATCHING)
    winner = small_round.applicant("Aaron Able", places=[small_round.place])
    small_round.applicant("Zed Zulu", places=[small_round.place])
    small_round.rank(small_round.place, (winner, 1))
    client = client_as("manager")
    small_run = _run(small_round, django_capture_on_commit_callbacks)
    client.get(f"/rounds/runs/{small_run.pk}/")
    small, page = _queries(client, f"/rounds/runs/{small_run.pk}/")
    assert page.index("Aaron Able") < page.index("Zed Zulu")
    assert "IoT sensors" in page
    for i in range(70):
        small_round.applicant(f"Many Mid{i:02d}", "mongol-kosen", places=[small_round.other])
    big_run = _run(small_round, django_capture_on_commit_callbacks)
    big, page = _queries(client, f"/rounds/runs/{big_run.pk}/")
    assert big == small
    assert big <= 14
    # Names ordered in the database by the page language's sort key (en: family name first), 50 a page:
    # the first page has Able and Mid00 to Mid48.
    assert "Aaron Able" in page
    assert "Many Mid48" in page
    assert "Many Mid49" not in page
    assert "Zed Zulu" not in page
    _count, second = _queries(client, f"/rounds/runs/{big_run.pk}/?page=2")
    assert "Many Mid49" in second
    assert "Zed Zulu" in second
    assert "Aaron Able" not in second
    # The choice each student obtained, from the run's explanations.
    matched = Application.objects.get(round=small_round.round, name_latin="Aaron Able")
    assert big_run.assignments.get(application=matched).rank == 1
    college = matched.college.name["en"]
    assert f"<td>Aaron Able</td><td>{college}</td><td>IoT sensors</td>" in page


def test_the_run_page_names_colleges_and_offers_publication_only_once_the_run_is_checked(
    small_round: SmallRound,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    from kakehashi.accounts.models import Organization

    small_round.phase(Phase.MATCHING)
    winner = small_round.applicant("Aaron Able", "mongol-kosen", places=[small_round.place])
    small_round.rank(small_round.place, (winner, 1))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = services.run_create(
            viewer=small_round.viewer_of("manager"),
            round_=small_round.round,
            algorithm="da",
            proposing="students",
            seed=1,
            college_caps={"mongol-kosen": 2},
        )
    college = Organization.objects.get(key="mongol-kosen")
    client = client_as("manager")
    url = f"/rounds/runs/{run.pk}/"
    publish = f'href="/rounds/runs/{run.pk}/publish/"'
    page = client.get(url).content.decode()
    assert "mongol-kosen" not in page
    assert page.count(college.name["en"]) >= 3  # the cap, the statistics by college, the student's row
    assert publish not in page
    assert "Check the run before you publish it." in page
    confirm = client.get(f"/rounds/runs/{run.pk}/publish/").content.decode()
    assert '<button type="submit">Publish</button>' not in confirm
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(f"/rounds/runs/{run.pk}/check/")  # the check runs as a task
    page = client.get(url).content.decode()
    assert publish in page
    assert "Check the run before you publish it." not in page
