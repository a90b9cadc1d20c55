"""The stocktaking report: counts, then the lists of missing copies, copies found on loan,
discarded or lost, copies from another shelf and unknown barcodes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from rozupe_desk.i18n import tr
from rozupe_desk.reports.catalog_pdf import build, long_date, paragraph, table

if TYPE_CHECKING:  # plain data from the service; no import at run time
    from rozupe_desk.services.collection.stocktake import Line, Outcome


def write_stocktake_report(result: Outcome, path: str | Path, *, library_name: str = ""
                           ) -> Path:
    story = []
    if library_name:
        story.append(paragraph(library_name, "library"))
    story.append(paragraph(tr("stocktake.pdf_heading", number=result.session_id), "title"))
    finished = (long_date(result.finished_at.date()) if result.finished_at
                else tr("stocktake.pdf_open"))
    story += [
        paragraph(tr("stocktake.pdf_dates", started=long_date(result.started_at.date()),
                     finished=finished)),
        paragraph(tr("stocktake.pdf_shelf", shelf=result.shelf or tr("stocktake.all_shelves"))),
    ]
    if result.branch_id is not None:  # a branch's own stocktaking
        story.append(paragraph(tr("branches.pdf_branch", name=result.branch_name)))
    story.append(Spacer(1, 3 * mm))
    counts = [
        (tr("stocktake.count_expected"), result.expected),
        (tr("stocktake.count_scanned"), result.scanned),
        (tr("stocktake.count_missing"), len(result.missing)),
        (tr("stocktake.count_on_loan"), len(result.on_loan)),
        (tr("stocktake.count_discarded"), len(result.discarded)),
        (tr("stocktake.count_lost_found"), len(result.lost_found)),
        (tr("stocktake.count_misplaced"), len(result.misplaced)),
        (tr("stocktake.count_unknown"), len(result.unknown)),
        (tr("stocktake.count_marked_lost"), result.marked_lost),
    ]
    if result.branch_id is not None:
        counts.insert(-1, (tr("branches.count_other_branch"), len(result.other_branch)))
    story.append(table([tr("stocktake.col_what"), tr("stocktake.col_count")],
                       [(name, str(value)) for name, value in counts], (120, 30), right=(1,)))
    for key, lines in (("stocktake.count_missing", result.missing),
                       ("stocktake.count_on_loan", result.on_loan),
                       ("stocktake.count_discarded", result.discarded),
                       ("stocktake.count_lost_found", result.lost_found),
                       ("stocktake.count_misplaced", result.misplaced),
                       ("branches.count_other_branch", result.other_branch)):
        if lines:
            story.append(paragraph(tr(key), "section"))
            story.append(_lines(lines))
    if result.unknown:
        story.append(paragraph(tr("stocktake.count_unknown"), "section"))
        story.append(paragraph(", ".join(result.unknown)))
    return build(path, story, title=tr("stocktake.pdf_heading", number=result.session_id))


def _lines(lines: list[Line]):
    return table([tr("discard.col_inventory"), tr("discard.col_author"),
                  tr("discard.col_title"), tr("stocktake.col_shelf")],
                 [(line.barcode, line.authors, line.title, line.shelf) for line in lines],
                 (26, 42, 88, 18))
