"""The loan slip (izsniegumu kvīts): the library, the reader, her loans and due dates.

A6 pages, so it prints on a small printer or four to an A4 sheet; a long list flows on to
the next page. Takes plain data (`services.circulation.desk.SlipData`), never the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from rozupe_desk.i18n import tr
from rozupe_desk.reports.fonts import SANS, SANS_BOLD, register_fonts
from rozupe_desk.reports.safe_text import NAME, escape

if TYPE_CHECKING:
    from rozupe_desk.services.circulation.desk import SlipData


def _day(value) -> str:
    return f"{value:%d.%m.%Y}."


def build_loan_slip(data: SlipData, path: str | Path) -> Path:
    """Write the slip as a PDF at `path`; returns the path."""
    register_fonts()
    path = Path(path)
    normal = ParagraphStyle("slip", fontName=SANS, fontSize=8, leading=10)
    small = ParagraphStyle("slipSmall", parent=normal, fontSize=6.5, leading=8,
                           textColor=colors.HexColor("#444444"))
    heading = ParagraphStyle("slipHeading", parent=normal, fontName=SANS_BOLD, fontSize=10,
                             leading=12)
    title = ParagraphStyle("slipTitle", parent=heading, fontSize=12, leading=15, spaceBefore=4)
    # An A6 slip holds little: every text of the librarian's is kept to a name's length.
    story = [Paragraph(escape(data.library_name or tr("app.no_library_name"), NAME), heading)]
    contact = ", ".join(part for part in (data.library_address, data.library_phone) if part)
    if contact:
        story.append(Paragraph(escape(contact, NAME), small))
    story += [
        Paragraph(escape(tr("slip.title")), title),
        Paragraph(escape(tr("slip.printed", day=_day(data.printed_on))), small),
        Spacer(1, 2 * mm),
        Paragraph(escape(tr("slip.reader", name=data.reader_name[:NAME],
                            card=data.card_number[:NAME])),
                  normal),
        Spacer(1, 2 * mm),
    ]
    if data.loans:
        rows = [[Paragraph(escape(tr("slip.col_no")), small),
                 Paragraph(escape(tr("slip.col_title")), small),
                 Paragraph(escape(tr("slip.col_due")), small)]]
        for number, loan in enumerate(data.loans, 1):
            cell = [Paragraph(escape(loan.title, NAME), normal),
                    Paragraph(escape(" · ".join(p for p in (loan.authors, loan.barcode) if p),
                                     NAME), small)]
            rows.append([Paragraph(str(number), normal), cell,
                         Paragraph(escape(_day(loan.due_on)), normal)])
        table = Table(rows, colWidths=[6 * mm, 58 * mm, 19 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ]))
        story.append(table)
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph(escape(tr("slip.count", count=len(data.loans))), normal))
    else:
        story.append(Paragraph(escape(tr("slip.no_loans")), normal))
    story += [Spacer(1, 3 * mm), Paragraph(escape(tr("slip.footer")), small)]
    document = SimpleDocTemplate(
        str(path), pagesize=A6, leftMargin=8 * mm, rightMargin=8 * mm, topMargin=8 * mm,
        bottomMargin=8 * mm, title=tr("slip.title"), author=data.library_name,
        creator="Rožupe Desk")
    document.build(story)
    return path
