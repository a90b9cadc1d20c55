"""A reader's own data on request (GDPR right of access) as a PDF: who they are to the
library, their consents, family links, loans, reservations and visits on record.

Takes the plain data of `services.readers.privacy.patron_data`; knows nothing of the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from rozupe_desk.i18n import tr
from rozupe_desk.reports.fonts import SANS, SANS_BOLD, register_fonts
from rozupe_desk.reports.safe_text import CELL, PARAGRAPH, escape

_READER_FIELDS = ("card_number", "first_name", "last_name", "birth_date", "birth_year",
                  "phone", "email", "address", "village", "category", "registered_on",
                  "reregistered_year", "guardian_card", "consent_data_on", "consent_photo_on",
                  "notes")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=SANS, fontSize=9.5, leading=12.5)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=SANS_BOLD, fontSize=16,
                                leading=20, spaceAfter=4),
        "heading": ParagraphStyle("heading", parent=base, fontName=SANS_BOLD, fontSize=11.5,
                                  leading=15, spaceBefore=8, spaceAfter=4),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
    }


def _text(value: Any, limit: int = PARAGRAPH) -> str:
    if value is None or value == "":
        return "—"
    return escape(value, limit)


def _table(rows: list[list[str]], widths: list[float], styles: dict, *, header: bool) -> Table:
    cells = [[Paragraph(_text(cell, CELL), styles["base"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")))
    table.setStyle(TableStyle(commands))
    return table


def build(data: dict[str, Any], path: str | Path) -> Path:
    """Write the reader's data to a PDF at `path`."""
    register_fonts()
    path = Path(path)
    styles = _styles()
    reader = data["reader"]
    library = data["library"]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm,
                            title=tr("reader_data.title"), author=library.get("name") or "")
    width = A4[0] - 36 * mm
    story: list = [
        Paragraph(_text(tr("reader_data.title")), styles["title"]),
        Paragraph(_text(tr("reader_data.intro", library=library.get("name") or "",
                           date=data["generated_on"])), styles["base"]),
        Paragraph(_text(" · ".join(v for v in (library.get("address"), library.get("phone"),
                                               library.get("email")) if v)), styles["small"]),
        Paragraph(_text(tr("reader_data.section.reader")), styles["heading"]),
    ]
    story.append(_table([[tr(f"reader_data.field.{name}"), _field_value(name, reader[name])]
                         for name in _READER_FIELDS], [55 * mm, width - 55 * mm], styles,
                        header=False))
    if data["family"]:
        story.append(Paragraph(_text(tr("reader_data.section.family")), styles["heading"]))
        story.append(_table(
            [[tr("reader_data.col.card"), tr("reader_data.col.name"),
              tr("reader_data.col.relation")]]
            + [[m["card_number"], m["name"], tr(f"patrons.relation.{m['relation']}")]
               for m in data["family"]], [35 * mm, 80 * mm, width - 115 * mm], styles,
            header=True))
    story.append(Paragraph(_text(tr("reader_data.section.loans", count=len(data["loans"]))),
                           styles["heading"]))
    if data["loans"]:
        story.append(_table(
            [[tr("reader_data.col.issued"), tr("reader_data.col.returned"),
              tr("reader_data.col.barcode"), tr("reader_data.col.title")]]
            + [[loan["issued_at"][:10], (loan["returned_at"] or "")[:10], loan["barcode"],
                f"{loan['title']} ({loan['authors']})" if loan["authors"] else loan["title"]]
               for loan in data["loans"]],
            [24 * mm, 24 * mm, 26 * mm, width - 74 * mm], styles, header=True))
    else:
        story.append(Paragraph(_text(tr("reader_data.none")), styles["base"]))
    story.append(Paragraph(_text(tr("reader_data.section.holds", count=len(data["holds"]))),
                           styles["heading"]))
    if data["holds"]:
        story.append(_table(
            [[tr("reader_data.col.placed"), tr("reader_data.col.status"),
              tr("reader_data.col.title")]]
            + [[h["placed_at"][:10], h["status"], h["title"]] for h in data["holds"]],
            [28 * mm, 28 * mm, width - 56 * mm], styles, header=True))
    story.append(Paragraph(_text(tr("reader_data.section.visits", count=len(data["visits"]))),
                           styles["heading"]))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(_text(tr("reader_data.footer")), styles["small"]))
    doc.build(story)
    return path


def _field_value(name: str, value: Any) -> str:
    if name == "category" and value:
        return tr(f"patrons.category.{value}")
    return _text(value)
