from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: Any, per_page: int | None = None, *, count: int | None = None
) -> Page[Any]:
    """The page asked for in ?page=, the last one if it is past the end, the first if it is not a number.

    `count`, when the caller knows it (a cached figure), spares the COUNT(*) over the whole list."""
    paginator = Paginator(items, per_page or settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # type: ignore[misc]  # a cached_property: set once, read by the pager
    return paginator.get_page(request.GET.get("page"))
