"""The report of a reading programme as XLSX for the central library's spreadsheets: one
sheet of groups (experts, questionnaires, finished) and one of books (loans, votes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rozupe_desk.i18n import tr

if TYPE_CHECKING:
    from rozupe_desk.services.programmes.documents import ProgrammeReport


def write_report(data: ProgrammeReport, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    groups = book.active
    groups.title = tr("programmes.xlsx.groups")[:31]
    groups.append([data.programme.name])
    groups["A1"].font = Font(bold=True, size=13)
    groups.append([])
    groups.append([tr("programmes.col.group"), tr("programmes.col.experts"),
                   tr("programmes.col.children"), tr("programmes.col.adults"),
                   tr("programmes.col.questionnaires"), tr("programmes.col.finished")])
    for line in data.groups:
        groups.append([line.name, line.experts, line.children, line.adults,
                       line.questionnaires, line.finished])
    totals = data.totals
    groups.append([tr("programmes.total"), totals.experts, totals.children, totals.adults,
                   totals.questionnaires, totals.finished])
    books = book.create_sheet(tr("programmes.xlsx.books")[:31])
    books.append([tr("programmes.col.group"), tr("programmes.col.book"),
                  tr("programmes.col.authors"), tr("programmes.col.loans"),
                  tr("programmes.col.expert_loans"), tr("programmes.col.readers"),
                  tr("programmes.col.votes"), tr("programmes.col.average")])
    for line in data.books:
        books.append([line.group, line.title, line.authors, line.loans, line.expert_loans,
                      line.readers, line.votes, line.average])
    for sheet, header_row in ((groups, 3), (books, 1)):
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 14
        sheet.column_dimensions["B"].width = 40 if sheet is books else 12
    book.save(path)
    return path
