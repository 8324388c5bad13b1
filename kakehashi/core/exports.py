"""The one door for every CSV and Excel file the platform writes.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or carriage return, may
still read it as one) as a formula: a student's name `=HYPERLINK("http://…","x")` would become a live link
in the office's copy. Text cells that start so get a leading single quote, which spreadsheets show as text.
Numbers, dates and empty cells stay as they are (a negative number is a number, not text).

Everything that writes CSV uses `csv_writer`; every workbook is made by `new_workbook`, whose `save`
neutralises every text cell, however it was filled. A test fails if csv.writer or Workbook() is used
anywhere else.
"""

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO
from typing import IO, Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
        return self._writer.writerow(["" if v is None else safe_cell(v) for v in row])

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
        super().save(filename)


def new_workbook() -> SafeWorkbook:
    return SafeWorkbook()


def workbook_bytes(book: SafeWorkbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
