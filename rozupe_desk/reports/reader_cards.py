"""Reader cards: credit-card size (85.6 × 54 mm) with the library's name, the reader's name
and the card number as a Code128 barcode the desk's scanner reads.

Two layouts: ten cards on an A4 sheet with cut marks (for an office printer and a paper
cutter), or one card per page at card size (for a card printer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from rozupe_desk.i18n import tr
from rozupe_desk.reports.fonts import SANS, SANS_BOLD, register_fonts
from rozupe_desk.reports.safe_text import one_line

CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
COLUMNS, ROWS = 2, 5
CUT_MARK = 4 * mm
BAND = HexColor("#1f5f8b")  # the band behind the library's name
MODULE = 0.33 * mm  # one narrow bar: wide enough for a cheap scanner and a 300 dpi print
LAYOUTS = ("a4", "card")


@dataclass(frozen=True)
class ReaderCard:
    name: str
    card_number: str


def build(cards: Sequence[ReaderCard], path: str | Path, *, library_name: str,
          layout: str = "a4") -> Path:
    """Write the cards to a PDF at `path`; `layout` is "a4" (ten a sheet) or "card"."""
    if layout not in LAYOUTS:
        raise ValueError(layout)
    register_fonts()
    path = Path(path)
    size = A4 if layout == "a4" else (CARD_WIDTH, CARD_HEIGHT)
    canvas = Canvas(str(path), pagesize=size, pageCompression=1)
    canvas.setTitle(tr("cards.pdf_title"))
    canvas.setAuthor(library_name)
    if layout == "card":
        for card in cards:
            _draw_card(canvas, card, 0, 0, library_name)
            canvas.showPage()
    else:
        per_page = COLUMNS * ROWS
        for start in range(0, len(cards), per_page):
            _draw_sheet(canvas, cards[start:start + per_page], library_name)
            canvas.showPage()
    canvas.save()
    return path


def _draw_sheet(canvas: Canvas, cards: Sequence[ReaderCard], library_name: str) -> None:
    page_width, page_height = A4
    left = (page_width - COLUMNS * CARD_WIDTH) / 2
    bottom = (page_height - ROWS * CARD_HEIGHT) / 2
    for index, card in enumerate(cards):
        row, column = divmod(index, COLUMNS)
        x = left + column * CARD_WIDTH
        y = bottom + (ROWS - 1 - row) * CARD_HEIGHT
        _draw_card(canvas, card, x, y, library_name)
    _draw_cut_marks(canvas, left, bottom)


def _draw_cut_marks(canvas: Canvas, left: float, bottom: float) -> None:
    """Short lines outside the grid where every card edge meets the margin."""
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.3)
    right = left + COLUMNS * CARD_WIDTH
    top = bottom + ROWS * CARD_HEIGHT
    gap = 1.5 * mm
    for column in range(COLUMNS + 1):
        x = left + column * CARD_WIDTH
        canvas.line(x, top + gap, x, top + gap + CUT_MARK)
        canvas.line(x, bottom - gap, x, bottom - gap - CUT_MARK)
    for row in range(ROWS + 1):
        y = bottom + row * CARD_HEIGHT
        canvas.line(left - gap, y, left - gap - CUT_MARK, y)
        canvas.line(right + gap, y, right + gap + CUT_MARK, y)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The font size (at most `size`) at which `text` fits in `width`."""
    needed = stringWidth(text, font, size)
    return size if needed <= width else max(5.0, size * width / needed)


def _draw_card(canvas: Canvas, card: ReaderCard, x: float, y: float,
               library_name: str) -> None:
    canvas.saveState()
    canvas.setStrokeColor(HexColor("#bbbbbb"))
    canvas.setLineWidth(0.25)
    canvas.rect(x, y, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    band = 11 * mm
    canvas.setFillColor(BAND)
    canvas.rect(x, y + CARD_HEIGHT - band, CARD_WIDTH, band, stroke=0, fill=1)
    inner = CARD_WIDTH - 8 * mm
    canvas.setFillColor(HexColor("#ffffff"))
    size = _fit(library_name, SANS_BOLD, 10, inner)
    canvas.setFont(SANS_BOLD, size)
    canvas.drawString(x + 4 * mm, y + CARD_HEIGHT - band + 4 * mm,
                      one_line(library_name, SANS_BOLD, size, inner))
    canvas.setFont(SANS, 6.5)
    canvas.drawRightString(x + CARD_WIDTH - 4 * mm, y + CARD_HEIGHT - band + 1.3 * mm,
                           tr("cards.reader_card"))
    canvas.setFillColor(black)
    size = _fit(card.name, SANS_BOLD, 12, inner)
    canvas.setFont(SANS_BOLD, size)
    canvas.drawString(x + 4 * mm, y + CARD_HEIGHT - band - 7 * mm,
                      one_line(card.name, SANS_BOLD, size, inner))
    barcode = Code128(card.card_number, barWidth=MODULE, barHeight=13 * mm, humanReadable=False)
    barcode.drawOn(canvas, x + (CARD_WIDTH - barcode.width) / 2, y + 8.5 * mm)
    canvas.setFont(SANS, 9)
    canvas.drawCentredString(x + CARD_WIDTH / 2, y + 4.5 * mm,
                             one_line(card.card_number, SANS, 9, inner))
    canvas.restoreState()
