"""The municipality's monthly (or annual) statistics (A4 landscape PDF): the indicators in
the central library's order with a column per branch and the whole library's total, and a
footnote on the reader counts, which do not add up (a reader of two branches counts once in
the total).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from rozupe_desk.i18n import tr
from rozupe_desk.reports import fonts
from rozupe_desk.reports.layout import (
    MARGIN,
    closing,
    footer,
    indicator_rows,
    library_heading,
    month_name,
    styles,
    table_style,
)
from rozupe_desk.reports.safe_text import NAME, escape

if TYPE_CHECKING:
    from rozupe_desk.services.statistics.branch_report import MunicipalityReport

PAGE = landscape(A4)


def column_titles(report: MunicipalityReport, *, marked: bool = False) -> list[str]:
    """A column per branch, then the total (marked for the page's footnote)."""
    total = tr("branch_stats.col.total_marked" if marked else "branch_stats.col.total")
    return [branch.name for branch in report.branches] + [total]


def columns(report: MunicipalityReport) -> list[dict]:
    """The figures of each column, in the order of `column_titles`."""
    return [branch.figures for branch in report.branches] + [report.total]


def write_municipality(report: MunicipalityReport, path: Path, *,
                       prepared_on: date | None = None) -> Path:
    """Write the report as a PDF at `path` and return it."""
    prepared_on = prepared_on or date.today()
    style = styles()
    year, month = report.period.start.year, report.period.start.month
    title = (tr("report.annual.title", year=year) if report.period.kind == "year" else
             tr("report.monthly.title", year=year, month=month_name(month)))
    width = PAGE[0] - 2 * MARGIN
    story: list = [
        *library_heading(report.library, style),
        Paragraph(title, style["title"]),
        Paragraph(tr("branch_stats.report.all_branches", central=tr("report.for_central")),
                  style["subtitle"]),
    ]
    header = [Paragraph(tr("report.col.indicator"), style["head"])] + [
        Paragraph(escape(name, NAME), style["head"])
        for name in column_titles(report, marked=True)]
    figures = columns(report)
    rows, commands = indicator_rows(figures, style)
    figure_width = min(24 * mm, (width - 70 * mm) / len(figures))
    table = Table([header, *rows],
                  colWidths=[width - len(figures) * figure_width] + [figure_width] * len(figures),
                  repeatRows=1)
    # Rows a little tighter than the monthly report's, so six branches fit on one page.
    table.setStyle(table_style([*commands, ("FONT", (-1, 1), (-1, -1), fonts.SANS_BOLD, 8.5),
                                ("TOPPADDING", (0, 1), (-1, -1), 0.6),
                                ("BOTTOMPADDING", (0, 1), (-1, -1), 1.2)]))
    story += [table, Spacer(1, 2 * mm),
              Paragraph(tr("branch_stats.report.footnote"), style["small"])]
    story += closing(prepared_on, style, gap=6 * mm)
    doc = SimpleDocTemplate(
        str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
        bottomMargin=14 * mm, title=title, author=report.library.name, creator="Rožupe Desk",
        initialFontName=fonts.SANS)
    doc.build(story, onFirstPage=footer(prepared_on), onLaterPages=footer(prepared_on))
    return Path(path)
