"""What every statistics PDF shares: paragraph styles, the indicator sections in the
central library's order, number formatting, and the page footer."""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Spacer, TableStyle

from rozupe_desk.i18n import current_language, tr
from rozupe_desk.reports import fonts
from rozupe_desk.reports.safe_text import NAME, escape

# The indicators as the central library's form groups them.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("report.section.users",
     ("users_registered", "users_children", "users_new", "users_active")),
    ("report.section.circulation",
     ("visits", "visits_children", "loans", "loans_children", "loans_books",
      "loans_periodicals", "loans_other", "returns", "renewals", "overdue_items")),
    ("report.section.collection", ("items_total", "items_added", "items_discarded")),
    ("report.section.events",
     ("events", "events_children", "event_attendance", "reference_queries",
      "programme_participants", "programme_participants_children")),
    ("report.section.derived", ("loans_per_user", "visits_per_user", "turnover")),
)
# "of them" rows are indented under the figure they split.
SUB_ROWS = frozenset({"users_children", "visits_children", "loans_children", "loans_books",
                      "loans_periodicals", "loans_other", "events_children",
                      "programme_participants_children"})
DECIMALS = {"loans_per_user": 2, "visits_per_user": 2, "turnover": 3}

MARGIN = 16 * mm
GRID = colors.HexColor("#9aa5b1")
SECTION_FILL = colors.HexColor("#e8eef3")
HEADER_FILL = colors.HexColor("#2f4858")
SERIES_COLOURS = (colors.HexColor("#2f6f8f"), colors.HexColor("#e0a030"),
                  colors.HexColor("#6a994e"), colors.HexColor("#bc4749"),
                  colors.HexColor("#7b6d8d"), colors.HexColor("#8d99ae"))


def styles() -> dict[str, ParagraphStyle]:
    fonts.register_fonts()
    base = ParagraphStyle("body", fontName=fonts.SANS, fontSize=9.5, leading=12)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5,
                                textColor=colors.HexColor("#444444")),
        "library": ParagraphStyle("library", parent=base, fontName=fonts.SANS_BOLD,
                                  fontSize=13, leading=16),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.SANS_BOLD, fontSize=15,
                                leading=19, spaceBefore=4, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13,
                                   spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "sub_cell": ParagraphStyle("sub_cell", parent=base, fontSize=8.5, leading=10.5,
                                   leftIndent=10, textColor=colors.HexColor("#333333")),
        "section": ParagraphStyle("section", parent=base, fontName=fonts.SANS_BOLD,
                                  fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", parent=base, fontName=fonts.SANS_BOLD, fontSize=8,
                               leading=10, textColor=colors.white, alignment=TA_CENTER),
        "chart_title": ParagraphStyle("chart_title", parent=base, fontName=fonts.SANS_BOLD,
                                      fontSize=9.5, leading=12, spaceBefore=6),
    }


def number(key: str, value: int | float) -> str:
    """A figure as the librarian writes it: whole numbers plain, ratios with a decimal
    comma in Latvian (a point in English)."""
    if key in DECIMALS:
        text = f"{value:.{DECIMALS[key]}f}"
        return text.replace(".", ",") if current_language() == "lv" else text
    return str(int(value))


def month_name(month: int) -> str:
    return tr(f"month.{month}")


def short_month(month: int) -> str:
    return tr(f"month.short.{month}")


def library_heading(library, style: dict[str, ParagraphStyle]) -> list[Paragraph]:
    """The library's name and address at the top of a report."""
    lines = [Paragraph(escape(library.name or tr("report.no_name"), NAME), style["library"])]
    contact = " · ".join(part for part in (library.address, library.phone, library.email)
                         if part)
    if contact:
        lines.append(Paragraph(escape(contact, NAME * 2), style["small"]))
    return lines


def branch_subtitle(name: str, style: dict[str, ParagraphStyle]) -> list[Paragraph]:
    """The line naming the branch a report is for (nothing for the whole library)."""
    if not name:
        return []
    return [Paragraph(tr("branch_stats.report.branch", name=escape(name, NAME)),
                      style["subtitle"])]


def indicator_rows(columns: list[dict], style: dict[str, ParagraphStyle]
                   ) -> tuple[list[list], list[tuple]]:
    """Table rows (section headings and one row per indicator) for figure dicts shown side
    by side, with the extra TableStyle commands that shade the section rows."""
    rows: list[list] = []
    commands: list[tuple] = []
    for section_key, keys in SECTIONS:
        commands.append(("BACKGROUND", (0, len(rows) + 1), (-1, len(rows) + 1), SECTION_FILL))
        commands.append(("SPAN", (0, len(rows) + 1), (-1, len(rows) + 1)))
        rows.append([Paragraph(tr(section_key), style["section"])] + [""] * len(columns))
        for key in keys:
            label_style = style["sub_cell"] if key in SUB_ROWS else style["cell"]
            rows.append([Paragraph(tr(f"stats.{key}"), label_style)]
                        + [number(key, figures[key]) for figures in columns])
    return rows, commands


def table_style(extra: list[tuple]) -> TableStyle:
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.SANS, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        *extra,
    ])


def footer(prepared_on: date):
    """A page callback drawing the page number and the preparation date."""
    def draw(canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(fonts.SANS, 7)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(MARGIN, 9 * mm, tr("report.prepared", date=prepared_on.isoformat()))
        canvas.drawRightString(doc.pagesize[0] - MARGIN, 9 * mm,
                               tr("report.page", page=canvas.getPageNumber()))
        canvas.restoreState()
    return draw


def closing(prepared_on: date, style: dict[str, ParagraphStyle], *, gap: float = 8 * mm
            ) -> list:
    """The end of a statistics report: the definitions, then the date and the signature
    line kept together on one page."""
    return [
        Spacer(1, 3 * mm),
        Paragraph(tr("report.definitions"), style["small"]),
        Spacer(1, gap),
        KeepTogether([
            Paragraph(tr("report.date_line", date=prepared_on.strftime("%d.%m.%Y")),
                      style["body"]),
            Spacer(1, 6 * mm),
            Paragraph(tr("report.signature"), style["body"]),
        ]),
    ]
