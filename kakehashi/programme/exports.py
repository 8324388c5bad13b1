"""Every table a person sees downloads as CSV or Excel: the same headers and rows as on the page, in the
requester's language (the sheet named by `title`), dates as real Excel dates (ISO dates in CSV)."""

import datetime
from collections.abc import Iterable, Sequence
from io import StringIO
from typing import Any

from django.http import HttpResponse

from kakehashi.core.exports import csv_writer, new_workbook, sheet_name, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    fmt: str, name: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], title: Any = ""
) -> HttpResponse:
    if fmt == "xlsx":
        book = new_workbook()
        sheet = book.active
        assert sheet is not None
        if title:
            sheet.title = sheet_name(title)
        sheet.freeze_panes = "A2"
        sheet.append([str(h) for h in headers])
        for row in rows:
            sheet.append([_cell(v) for v in row])
        response = HttpResponse(workbook_bytes(book), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    text = StringIO()
    writer = csv_writer(text)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    # A byte-order mark, so that Excel opens Japanese and Cyrillic text correctly.
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return "" if value is None else value
    if isinstance(value, datetime.date):
        return value  # a real date in Excel (kakehashi.core.exports gives it its format), ISO in CSV
    if hasattr(value, "is_finite"):  # Decimal
        return float(value)
    return str(value)
