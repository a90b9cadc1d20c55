"""The readers' list as an Excel workbook (`.xlsx`), read straight from the first sheet.

The same columns as the CSV file (`patrons_csv`), with the same header names; each row's
"line" is its row number in the sheet (the header is row 1). A spreadsheet keeps numbers and
dates as such: a date cell becomes `YYYY-MM-DD`, a whole number its digits (a card number
or phone typed into a number cell), a date cell without a date format its serial number,
which the CSV rules read as a date.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

from rozupe_desk.errors import InvalidInput
from rozupe_desk.formats.patrons_csv import CsvRow, table_rows

ZIP_MAGIC = b"PK\x03\x04"


def is_xlsx(data: bytes) -> bool:
    """Whether the bytes are a zip container (a workbook), not text."""
    return data.startswith(ZIP_MAGIC)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(data: bytes) -> list[CsvRow]:
    """Every data row of the workbook's first sheet with its values by column name."""
    # Only when a workbook is read: openpyxl is slow to import.
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            cells = [[cell_text(value) for value in row]
                     for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as error:
        # A broken workbook fails in zipfile's, openpyxl's or the XML parser's own ways;
        # to the librarian each is the same "cannot be read".
        raise InvalidInput("rimport.xlsx_unreadable", reason=str(error)[:200]) from error
    return table_rows(iter(enumerate(cells, start=1)))
