"""The local heritage list (novadpētniecības materiālu saraksts) as an A4 PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from rozupe_desk.i18n import tr
from rozupe_desk.reports.catalog_pdf import build, long_date, paragraph, table

if TYPE_CHECKING:  # plain data from the service; no import at run time
    from rozupe_desk.services.collection.heritage import HeritageEntry


def write_heritage_list(entries: list[HeritageEntry], path: str | Path, *,
                        library_name: str = "", on: date | None = None) -> Path:
    story = []
    if library_name:
        story.append(paragraph(library_name, "library"))
    story += [
        paragraph(tr("heritage.pdf_heading"), "title"),
        paragraph(tr("heritage.pdf_summary", date=long_date(on or date.today()),
                     count=len(entries))),
        Spacer(1, 3 * mm),
    ]
    rows = [(str(n), e.authors, e.title, e.publisher, str(e.year or ""), e.udc,
             str(e.copies), str(e.attachments)) for n, e in enumerate(entries, start=1)]
    story.append(table(
        [tr("discard.col_no"), tr("discard.col_author"), tr("discard.col_title"),
         tr("heritage.col_publisher"), tr("discard.col_year"), tr("heritage.col_udc"),
         tr("heritage.col_copies"), tr("heritage.col_attachments")],
        rows, (11, 30, 47, 24, 13, 22, 12, 15), right=(0, 4, 6, 7)))
    return build(path, story, title=tr("heritage.pdf_heading"))
