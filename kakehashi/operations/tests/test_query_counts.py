"""The round board keeps a fixed number of queries whatever the number of cases."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kakehashi.accounts.models import Organization, Program, User
from kakehashi.operations.models import InternCase, StayRecord, SupportTask, TaskStatus
from kakehashi.operations.services import support_items_ensure

pytestmark = pytest.mark.django_db
BOARD_BUDGET = 14
ROUND = 555


def add_cases(count: int) -> None:
    """`count` cases of one round arriving next month, with the full checklist, some items blocked."""
    program = Program.objects.get(key="jica-dx-2024")
    hosts = list(Organization.objects.filter(kind="host_company"))
    college = Organization.objects.get(key="must-kosen")
    city = Organization.objects.get(key="nagaoka-city")
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"intern{start + i}@example.mn", name_latin=f"Intern {start + i}") for i in range(count)
    )
    arrival = timezone.localdate() + timedelta(days=30)
    cases = InternCase.objects.bulk_create(
        InternCase(
            program=program,
            intern=user,
            college=college,
            host=hosts[i % len(hosts)],
            arrival_on=arrival,
            departure_on=arrival + timedelta(days=13),
            route="short_term_stay",
            round_ref=ROUND,
        )
        for i, user in enumerate(users)
    )
    StayRecord.objects.bulk_create(StayRecord(case=case) for case in cases)
    items = support_items_ensure(program)
    SupportTask.objects.bulk_create(
        SupportTask(
            case=case,
            item=item,
            owner=city,
            due_on=arrival + timedelta(days=item.due_days),
            status=TaskStatus.BLOCKED if (i + j) % 7 == 0 else TaskStatus.TODO,
            blocked_reason="Waiting" if (i + j) % 7 == 0 else "",
        )
        for i, case in enumerate(cases)
        for j, item in enumerate(items)
    )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url", [f"/operations/board/?round={ROUND}", f"/operations/board/?round={ROUND}&blocked=1"]
)
def test_the_board_does_not_grow_with_the_number_of_cases(client_as, url: str) -> None:
    manager = client_as("manager")
    queries_for(manager, url)
    add_cases(10)
    small = queries_for(manager, url)
    add_cases(990)
    assert InternCase.objects.filter(round_ref=ROUND).count() == 1000
    large = queries_for(manager, url)
    assert large == small, f"{url}: {small} queries with 10 cases, {large} with 1,000"
    assert large <= BOARD_BUDGET


@pytest.mark.parametrize("url", ["/operations/", "/operations/alerts/", "/operations/evaluations/"])
def test_lists_stay_within_budget(client_as, url: str) -> None:
    manager = client_as("manager")
    queries_for(manager, url)
    add_cases(10)
    small = queries_for(manager, url)
    add_cases(200)
    assert queries_for(manager, url) == small


def test_the_board_draws_a_few_items_a_case_and_links_to_the_others(client_as) -> None:
    from kakehashi.operations.selectors import BOARD_ITEMS_SHOWN

    add_cases(3)
    case = InternCase.objects.filter(round_ref=ROUND).order_by("pk").first()
    assert case is not None
    open_items = SupportTask.objects.filter(case=case).exclude(status=TaskStatus.DONE).count()
    assert open_items > BOARD_ITEMS_SHOWN
    html = client_as("manager").get(f"/operations/board/?round={ROUND}").content.decode()
    row = html[html.index(case.get_absolute_url()) :]
    row = row[: row.index("</tr>")]
    assert row.count('class="chip') == BOARD_ITEMS_SHOWN
    # The blocked items first.
    blocked = SupportTask.objects.filter(case=case, status=TaskStatus.BLOCKED).count()
    assert row.count("chip status-blocked") == min(blocked, BOARD_ITEMS_SHOWN)
    assert row.index("status-blocked") < row.index("status-todo")
    assert f"+{open_items - BOARD_ITEMS_SHOWN} more" in row


def test_the_boards_chips_escape_what_people_wrote(client_as) -> None:
    add_cases(1)
    case = InternCase.objects.filter(round_ref=ROUND).order_by("pk").first()
    assert case is not None
    task = SupportTask.objects.filter(case=case, status=TaskStatus.BLOCKED).select_related("item").first()
    assert task is not None
    task.item.title = {"en": '<img src=x onerror="alert(1)"> Residence card & "SIM"'}
    task.item.save()
    html = client_as("manager").get(f"/operations/board/?round={ROUND}").content.decode()
    assert "<img src=x" not in html
    # Escaped, and cut to 32 characters with an ellipsis (the whole title is on the case page).
    assert ">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; … – blocked</span>" in html


def test_the_boards_figures_by_owner_are_cached_until_an_item_changes(client_as) -> None:
    from kakehashi.operations.selectors import board_changed

    add_cases(3)
    board_changed()  # add_cases writes in bulk, as the services then say themselves
    manager = client_as("manager")
    manager.get(f"/operations/board/?round={ROUND}")
    with CaptureQueriesContext(connection) as cached:
        response = manager.get(f"/operations/board/?round={ROUND}")
    assert not any("COUNT(" in q["sql"] and "FILTER" in q["sql"] for q in cached.captured_queries)
    blocked_before = sum(row["blocked"] for row in response.context["by_owner"])
    task = SupportTask.objects.filter(case__round_ref=ROUND, status=TaskStatus.TODO).first()
    assert task is not None
    task.status = TaskStatus.BLOCKED
    task.save()
    response = manager.get(f"/operations/board/?round={ROUND}")
    assert sum(row["blocked"] for row in response.context["by_owner"]) == blocked_before + 1


def test_each_board_row_names_its_cells_in_the_readers_language_and_escapes_names(client_as) -> None:
    """On a phone each intern is a card whose values follow their column's name (`data-label`)."""
    add_cases(1)
    case = InternCase.objects.filter(round_ref=ROUND).order_by("pk").first()
    assert case is not None
    User.objects.filter(pk=case.intern_id).update(
        family_name_latin="<b>Bold</b>", given_name_latin="Bat", name_latin="Bat <b>Bold</b>"
    )
    html = client_as("manager", "ja").get(f"/operations/board/?round={ROUND}").content.decode()
    row = html[html.index(f'<a href="{case.get_absolute_url()}">') :]
    row = row[: row.index("</tr>")]
    for label in ("受入企業", "来日日", "協定書", "未完了項目"):
        assert f'data-label="{label}"' in row, label
    assert "<b>" not in row.lower()
    assert "&lt;b&gt;bold&lt;/b&gt;" in row.lower()  # (a family name is shown in capitals)


