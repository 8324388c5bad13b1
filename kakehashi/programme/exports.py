"""Every table a person sees downloads as CSV or Excel: the same headers and rows as on the page."""

from collections.abc import Iterable, Sequence
from io import StringIO
from typing import Any

from django.http import HttpResponse

from kakehashi.core.exports import csv_writer, new_workbook, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    fmt: str, name: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    if fmt == "xlsx":
        book = new_workbook()
        sheet = book.active
        assert sheet is not None
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
    if hasattr(value, "is_finite"):  # Decimal
        return float(value)
    return str(value)
