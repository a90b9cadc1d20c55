"""Shared pieces of the collection's A4 documents (discard act, stocktaking report, local
heritage list): paragraph styles in DejaVu, a document with page numbers, a table style."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, TableStyle

from rozupe_desk.i18n import current_language, tr
from rozupe_desk.reports import fonts
from rozupe_desk.reports.safe_text import CELL, NAME, PARAGRAPH, escape

MONTHS_GENITIVE = ("janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs",
                   "augusts", "septembris", "oktobris", "novembris", "decembris")


def styles() -> dict[str, ParagraphStyle]:
    fonts.register_fonts()
    body = ParagraphStyle("body", fontName=fonts.SANS, fontSize=10, leading=13)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle("cell_right", parent=body, fontSize=8.5, leading=10.5,
                                     alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=body, fontName=fonts.SANS_BOLD, fontSize=8.5,
                               leading=10.5),
        "library": ParagraphStyle("library", parent=body, fontName=fonts.SANS_BOLD,
                                  fontSize=11, leading=14),
        "title": ParagraphStyle("title", parent=body, fontName=fonts.SANS_BOLD, fontSize=14,
                                leading=18, alignment=TA_CENTER, spaceBefore=8, spaceAfter=8),
        "section": ParagraphStyle("section", parent=body, fontName=fonts.SANS_BOLD,
                                  fontSize=11, leading=14, spaceBefore=10, spaceAfter=4),
    }


def long_date(day: date) -> str:
    """`2026. gada 25. novembris` in Latvian; ISO elsewhere."""
    if current_language() == "lv":
        return f"{day.year}. gada {day.day}. {MONTHS_GENITIVE[day.month - 1]}"
    return day.strftime("%d %B %Y")


def euro(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{cents // 100},{cents % 100:02d}" if current_language() == "lv" else (
        f"{cents // 100}.{cents % 100:02d}")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
          *, right: Sequence[int] = ()) -> LongTable:
    """A table whose header repeats on every page; `right` columns are right-aligned."""
    st = styles()
    data = [[Paragraph(text, st["head"]) for text in header]]
    for row in rows:
        data.append([Paragraph(escape(text, CELL),
                               st["cell_right"] if i in right else st["cell"])
                     for i, text in enumerate(row)])
    result = LongTable(data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return result


def paragraph(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text, NAME if style == "library" else PARAGRAPH), styles()[style])


def build(path: str | Path, story: list[Flowable], *, title: str) -> Path:
    """Write the story as an A4 PDF with `page N` at the foot of every page."""
    fonts.register_fonts()
    path = Path(path)

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(fonts.SANS, 8)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm,
                               tr("catalog.pdf_page", page=document.page))
        canvas.restoreState()

    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm,
                                 rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
                                 title=title, author=tr("app.name"))
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return path
