"""A matching run's result as rows (issue 18 #0): one row per application and per place, pages that read
only their rows and never the run's large JSON columns, query counts that do not grow with the round,
background tasks that mark a failure, batched emails, and the migration of runs stored as JSON."""

import gc
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kakehashi.accounts.models import Membership, Organization, User
from kakehashi.accounts.roles import Role
from kakehashi.core import background
from kakehashi.internships import selectors, services
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    MatchingRun,
    Nomination,
    Phase,
    RunAssignment,
    RunPlace,
    RunStatus,
)
from kakehashi.internships.selectors import matching_runs as run_selectors
from kakehashi.internships.services import matching_runs as run_services
from kakehashi.internships.tests.conftest import SmallRound

HEAVY_COLUMNS = ('"internships_matchingrun"."instance"', '"internships_matchingrun"."result"')


def _populate(small_round: SmallRound, count: int, start: int = 0) -> list[Application]:
    """`count` confirmed applicants in bulk, each ranking both places; the places rank them all."""
    college = Organization.objects.get(key="must-kosen")
    users = User.objects.bulk_create(
        User(email=f"bulk{i}@test.example", name_latin=f"Bulk {i:05d}", preferred_language="mn")
        for i in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organization=college, program=small_round.program, role=Role.STUDENT)
        for user in users
    )
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            round=small_round.round,
            student=user,
            college=college,
            name_latin=user.name_latin,
            consent_version="2025-01",
            consent_at=now,
            submitted_at=now,
            nomination=Nomination.NOMINATED,
            confirmed_at=now,
        )
        for user in users
    )
    places = (small_round.place, small_round.other)
    Choice.objects.bulk_create(
        Choice(application=app, place=place, position=position)
        for app in applications
        for position, place in enumerate(places, start=1)
    )
    CompanyRank.objects.bulk_create(
        CompanyRank(place=place, application=app, rank=index + 1)
        for place in places
        for index, app in enumerate(applications)
    )
    return applications


