"""The annual statistics report (A4 landscape PDF): the twelve months side by side, the
year, the year before, the derived indicators and charts of the year."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from rozupe_desk.i18n import tr
from rozupe_desk.reports import charts, fonts
from rozupe_desk.reports.layout import (
    MARGIN,
    branch_subtitle,
    closing,
    footer,
    indicator_rows,
    library_heading,
    short_month,
    styles,
    table_style,
)

if TYPE_CHECKING:
    from rozupe_desk.services.statistics.stats import AnnualReport


def write_annual(report: AnnualReport, path: Path, *, prepared_on: date | None = None) -> Path:
    prepared_on = prepared_on or date.today()
    style = styles()
    page = landscape(A4)
    width = page[0] - 2 * MARGIN
    title = tr("report.annual.title", year=report.year)
    story: list = [
        *library_heading(report.library, style),
        Paragraph(title, style["title"]),
        Paragraph(tr("report.for_central"), style["subtitle"]),
        *branch_subtitle(report.branch, style),
    ]
    head = style["head"]
    header = ([Paragraph(tr("report.col.indicator"), head)]
              + [Paragraph(short_month(number), head) for number in range(1, 13)]
              + [Paragraph(tr("report.col.year", year=report.year), head),
                 Paragraph(tr("report.col.year", year=report.year - 1), head)])
    rows, commands = indicator_rows([*report.months, report.total, report.previous_total],
                                    style)
    figure_width = 14.2 * mm
    table = Table([header, *rows], repeatRows=1,
                  colWidths=[width - 14 * figure_width] + [figure_width] * 14)
    table.setStyle(table_style([
        *commands,
        ("FONT", (1, 1), (-1, -1), fonts.SANS, 7.5),
        ("FONT", (-2, 1), (-2, -1), fonts.SANS_BOLD, 7.5),
        ("LEFTPADDING", (1, 0), (-1, -1), 2),
        ("RIGHTPADDING", (1, 0), (-1, -1), 3),
    ]))
    story += [table, Spacer(1, 5 * mm)]

    half = (width - 8 * mm) / 2
    months = [short_month(number) for number in range(1, 13)]
    pair = Table([
        [Paragraph(tr("report.chart.loans_by_month"), style["chart_title"]),
         Paragraph(tr("report.chart.loans_by_type"), style["chart_title"])],
        [charts.bar_chart(months, [[int(m["loans"]) for m in report.months],
                                   [int(m["visits"]) for m in report.months]],
                          width=half, height=62 * mm, label_values=False,
                          names=[tr("report.chart.loans"), tr("report.chart.visits")]),
         charts.loans_by_type(report.loans_by_type, width=half, height=62 * mm)],
    ], colWidths=[half + 4 * mm, half + 4 * mm])
    pair.setStyle([("FONT", (0, 0), (-1, -1), fonts.SANS), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                   ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story += [KeepTogether([pair]), *closing(prepared_on, style)]
    doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=16 * mm, title=title,
                            author=report.library.name, creator="Rožupe Desk",
                            initialFontName=fonts.SANS)
    doc.build(story, onFirstPage=footer(prepared_on), onLaterPages=footer(prepared_on))
    return Path(path)
