from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kakehashi.api.common import Id, LimitOffset, Rows, answers, viewer
from kakehashi.programme import selectors

router = Router(tags=["program management"])


class ValueOut(Schema):
    period_end: date
    value: Decimal | None
    source: str


class IndicatorOut(Schema):
    id: int
    level: str
    element: str
    title: str
    measure: str
    baseline: Decimal | None
    source: str
    targets: dict[str, Decimal]
    values: list[ValueOut]


class BudgetRowOut(Schema):
    category: str
    label: str
    budget: dict[str, int]
    actual: dict[str, int]
    budget_total: int
    actual_total: int
    remaining: int


@router.get(
    "/programme/indicators", response=answers(list[IndicatorOut], 404), url_name="programme_indicators"
)
@paginate(LimitOffset)
def indicators(request: HttpRequest, program: Id | None = None) -> Rows:
    """The logframe's indicators with their targets and recorded values (the funder may read them)."""
    elements = selectors.logframe_for(viewer(request, program))
    return Rows(
        selectors.indicator_rows(elements),
        lambda row: IndicatorOut(
            id=row.indicator.pk,
            level=row.element.level,
            element=row.element.key,
            title=str(row.indicator.title),
            measure=row.indicator.measure,
            baseline=row.indicator.baseline,
            source=row.indicator.source,
            targets={t.period_end.isoformat(): t.value for t in row.indicator.targets.all()},
            values=[
                ValueOut(period_end=v.period_end, value=v.value, source=v.source)
                for v in row.indicator.values.all()
            ],
        ),
    )


@router.get("/programme/budget", response=answers(list[BudgetRowOut], 404), url_name="programme_budget")
def budget(request: HttpRequest, program: Id | None = None) -> list[BudgetRowOut]:
    """Budget against actual (approved expenses) by JICA category and fiscal year, in yen; the last row
    is the total. Whole, not paginated: it is one table of a few categories."""
    table = selectors.budget_for(viewer(request, program))
    return [
        BudgetRowOut(
            category=row.category,
            label=row.label,
            budget={str(y): v for y, v in row.budget.items()},
            actual={str(y): v for y, v in row.actual.items()},
            budget_total=row.budget_total,
            actual_total=row.actual_total,
            remaining=row.remaining,
        )
        for row in [*table.rows, table.total]
    ]