def _published_run(small_round: SmallRound, capture: Callable[..., Any]) -> MatchingRun:
    small_round.phase(Phase.MATCHING)
    manager = small_round.viewer_of("manager")
    with capture(execute=True):
        run = services.run_create(
            viewer=manager, round_=small_round.round, algorithm="da", proposing="students", seed=1
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    services.run_check(viewer=manager, run=run)
    with capture(execute=True):
        services.run_publish(viewer=manager, run=run)
    run.refresh_from_db()
    assert run.published_at is not None
    return run


def test_a_run_is_stored_as_one_row_per_application_and_per_place(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    small_round.place.capacity = 3
    small_round.place.save()
    applications = _populate(small_round, 5)
    run = _published_run(small_round, django_capture_on_commit_callbacks)
    assert "assignment" not in run.result
    assert "explanations" not in run.result
    assert run.result["summary"]["matched"] == 4
    assert RunAssignment.objects.filter(run=run).count() == 5
    assert set(RunPlace.objects.filter(run=run).values_list("place_id", "capacity", "assigned")) == {
        (small_round.place.pk, 3, 3),
        (small_round.other.pk, 1, 1),
    }
    first = RunAssignment.objects.get(run=run, application=applications[0])
    assert (first.place_id, first.rank) == (small_round.place.pk, 1)
    last = RunAssignment.objects.get(run=run, application=applications[4]).explanation
    assert last["assigned"] is None
    assert [why["reason"] for why in last["higher"]] == ["ranked_below_admitted"] * 2
    assert "text" not in last["higher"][0]  # worded by internships.explain in the reader's language
    seiki = RunPlace.objects.get(run=run, place=small_round.place).explanation
    assert seiki["admitted"] == [app.key for app in applications[:3]]
    assert sorted(run.digest["by_company"]) == sorted(
        [[small_round.seiki.pk, 3, 3], [small_round.echigo.pk, 1, 1]]
    )
    assert run.placements.count() == 4


def _pages(small_round: SmallRound, run: MatchingRun, student: Application) -> dict[str, tuple[str, str]]:
    round_id = small_round.round.pk
    return {
        "run page (office)": ("manager", f"/rounds/runs/{run.pk}/"),
        "results (office)": ("manager", f"/rounds/{round_id}/result/"),
        "results (company)": ("company", f"/rounds/{round_id}/result/"),
        "results (student)": (student.student.email, f"/rounds/{round_id}/result/"),
        "my ranking (student)": (student.student.email, f"/rounds/{round_id}/ranking/"),
    }


def _measure(
    small_round: SmallRound, run: MatchingRun, student: Application, client_as: Callable[..., Client]
) -> dict[str, list[str]]:
    queries = {}
    for name, (who, url) in _pages(small_round, run, student).items():
        client = Client() if "@" in who else client_as(who)
        if "@" in who:
            client.force_login(User.objects.get(email=who))
        client.get(url)  # the session and caches settle
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        queries[name] = [query["sql"] for query in captured.captured_queries]
    return queries


def test_round_pages_never_load_the_heavy_columns_and_their_queries_do_not_grow(
    small_round: SmallRound,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    small_round.place.capacity = 20
    small_round.place.save()
    applications = _populate(small_round, 12)
    run = _published_run(small_round, django_capture_on_commit_callbacks)
    student = applications[0]
    before = _measure(small_round, run, student, client_as)
    for sqls in before.values():
        for sql in sqls:
            assert not any(column in sql for column in HEAVY_COLUMNS), sql
            assert '"internships_runplace"."explanation"' not in sql
    # The student's page reads one explanation: their own row's.
    explanation_reads = [sql for sql in before["results (student)"] if '"explanation"' in sql]
    assert len(explanation_reads) == 1
    assert "LIMIT 1" in explanation_reads[0]

    # Twice the applicants in a new round of the same shape: the same number of queries on every page.
    MatchingRun.objects.filter(pk=run.pk).update(published_at=None)
    run.placements.all().delete()
    RunAssignment.objects.filter(run=run).delete()
    MatchingRun.objects.filter(pk=run.pk).delete()
    _populate(small_round, 12, start=100)
    small_round.place.capacity = 40
    small_round.place.save()
    doubled_run = _published_run(small_round, django_capture_on_commit_callbacks)
    after = _measure(small_round, doubled_run, student, client_as)
    assert {name: len(sqls) for name, sqls in after.items()} == {
        name: len(sqls) for name, sqls in before.items()
    }
    pinned = {
        "run page (office)": 14,
        "results (office)": 14,
        "results (company)": 14,
        "results (student)": 16,
        "my ranking (student)": 13,
    }
    for name, (who, url) in _pages(small_round, doubled_run, student).items():
        client = Client() if "@" in who else client_as(who)
        if "@" in who:
            client.force_login(User.objects.get(email=who))
        client.get(url)
        with django_assert_max_num_queries(pinned[name]):
            client.get(url)


def test_the_run_row_page_reads_only_its_page(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., Any], rf: Any
) -> None:
    small_round.place.capacity = 30
    small_round.place.save()
    _populate(small_round, 30)
    run = _published_run(small_round, django_capture_on_commit_callbacks)
    light = selectors.run_for(small_round.viewer_of("manager"), run.pk, light=True)
    assert {"instance", "result", "check_problems"} <= light.get_deferred_fields()
    digest = selectors.run_digest(light)
    with CaptureQueriesContext(connection) as captured:
        page = selectors.run_row_page(rf.get("/", {"page": 2}), light, digest, per_page=10)
    # The page's rows, then their places; no COUNT (the count is stored with the run).
    assert len(captured.captured_queries) == 2
    assert "LIMIT 10 OFFSET 10" in captured.captured_queries[0]["sql"]
    assert page.paginator.count == 30
    assert [row["student"] for row in page.object_list] == [f"Bulk {i:05d}" for i in range(10, 20)]
    published = selectors.published_runs(small_round.round)
    assert {"instance", "result", "digest", "check_problems"} <= published[run.kind].get_deferred_fields()


def test_a_run_whose_storing_fails_is_marked_failed_with_the_reason(
    small_round: SmallRound,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _populate(small_round, 3)
    small_round.phase(Phase.MATCHING)

    def full(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(run_services, "_insert", full)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(
            viewer=small_round.viewer_of("manager"),
            round_=small_round.round,
            algorithm="da",
            proposing="students",
            seed=1,
        )
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "could not be stored" in run.error
    assert "disk full" in run.error
    assert run.instance["students"]  # the input read from the database is kept, to reproduce it
    assert not RunAssignment.objects.filter(run=run).exists()
    assert gc.isenabled()  # paused for the run's millions of objects, and on again after a failure


def test_the_input_and_the_explanations_are_kept_as_the_json_text_they_were_written(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """PostgreSQL keeps them as `json`, not `jsonb` (nothing queries into them; taking 28 MB apart and
    putting it back took seconds); the values read back are those written, in every column reader."""
    _populate(small_round, 4)
    run = _published_run(small_round, django_capture_on_commit_callbacks)
    built = run_services.build_instance(small_round.round)
    assert MatchingRun.objects.get(pk=run.pk).instance == built
    assert MatchingRun.objects.filter(pk=run.pk).values_list("instance", flat=True).get() == built
    row = RunAssignment.objects.filter(run=run).order_by("application_id").first()
    assert row is not None
    assert RunAssignment.objects.values_list("explanation", flat=True).get(pk=row.pk) == row.explanation
    assert row.explanation["rank"] == row.rank
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, data_type FROM information_schema.columns WHERE column_name IN "
                "('instance', 'explanation') AND table_name LIKE 'internships_%%'"
            )
            assert dict(cursor.fetchall()) == {
                "internships_matchingrun": "json",
                "internships_runassignment": "json",
                "internships_runplace": "json",
            }


def test_a_run_whose_input_is_refused_is_marked_failed(
    small_round: SmallRound,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _populate(small_round, 2)
    small_round.phase(Phase.MATCHING)
    monkeypatch.setattr(run_services, "build_instance", lambda *args, **kwargs: {"students": "nonsense"})
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(
            viewer=small_round.viewer_of("manager"),
            round_=small_round.round,
            algorithm="da",
            proposing="students",
            seed=1,
        )
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error
    assert run.progress == 100


def test_the_check_runs_as_a_task_and_a_lost_check_is_marked_failed(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _populate(small_round, 3)
    small_round.phase(Phase.MATCHING)
    manager = small_round.viewer_of("manager")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(
            viewer=manager, round_=small_round.round, algorithm="da", proposing="students", seed=1
        )
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.run_check_request(viewer=manager, run=run)
    run.refresh_from_db()
    assert run.check_status == RunStatus.QUEUED
    assert run.is_busy
    assert run.checked_at is None
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.check_status == RunStatus.DONE
    assert run.stable
    assert run.check_problems == []
    # A worker killed in the middle of a check: the reaper marks it failed, and it can be asked again.
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    MatchingRun.objects.filter(pk=run.pk).update(check_status=RunStatus.RUNNING)
    DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        task_path="kakehashi.internships.tasks.check_run",
        args_kwargs={"args": [run.pk], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - timezone.timedelta(minutes=30),
        worker_ids=["w1"],
    )
    background.reap_lost_tasks()
    run.refresh_from_db()
    assert run.check_status == RunStatus.FAILED
    assert not run.is_busy
    assert "Check the run again" in run.check_problems[0]


def test_the_migration_moves_runs_stored_as_json_into_rows_and_back(small_round: SmallRound) -> None:
    """The data migration's two functions, on runs stored as before (the whole result as JSON)."""
    import importlib

    from django.apps import apps

    from kakehashi.matching import Instance, solve

    migration = importlib.import_module("kakehashi.internships.migrations.0006_run_rows_data")
    applications = _populate(small_round, 4)
    data = services.build_instance(small_round.round)
    result = solve(Instance.from_dict(data), algorithm="da", seed=1, explain=True).to_dict()
    run = MatchingRun.objects.create(
        round=small_round.round, status=RunStatus.DONE, instance=data, result=result, digest={"old": 1}
    )
    untouched = MatchingRun.objects.create(round=small_round.round, status=RunStatus.FAILED, error="no")
    migration._rows_from_json(apps, None)
    run.refresh_from_db()
    assert set(run.result) == {"stable", "blocking_pairs", "violations", "summary"}
    assert run.result["summary"] == result["summary"]
    assert selectors.run_assignment(run) == result["assignment"]
    for app in applications:
        row = RunAssignment.objects.get(run=run, application=app)
        assert row.explanation == result["explanations"]["students"][app.key]
        assert row.rank == result["explanations"]["students"][app.key]["rank"]
    places = {f"p{row.place_id}": row for row in RunPlace.objects.filter(run=run)}
    assert {key: row.explanation for key, row in places.items()} == result["explanations"]["places"]
    assert {key: row.capacity for key, row in places.items()} == {
        entry["id"]: entry["capacity"] for entry in data["places"]
    }
    assert sum(row.assigned for row in places.values()) == result["summary"]["matched"]
    stats = selectors.run_statistics(run)  # the digest is made again from the rows, once
    assert stats["summary"] == result["summary"]
    assert sum(matched for _name, matched, _seats in stats["by_company"]) == result["summary"]["matched"]
    assert "by_company" in MatchingRun.objects.get(pk=run.pk).digest
    migration._rows_from_json(apps, None)  # twice changes nothing
    assert RunAssignment.objects.filter(run=run).count() == len(applications)
    # Back: the JSON is whole again, exactly as it was, and the rows are gone.
    migration._json_from_rows(apps, None)
    run.refresh_from_db()
    assert run.result == result
    assert not RunAssignment.objects.filter(run=run).exists()
    assert not RunPlace.objects.filter(run=run).exists()
    untouched.refresh_from_db()
    assert untouched.result == {}
    assert untouched.error == "no"


def test_deep_run_pages_are_read_from_the_links_cursor_not_counted_off(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., Any], rf: Any
) -> None:
    """The next and previous links carry the first or last row's id: the page after it is read with a
    keyset condition (no OFFSET), in the same order as the numbered pages, and no name is in the link."""
    small_round.place.capacity = 30
    small_round.place.save()
    applications = _populate(small_round, 30)
    run = _published_run(small_round, django_capture_on_commit_callbacks)
    light = selectors.run_for(small_round.viewer_of("manager"), run.pk, light=True)
    digest = selectors.run_digest(light)
    first = selectors.run_row_page(rf.get("/", {"page": 1}), light, digest, per_page=10)
    assert first.last_key == applications[9].pk  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as captured:
        second = selectors.run_row_page(
            rf.get("/", {"page": 2, "after": first.last_key}),  # type: ignore[attr-defined]
            light,
            digest,
            per_page=10,
        )
    # The cursor's row, the page's rows (from the cursor, no OFFSET), their places.
    assert len(captured.captured_queries) == 3
    assert not any("OFFSET" in q["sql"] for q in captured.captured_queries)
    assert [row["student"] for row in second.object_list] == [f"Bulk {i:05d}" for i in range(10, 20)]
    back = selectors.run_row_page(
        rf.get("/", {"page": 1, "before": second.first_key}),  # type: ignore[attr-defined]
        light,
        digest,
        per_page=10,
    )
    assert [row["student"] for row in back.object_list] == [f"Bulk {i:05d}" for i in range(10)]
    # Another round's application as a cursor is ignored: the numbered page is shown.
    assert selectors.run_row_page(rf.get("/", {"page": 3, "after": 10**9}), light, digest, per_page=10)


def test_a_deep_page_typed_as_a_number_is_sought_from_its_first_row(
    small_round: SmallRound,
    django_capture_on_commit_callbacks: Callable[..., Any],
    rf: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past SEEK_FROM_PAGE, `?page=N` alone is read from the page's first row (the run's page starts,
    kept in the cache), not counted off with OFFSET; the rows are those the numbered pages show, and a
    renamed applicant is in their new place at once."""
    small_round.place.capacity = 30
    small_round.place.save()
    applications = _populate(small_round, 30)
    run = _published_run(small_round, django_capture_on_commit_callbacks)
    light = selectors.run_for(small_round.viewer_of("manager"), run.pk, light=True)
    digest = selectors.run_digest(light)
    monkeypatch.setattr(run_selectors, "SEEK_FROM_PAGE", 1)
    expected = [[f"Bulk {i:05d}" for i in range(start, start + 4)][: 30 - start] for start in range(0, 30, 4)]
    selectors.run_row_page(rf.get("/", {"page": 2}), light, digest, per_page=4)  # the starts, once
    for number in range(2, 9):
        with CaptureQueriesContext(connection) as captured:
            page = selectors.run_row_page(rf.get("/", {"page": number}), light, digest, per_page=4)
        assert [row["student"] for row in page.object_list] == expected[number - 1]
        # The first row's sort key, the page's rows from it (no OFFSET), their places; the starts cached.
        assert len(captured.captured_queries) == 3
        assert not any("OFFSET" in q["sql"] for q in captured.captured_queries)
    # A change of name moves the applicant, and the page starts are read again.
    applications[0].name_latin = "Zzz Last"
    applications[0].save()
    last = selectors.run_row_page(rf.get("/", {"page": 8}), light, digest, per_page=4)
    assert [row["student"] for row in last.object_list] == ["Bulk 00029", "Zzz Last"]
    first = selectors.run_row_page(rf.get("/", {"page": 1}), light, digest, per_page=4)
    assert [row["student"] for row in first.object_list] == [f"Bulk {i:05d}" for i in range(1, 5)]


def test_the_run_page_links_carry_the_cursor(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., Any], client_as: Any
) -> None:
    small_round.place.capacity = 60
    small_round.place.save()
    applications = _populate(small_round, 60)
    run = _published_run(small_round, django_capture_on_commit_callbacks)
    html = client_as("manager").get(f"/rounds/runs/{run.pk}/").content.decode()
    assert f"after={applications[49].pk}" in html
    html = (
        client_as("manager")
        .get(f"/rounds/runs/{run.pk}/?page=2&after={applications[49].pk}")
        .content.decode()
    )
    assert "Bulk 00050" in html
    assert "Bulk 00049" not in html
    assert f"before={applications[50].pk}" in html


def test_the_comparison_reads_a_page_of_students_and_only_their_rows(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    small_round.place.capacity = 30
    small_round.place.save()
    _populate(small_round, 25)
    small_round.phase(Phase.MATCHING)
    manager = small_round.viewer_of("manager")
    runs = []
    for seed in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):
            runs.append(
                services.run_create(
                    viewer=manager, round_=small_round.round, algorithm="da", proposing="students", seed=seed
                )
            )
    first, second = (selectors.run_for(manager, r.pk, light=True) for r in runs)
    with CaptureQueriesContext(connection) as captured:
        page = selectors.compare_runs(first, second, per_page=10)
    # The page's students, their rows of both runs, the places: not every row of either run.
    assert len(captured.captured_queries) == 3
    assert [row["student"] for row in page["rows"]] == [f"Bulk {i:05d}" for i in range(10)]
    assert page["has_next"]
    assert not page["has_previous"]
    assert all(row["a"] and row["b"] for row in page["rows"])
    seen = [row["student"] for row in page["rows"]]
    while page["has_next"]:
        page = selectors.compare_runs(first, second, QueryDict(f"after={page['last_key']}"), per_page=10)
        assert page["has_previous"]
        seen += [row["student"] for row in page["rows"]]
    assert seen == [f"Bulk {i:05d}" for i in range(25)]
