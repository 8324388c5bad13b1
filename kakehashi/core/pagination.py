"""Pages of a list: by number (?page=), and for the long lists sorted by an indexed key, from the row the
reader last saw (?page=&after= or &before=).

A page by number makes the database count its way past every row of the pages before it: page 4,000 of the
people list read 100,000 rows of the name index to show 25 (168 ms; 1 ms for page 1). From a row, it seeks
that row's place in the index and reads the page alone, whatever the page's number. The Next and Previous
links of `includes/pagination.html` carry the id of the last or first row shown; a number typed in the
address, or a link from elsewhere, still gives its page by number.

The row is found in the list as the reader sees it (the viewer-scoped query), never by its id alone: an id of
a row the reader may not see gives its page by number, so its place in the order is not disclosed."""

from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import HttpRequest

from kakehashi.core.query_params import id_param


def paginate(
    request: HttpRequest,
    items: Any,
    per_page: int | None = None,
    *,
    count: int | None = None,
    from_row: bool = False,
) -> Page[Any]:
    """The page asked for in ?page=, the last one if it is past the end, the first if it is not a number.

    `count`, when the caller knows it (a cached figure), spares the COUNT(*) over the whole list.
    `from_row`: the list is long and ordered by columns an index holds, all ascending or all descending,
    none of them null, ending with the id (e.g. `accounts.models.by_name()`): Next and Previous read the
    page from the row next to it (`?after=` / `?before=`, module docstring)."""
    paginator = Paginator(items, per_page or settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # type: ignore[misc]  # a cached_property: set once, read by the pager
    if from_row:
        # The order is checked on every page, the first included: a list that cannot be read from a row
        # fails in its own tests, not when someone first clicks Next.
        columns, descending = _order_of(items)
        page = _page_from_row(request, paginator, columns, descending)
        if page is not None:
            return page
    page = paginator.get_page(request.GET.get("page"))
    if from_row:
        _mark_rows(page)
    return page


def _page_from_row(
    request: HttpRequest, paginator: Paginator, columns: list[str], descending: bool
) -> Page[Any] | None:
    """The page that follows `?after=` (or precedes `?before=`), numbered `?page=`; None when the address
    names no row of the list, or a number the row cannot have."""
    after, before = id_param(request.GET, "after"), id_param(request.GET, "before")
    if (after is None) == (before is None):
        return None
    try:
        number = paginator.validate_number(request.GET.get("page", ""))
    except (PageNotAnInteger, EmptyPage):
        return None
    if number == 1 and before is None:
        return None  # page 1 follows no row
    items: QuerySet[Any] = paginator.object_list  # type: ignore[assignment]  # from_row: a query
    key = items.filter(pk=after or before).values_list(*columns).first()
    if key is None:  # not in the list as this reader sees it (or gone since): by number
        return None
    row = Tuple(*(F(column) for column in columns))
    forward = after is not None
    if forward != descending:
        rows = items.filter(TupleGreaterThan(row, tuple(key)))
    else:
        rows = items.filter(TupleLessThan(row, tuple(key)))
    # Before a row: the rows just before it, read nearest first, shown in the list's order.
    shown = list(rows[: paginator.per_page]) if forward else list(rows.reverse()[: paginator.per_page])[::-1]
    if not shown:
        return None
    page = Page(shown, number, paginator)
    _mark_rows(page)
    return page


def _order_of(items: QuerySet[Any]) -> tuple[list[str], bool]:
    """The columns the list is ordered by and whether descending; refuses an order a row comparison cannot
    follow (an expression, mixed directions, no id last): a programming error."""
    query = items.query
    given = list(query.order_by or (query.get_meta().ordering or () if query.default_ordering else ()))
    order = [part for part in given if isinstance(part, str)]
    if not order or len(order) != len(given):
        raise ValueError(f"paginate(from_row=True) needs an order by columns, not {given!r}")
    descending = {part.startswith("-") for part in order}
    columns = [part.lstrip("-") for part in order]
    if len(descending) != 1 or columns[-1] not in ("id", "pk"):
        raise ValueError(f"paginate(from_row=True) needs one direction and the id last, not {order!r}")
    return columns, descending.pop()


def _mark_rows(page: Page[Any]) -> None:
    """The ids the Next and Previous links start from (includes/pagination.html)."""
    rows = page.object_list = list(page.object_list)
    if rows:
        page.first_key, page.last_key = rows[0].pk, rows[-1].pk  # type: ignore[attr-defined]
