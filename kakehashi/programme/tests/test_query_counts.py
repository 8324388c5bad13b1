"""The dashboard and the expense list keep a fixed number of queries whatever the number of expenses."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.accounts.models import Program
from kakehashi.core.numbers import JPY, format_money
from kakehashi.core.permissions import build_viewer
from kakehashi.programme import services
from kakehashi.programme.models import Expense, ExpenseStatus, fiscal_year_of
from kakehashi.programme.selectors import budget_table, spending_changed

pytestmark = pytest.mark.django_db

BUDGETS = {"/programme/": 17, "/programme/expenses/": 9, "/programme/expenses/?status=approved&q=a": 9}


def add_expenses(count: int) -> None:
    program = Program.objects.get(key="jica-dx-2024")
    day = date(2025, 4, 1)
    Expense.objects.bulk_create(
        Expense(
            program=program,
            spent_on=day + timedelta(days=i % 300),
            fiscal_year=fiscal_year_of(day + timedelta(days=i % 300)),
            category="equipment",
            description=f"Bulk {i}",
            payee="A supplier",
            amount=Decimal(1000),
            amount_jpy=1000,
            status=ExpenseStatus.APPROVED,
        )
        for i in range(count)
    )
    spending_changed()  # a bulk insert sends no signal


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", list(BUDGETS))
def test_the_number_of_queries_does_not_grow_with_the_data(
    client_as, django_assert_max_num_queries, url: str
) -> None:
    accountant = client_as("accountant")
    queries_for(accountant, url)
    add_expenses(10)
    small = queries_for(accountant, url)
    add_expenses(1000)
    with django_assert_max_num_queries(BUDGETS[url]):
        large = queries_for(accountant, url)
    assert large == small, f"{url}: {small} queries with few expenses, {large} with many"


def expense_sums(queries) -> int:  # type: ignore[no-untyped-def]
    return sum('"programme_expense"' in q["sql"] and "SUM(" in q["sql"] for q in queries)


def test_the_dashboards_spending_is_counted_once_until_an_expense_changes(client_as, demo_user) -> None:
    funder = client_as("funder")
    add_expenses(5)
    funder.get("/programme/")
    with CaptureQueriesContext(connection) as again:
        funder.get("/programme/")
    assert expense_sums(again.captured_queries) == 0
    spent = budget_table(Program.objects.get(key="jica-dx-2024")).total.actual_total
    # The accountant approves an expense (an UPDATE guarded by its version, which sends no signal).
    waiting = Expense.objects.filter(status=ExpenseStatus.ENTERED).order_by("pk").first()
    assert waiting is not None
    services.expense_approve(
        viewer=build_viewer(demo_user("accountant")), expense=waiting, version=waiting.version
    )
    with CaptureQueriesContext(connection) as changed:
        response = funder.get("/programme/")
    assert expense_sums(changed.captured_queries) == 2
    # The tile "Spent", drawn again with the approved expense.
    assert format_money(spent + waiting.amount_jpy, JPY) in response.content.decode()


def logframe_reads(queries) -> int:  # type: ignore[no-untyped-def]
    return sum(
        '"programme_logframeelement"' in q["sql"] or '"programme_indicatorvalue"' in q["sql"] for q in queries
    )


def test_the_dashboards_logframe_is_read_once_until_a_value_or_target_changes(client_as, demo_user) -> None:
    from kakehashi.programme.models import Indicator

    office = client_as("manager")
    office.get("/programme/")
    with CaptureQueriesContext(connection) as again:
        office.get("/programme/")
    assert logframe_reads(again.captured_queries) == 0
    manager = build_viewer(demo_user("manager"))
    indicator = Indicator.objects.filter(element__program=manager.program).order_by("pk").first()
    assert indicator is not None
    services.indicator_value_enter(
        viewer=manager,
        indicator=indicator,
        period_end=date(2031, 3, 31),
        value=Decimal("987654"),
        evidence="Count",
    )
    with CaptureQueriesContext(connection) as entered:
        page = (
            office.get("/programme/indicators/").content.decode() + office.get("/programme/").content.decode()
        )
    assert logframe_reads(entered.captured_queries) == 2  # read again once, then kept
    assert "987,654" in page
    services.indicator_save(viewer=manager, indicator=indicator, targets={date(2031, 3, 31): None})
    with CaptureQueriesContext(connection) as saved:
        office.get("/programme/")
    assert logframe_reads(saved.captured_queries) == 2