def test_the_boards_number_of_cases_is_kept_until_a_case_changes(client_as) -> None:
    from django.test import override_settings

    from kakehashi.operations.selectors import board_changed

    add_cases(3)
    board_changed()
    manager = client_as("manager")
    url = f"/operations/board/?round={ROUND}"

    def counts_cases(queries: CaptureQueriesContext) -> bool:
        return any(
            q["sql"].startswith("SELECT COUNT(")
            and '"operations_interncase"' in q["sql"].split("FROM", 1)[1][:40]
            for q in queries.captured_queries
        )

    with override_settings(PAGE_SIZE=2):
        with CaptureQueriesContext(connection) as counted:
            first = manager.get(url)
        assert counts_cases(counted)
        with CaptureQueriesContext(connection) as again:
            manager.get(url)
        assert not counts_cases(again)
        assert first.context["page"].paginator.count == 3
        # A case cancelled (saved: the signal forgets the board's figures) leaves the count at once.
        case = InternCase.objects.filter(round_ref=ROUND).order_by("pk").first()
        assert case is not None
        case.cancelled = True
        case.save()
        assert manager.get(url).context["page"].paginator.count == 2


def test_the_board_lists_interns_by_arrival_then_name_and_follows_a_rename(client_as) -> None:
    """Ordered by the cases' copies of the interns' sort keys (accounts.sort_key_copies)."""
    from kakehashi.accounts.services import name_update

    add_cases(3)
    cases = list(InternCase.objects.filter(round_ref=ROUND).select_related("intern").order_by("pk"))
    url = f"/operations/board/?round={ROUND}"

    def shown() -> list[int]:
        return [case.pk for case in client_as("manager").get(url).context["page"].object_list]

    by_name = sorted(cases, key=lambda case: case.intern.sort_key_en)
    assert shown() == [case.pk for case in by_name]
    first = by_name[0]
    name_update(user=first.intern, family_name_latin="Zorig", given_name_latin="Anu")
    assert shown() == [case.pk for case in by_name[1:]] + [first.pk]
