from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from kakehashi.core import times

register = template.Library()


@register.filter
def in_zone(value: datetime, zone: str) -> str:
    """{{ session.starts_at|in_zone:"Asia/Ulaanbaatar" }}: the wall-clock time there in the page's language,
    the zone named: "2026 оны 12 сарын 15, 10:00 (Улаанбаатар)"."""
    return times.wall(value, zone)


@register.filter
def score_cells(scores: list[int | None]) -> SafeString:
    """One <td> per score (integers, or an en dash when there is none): the gradebook has 20,000 cells,
    too many for a template loop to render quickly."""
    return mark_safe("".join(f"<td>{int(s)}</td>" if s is not None else "<td>–</td>" for s in scores))  # noqa: S308  # nosec: integers only
