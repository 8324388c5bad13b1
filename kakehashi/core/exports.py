"""The one door for every CSV and Excel file the platform writes.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or carriage return, may
still read it as one) as a formula: a student's name `=HYPERLINK("http://…","x")` would become a live link
in the office's copy. Text cells that start so get a leading single quote, which spreadsheets show as text.
Numbers, dates and empty cells stay as they are (a negative number is a number, not text).

Everything that writes CSV uses `csv_writer`; every workbook is made by `new_workbook`, whose `save`
neutralises every text cell, however it was filled. A test fails if csv.writer or Workbook() is used
anywhere else.

Dates and times go into workbooks as real Excel dates (sortable, filterable), with a number format that
shows them: a date "yyyy-mm-dd", a time of day "yyyy-mm-dd hh:mm". Excel has no time zones, so an aware
datetime is written as the wall-clock time of the current time zone (the requester's, where a view
activated it). CSV writes them in ISO form. Lazy translations are written as the text of the active
language.
"""

import csv
import datetime
import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_DATE = "yyyy-mm-dd"
EXCEL_DATETIME = "yyyy-mm-dd hh:mm"


def excel_value(value: Any) -> Any:
    """The value as an Excel cell holds it: an aware datetime as the current zone's wall-clock time
    (Excel has no zones), a lazy translation as its text, anything else as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    if isinstance(value, Promise):
        return str(value)
    return value


def excel_format(value: Any) -> str | None:
    """The number format that shows a date or time as one (None for other values)."""
    if isinstance(value, datetime.datetime):
        return EXCEL_DATETIME
    if isinstance(value, datetime.date):
        return EXCEL_DATE
    return None


def csv_value(value: Any) -> Any:
    """A date or time in ISO form for a CSV file (a time of day in the current zone, to the minute)."""
    if isinstance(value, datetime.datetime):
        return excel_value(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should receive it: text that could run as a formula starts with '."""
    if value is None or isinstance(
        value, bool | int | float | Decimal | datetime.date | datetime.time | datetime.timedelta
    ):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeCsvWriter:
    """csv.writer whose rows pass through safe_cell."""

    def __init__(self, stream: IO[str] | Any) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(["" if v is None else safe_cell(csv_value(excel_value(v))) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str] | Any) -> SafeCsvWriter:
    return SafeCsvWriter(stream)


class SafeWorkbook(Workbook):
    """An openpyxl workbook that neutralises every text cell (and any formula) when it is saved."""

    def save(self, filename: Any) -> None:
        for sheet in self.worksheets:
            for row in sheet.iter_rows():  # type: ignore[union-attr]
                for cell in row:
                    if cell.data_type == "f" or (cell.data_type == "s" and isinstance(cell.value, str)):
                        cell.value = safe_cell(cell.value)
                    elif isinstance(cell.value, datetime.date):
                        # Real Excel dates: an aware time as the zone's wall clock, shown as a date.
                        cell.value = excel_value(cell.value)
                        if cell.number_format in ("General", "yyyy-mm-dd h:mm:ss", "yyyy-mm-dd"):
                            cell.number_format = excel_format(cell.value) or cell.number_format
        super().save(filename)


def new_workbook() -> SafeWorkbook:
    return SafeWorkbook()


def workbook_bytes(book: SafeWorkbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Line:
    """A file-like object whose write returns what it was given: one CSV line at a time for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The rows as CSV text, one line at a time, for a StreamingHttpResponse: the file is never held whole."""
    writer = csv_writer(_Line())
    for row in rows:
        yield writer.writerow(row)


class SafeWriteOnlySheet:
    """A write-only sheet whose appended rows pass through safe_cell (write-only sheets cannot be read back)."""

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet

    @property
    def title(self) -> str:
        return str(self._sheet.title)

    @title.setter
    def title(self, value: str) -> None:
        self._sheet.title = value

    @property
    def freeze_panes(self) -> Any:
        return self._sheet.freeze_panes

    @freeze_panes.setter
    def freeze_panes(self, value: str) -> None:
        self._sheet.freeze_panes = value

    def append(self, row: Iterable[Any]) -> None:
        cells: list[Any] = []
        for value in row:
            value = safe_cell(excel_value(value))
            number_format = excel_format(value)
            if number_format is None:
                cells.append(value)
            else:
                cell = WriteOnlyCell(self._sheet, value=value)
                cell.number_format = number_format
                cells.append(cell)
        self._sheet.append(cells)


class SafeWriteOnlyWorkbook:
    """An openpyxl workbook in write-only mode: rows go to a temporary file as they are appended, so a large
    sheet never sits in memory, and every text cell is neutralised on the way in."""

    def __init__(self) -> None:
        self._book = Workbook(write_only=True)

    def create_sheet(self, title: str) -> SafeWriteOnlySheet:
        return SafeWriteOnlySheet(self._book.create_sheet(title=title))

    def save(self, filename: Any) -> None:
        self._book.save(filename)


def new_write_only_workbook() -> SafeWriteOnlyWorkbook:
    return SafeWriteOnlyWorkbook()


def sheet_name(title: Any) -> str:
    """A sheet's name as Excel accepts it: 31 characters at most, none of []:*?/\\."""
    return "".join(" " if c in "[]:*?/\\" else c for c in str(title))[:31] or "Sheet"


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(
    rows: Iterable[Iterable[Any]], *, fmt: str, filename: str, sheet_title: str = "Sheet"
) -> Any:
    """A download of the rows (the first one the header) that never holds the table in memory: CSV streams
    line by line as the rows are produced; Excel is written in write-only mode to a temporary file, which is
    then streamed. `filename` has no extension; `fmt` is "csv" or "xlsx"."""
    import tempfile

    from django.http import FileResponse, StreamingHttpResponse

    if fmt == "csv":
        # A byte-order mark first, so that Excel opens the UTF-8 file with its Japanese and Cyrillic intact.
        lines = itertools.chain(["\ufeff"], csv_lines(rows))
        response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    book = new_write_only_workbook()
    sheet = book.create_sheet(sheet_name(sheet_title))
    sheet.freeze_panes = "B2"
    for row in rows:
        sheet.append(row)
    spool = tempfile.TemporaryFile()  # noqa: SIM115  # the response closes it once sent
    book.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=CONTENT_TYPES["xlsx"]
    )
