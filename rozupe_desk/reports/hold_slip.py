"""The hold slip (rezervācijas zīmīte): put into a returned copy kept for a reader, so the
book on the hold shelf says whose it is and until when.

One A6 page, like the loan slip; the reader's name and the pick-up day large enough to read
on the shelf. Takes plain data (`services.circulation.desk.HoldSlipData`), never the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from rozupe_desk.i18n import tr
from rozupe_desk.reports.fonts import SANS, SANS_BOLD, register_fonts

if TYPE_CHECKING:
    from datetime import date

    from rozupe_desk.services.circulation.desk import HoldSlipData


def day_text(day: date) -> str:
    """05.12.2026., as the desk and the loan slip write a day."""
    return f"{day:%d.%m.%Y}."


def build_hold_slip(data: HoldSlipData, path: str | Path) -> Path:
    """Write the slip as a PDF at `path`; returns the path."""
    register_fonts()
    normal, small, heading, large = (
        ParagraphStyle(f"holdSlip{size}", fontName=font, fontSize=size, leading=size * 1.25,
                       textColor=colors.HexColor(colour))
        for font, size, colour in ((SANS, 9, "#000000"), (SANS, 7, "#444444"),
                                   (SANS_BOLD, 22, "#000000"), (SANS_BOLD, 14, "#000000")))
    until = (tr("deskc.slip.until", day=day_text(data.kept_until)) if data.kept_until
             else tr("deskc.slip.no_until"))
    story = [
        Paragraph(escape(tr("deskc.slip.heading")), heading),
        Spacer(1, 2 * mm),
        Paragraph(escape(tr("deskc.slip.reader", name=data.reader_name)), large),
        Paragraph(escape(tr("deskc.slip.card", card=data.card_number)), normal),
    ]
    if data.phone:
        story.append(Paragraph(escape(tr("deskc.slip.phone", phone=data.phone)), normal))
    story += [
        Spacer(1, 2 * mm),
        Paragraph(escape(until), large),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=0.6, color=colors.black),
        Spacer(1, 2 * mm),
        Paragraph(escape(data.title), normal),
    ]
    if data.authors:
        story.append(Paragraph(escape(data.authors), small))
    story += [
        Paragraph(escape(tr("deskc.slip.copy", barcode=data.barcode)), normal),
        Paragraph(escape(tr("deskc.slip.placed", day=day_text(data.placed_on))), small),
        Spacer(1, 4 * mm),
        Paragraph(escape(data.library_name or tr("app.no_library_name")), small),
        Paragraph(escape(tr("deskc.slip.printed", day=day_text(data.printed_on))), small),
    ]
    margin = {side: 9 * mm for side in ("leftMargin", "rightMargin", "topMargin", "bottomMargin")}
    SimpleDocTemplate(str(path), pagesize=A6, title=tr("deskc.slip.heading"),
                      author=data.library_name, creator="Rožupe Desk", **margin).build(story)
    return Path(path)
