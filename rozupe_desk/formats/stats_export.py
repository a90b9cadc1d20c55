"""The monthly figures as CSV and XLSX for the central library's spreadsheets.

One row per indicator: its id (as in `stats --json`), its Latvian (or English) name, the
month, the same month a year earlier and the year to date. CSV is UTF-8 with a BOM (so
Excel reads the Latvian letters), comma-separated, decimal point; XLSX holds numbers as
numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rozupe_desk.errors import DomainError
from rozupe_desk.formats import cells
from rozupe_desk.i18n import tr
from rozupe_desk.services.statistics.stats import INDICATORS

if TYPE_CHECKING:
    from rozupe_desk.services.statistics.stats import Figures


def table(columns: Sequence[tuple[str, Figures]]) -> list[list]:
    """Header plus one row per indicator for the named figure columns."""
    rows: list[list] = [[tr("export.col.id"), tr("report.col.indicator"),
                         *(title for title, _ in columns)]]
    for key in INDICATORS:
        rows.append([key, tr(f"stats.{key}"), *(figures[key] for _, figures in columns)])
    return rows


def write_csv(columns: Sequence[tuple[str, Figures]], path: Path) -> Path:
    try:
        with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(cells.csv_row(row) for row in table(columns))
    except OSError as error:
        raise DomainError("report.cannot_write", path=str(path), reason=error.strerror) from error
    return Path(path)


def write_xlsx(columns: Sequence[tuple[str, Figures]], path: Path, *, title: str = "") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = tr("export.sheet")[:31]
    offset = 0
    if title:
        cells.set_xlsx_cell(sheet["A1"], title)  # the library's name: text, never a formula
        sheet["A1"].font = Font(bold=True, size=13)
        offset = 2
    for number, row in enumerate(table(columns), offset + 1):
        for column, value in enumerate(row, 1):
            cells.set_xlsx_cell(sheet.cell(number, column), value)
    for cell in sheet[offset + 1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for key, places in (("loans_per_user", 2), ("visits_per_user", 2), ("turnover", 3)):
        row = offset + 2 + INDICATORS.index(key)
        for cell in sheet[row][2:]:
            cell.number_format = "0." + "0" * places
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 52
    for letter in "CDEFGHIJKLMNOP"[:len(columns)]:
        sheet.column_dimensions[letter].width = 18
    try:
        book.save(str(path))
    except OSError as error:
        raise DomainError("report.cannot_write", path=str(path), reason=error.strerror) from error
    return Path(path)
