"""The discard act (norakstīšanas akts) as Latvian libraries file it: number and date,
reason, the list of copies with inventory numbers and prices, totals, and signature lines
for the commission and the head of the library."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from rozupe_desk.i18n import tr
from rozupe_desk.reports.catalog_pdf import build, euro, long_date, paragraph, table

if TYPE_CHECKING:  # plain data from the service; no import at run time
    from rozupe_desk.services.collection.discards import ActDocument


def write_discard_act(act: ActDocument, path: str | Path) -> Path:
    story = []
    if act.library_name:
        story.append(paragraph(act.library_name, "library"))
    if act.library_address:
        story.append(paragraph(act.library_address, "small"))
    story += [
        paragraph(tr("discard.pdf_heading", number=act.number), "title"),
        paragraph(tr("discard.pdf_date", date=long_date(act.act_date))),
        paragraph(tr("discard.pdf_reason", reason=act.reason)),
        Spacer(1, 3 * mm),
        paragraph(tr("discard.pdf_intro")),
        Spacer(1, 3 * mm),
    ]
    rows = [(str(n), c.barcode, c.authors, c.title, str(c.year or ""), euro(c.price_cents))
            for n, c in enumerate(act.copies, start=1)]
    story.append(table(
        [tr("discard.col_no"), tr("discard.col_inventory"), tr("discard.col_author"),
         tr("discard.col_title"), tr("discard.col_year"), tr("discard.col_price")],
        rows, (12, 24, 38, 66, 14, 20), right=(0, 4, 5)))
    story += [
        Spacer(1, 4 * mm),
        paragraph(tr("discard.pdf_total", count=act.count, sum=euro(act.total_cents)),
                  "section"),
    ]
    if act.note:
        story.append(paragraph(act.note))
    story.append(KeepTogether([Spacer(1, 8 * mm), _signatures()]))
    return build(path, story, title=tr("discard.pdf_heading", number=act.number))


def _signatures() -> Table:
    line = "_" * 34
    rows = [
        [paragraph(tr("discard.pdf_chair")), paragraph(line), paragraph(tr("discard.pdf_sign"),
                                                                        "small")],
        [paragraph(tr("discard.pdf_members")), paragraph(line), paragraph(
            tr("discard.pdf_sign"), "small")],
        ["", paragraph(line), paragraph(tr("discard.pdf_sign"), "small")],
        ["", paragraph(line), paragraph(tr("discard.pdf_sign"), "small")],
        [paragraph(tr("discard.pdf_approved")), paragraph(line),
         paragraph(tr("discard.pdf_sign"), "small")],
    ]
    result = Table(rows, colWidths=(55 * mm, 70 * mm, 49 * mm), rowHeights=12 * mm)
    result.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return result
