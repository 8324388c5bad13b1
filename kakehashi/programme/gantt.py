"""A Gantt chart as HTML/CSS bars: positions in percent of the program's period."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from kakehashi.accounts.models import Program


@dataclass
class Bar:
    activity: Any
    planned: tuple[int, int] | None  # (left %, width %), whole numbers so CSS classes can carry them
    actual: tuple[int, int] | None
    late: bool


def _span(program: Program, start: date | None, end: date | None) -> tuple[int, int] | None:
    if start is None:
        return None
    total = max((program.ends_on - program.starts_on).days, 1)
    end = end or timezone.localdate()
    left = max(0, min(100, round((start - program.starts_on).days * 100 / total)))
    right = max(left + 1, min(100, round((end - program.starts_on).days * 100 / total)))
    return left, right - left


def gantt(program: Program, activities: list[Any]) -> dict[str, Any]:
    bars = [
        Bar(
            activity=a,
            planned=_span(program, a.planned_start, a.planned_end),
            actual=_span(program, a.actual_start, a.actual_end),
            late=bool(
                a.planned_end
                and (a.actual_end or timezone.localdate()) > a.planned_end
                and not (a.actual_end and a.actual_end <= a.planned_end)
            ),
        )
        for a in activities
    ]
    years = []
    for year in range(program.starts_on.year, program.ends_on.year + 1):
        start = max(date(year, 4, 1), program.starts_on)
        span = _span(program, start, start)
        if span and date(year, 4, 1) <= program.ends_on:
            years.append((f"FY{year}", span[0]))
    today = (
        _span(program, timezone.localdate(), timezone.localdate())
        if program.is_running_on(timezone.localdate())
        else None
    )
    return {"bars": bars, "years": years, "today": today[0] if today else None}
