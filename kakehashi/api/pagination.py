"""Pagination of the API's lists: `?limit=&offset=`, answered as {items, count, next, previous}.

A view decorated with `@paginate(LimitOffset)` returns `Rows(queryset, to_out)`: the query is counted and
sliced here, and only the rows of the page are turned into their schema.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
# Far beyond any list here, and inside what every database accepts as an offset.
MAX_OFFSET = 1_000_000_000


class Rows:
    """Rows of a list and how to turn one into its schema, so that only one page is built."""

    def __init__(self, rows: QuerySet[Any] | Sequence[Any], to_out: Callable[[Any], Any] = lambda row: row):
        self.rows = rows
        self.to_out = to_out

    def count(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    def page(self, offset: int, limit: int) -> list[Any]:
        return [self.to_out(row) for row in self.rows[offset : offset + limit]]


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Rows in the whole list, all pages together.")
        next: str | None = Field(description="The address of the next page, or null on the last one.")
        previous: str | None = Field(description="The address of the previous page, or null on the first.")

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        rows = queryset if isinstance(queryset, Rows) else Rows(queryset)
        limit, offset = pagination.limit, pagination.offset
        count = rows.count()
        return {
            "items": rows.page(offset, limit),
            "count": count,
            "next": _page_url(request, limit, offset + limit) if offset + limit < count else None,
            "previous": _page_url(request, limit, max(0, offset - limit)) if offset > 0 else None,
        }


def _page_url(request: HttpRequest, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return f"{request.path}?{query.urlencode()}"
