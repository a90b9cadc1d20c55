"""The monthly statistics report for the central library (A4 PDF): the indicators in the
central library's order beside the same month a year earlier and the year to date, three
charts, the definitions and a signature line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
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
    month_name,
    short_month,
    styles,
    table_style,
)

if TYPE_CHECKING:
    from rozupe_desk.services.statistics.stats import MonthlyReport


def column_titles(report: MonthlyReport) -> list[str]:
    """The three figure columns: the month, a year earlier, the year to date."""
    year, month = report.period.start.year, report.period.start.month
    return [
        tr("report.col.period", year=year, month=month_name(month)),
        tr("report.col.period", year=year - 1, month=month_name(month)),
        tr("report.col.year_to_date", year=year, month=short_month(month)),
    ]


def write_monthly(report: MonthlyReport, path: Path, *, prepared_on: date | None = None) -> Path:
    """Write the report as a PDF at `path` and return it."""
    prepared_on = prepared_on or date.today()
    style = styles()
    year, month = report.period.start.year, report.period.start.month
    width = A4[0] - 2 * MARGIN
    story: list = [
        *library_heading(report.library, style),
        Paragraph(tr("report.monthly.title", year=year, month=month_name(month)),
                  style["title"]),
        Paragraph(tr("report.for_central"), style["subtitle"]),
        *branch_subtitle(report.branch, style),
    ]
    header = [Paragraph(tr("report.col.indicator"), style["head"])] + [
        Paragraph(title, style["head"]) for title in column_titles(report)]
    rows, commands = indicator_rows(
        [report.current, report.year_earlier, report.year_to_date], style)
    figure_width = 30 * mm
    table = Table([header, *rows], colWidths=[width - 3 * figure_width] + [figure_width] * 3,
                  repeatRows=1)
    table.setStyle(table_style(commands))
    story += [table, Spacer(1, 4 * mm)]

    half = (width - 6 * mm) / 2
    chart_height = 52 * mm
    pair = Table([
        [Paragraph(tr("report.chart.loans_by_type"), style["chart_title"]),
         Paragraph(tr("report.chart.children_adults"), style["chart_title"])],
        [charts.loans_by_type(report.loans_by_type, width=half, height=chart_height),
         charts.children_and_adults(report.current, width=half, height=chart_height)],
    ], colWidths=[half + 3 * mm, half + 3 * mm])
    pair.setStyle([("FONT", (0, 0), (-1, -1), fonts.SANS), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                   ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story.append(KeepTogether([pair]))
    story.append(KeepTogether([
        Paragraph(tr("report.chart.visits_by_day"), style["chart_title"]),
        charts.visits_by_day(report.visits_by_day, width=width, height=48 * mm),
    ]))
    story += closing(prepared_on, style, gap=9 * mm)
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=16 * mm,
        title=tr("report.monthly.title", year=year, month=month_name(month)),
        author=report.library.name, creator="Rožupe Desk",
        initialFontName=fonts.SANS)
    doc.build(story, onFirstPage=footer(prepared_on), onLaterPages=footer(prepared_on))
    return Path(path)
