from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
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


def _viewer(request: HttpRequest, program: int | None):  # type: ignore[no-untyped-def]
    assert isinstance(request.user, User)
    return build_viewer(request.user, program)


@router.get("/programme/indicators", response=list[IndicatorOut], url_name="programme_indicators")
def indicators(request: HttpRequest, program: int | None = None) -> list[IndicatorOut]:
    """The logframe's indicators with their targets and recorded values (the funder may read them)."""
    viewer = _viewer(request, program)
    try:
        elements = selectors.logframe_for(viewer)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return [
        IndicatorOut(
            id=row.indicator.pk,
            level=row.element.level,
            element=row.element.key,
            title=row.indicator.title,
            measure=row.indicator.measure,
            baseline=row.indicator.baseline,
            source=row.indicator.source,
            targets={t.period_end.isoformat(): t.value for t in row.indicator.targets.all()},
            values=[
                ValueOut(period_end=v.period_end, value=v.value, source=v.source)
                for v in row.indicator.values.all()
            ],
        )
        for row in selectors.indicator_rows(elements)
    ]


@router.get("/programme/budget", response=list[BudgetRowOut], url_name="programme_budget")
def budget(request: HttpRequest, program: int | None = None) -> list[BudgetRowOut]:
    """Budget against actual (approved expenses) by JICA category and fiscal year, in yen."""
    viewer = _viewer(request, program)
    try:
        table = selectors.budget_for(viewer)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
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
