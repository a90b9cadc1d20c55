"""Spine and barcode labels (Code128) on A4 label sheets, in a choice of layouts.

A partly used sheet can be fed again: `skip` leaves that many labels blank at the start.
Barcode labels carry the library's name, the Code128 barcode with its number and a short
title; spine labels carry the shelf, the UDC class and the first letters of the author (the
call number readers see on the spine), with the inventory number small below.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from rozupe_desk.i18n import tr
from rozupe_desk.reports import fonts
from rozupe_desk.reports.safe_text import one_line


@dataclass(frozen=True)
class Layout:
    columns: int
    rows: int
    width: float  # mm
    height: float
    left: float = 0.0  # page margin, mm
    top: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


LAYOUTS = {
    "3x8": Layout(3, 8, 70, 37.125),  # 24 labels 70 x 37 mm
    "4x10": Layout(4, 10, 52.5, 29.7),  # 40 labels 52.5 x 29.7 mm
    "5x13": Layout(5, 13, 38.1, 21.2, left=4.75, top=10.7, gap_x=2.5),  # 65 labels 38 x 21 mm
}
KINDS = ("barcode", "spine")
MIN_BAR = 0.19 * mm  # narrower bars than this are hard for a hand scanner


@dataclass(frozen=True)
class LabelData:
    barcode: str
    title: str = ""
    authors: str = ""
    shelf: str = ""
    udc: str = ""


def call_letters(authors: str, title: str) -> str:
    """The first three letters of the author's surname (or of the title), upper case."""
    source = (authors.split(";")[0].split(",")[0] if authors.strip() else title).strip()
    letters = "".join(ch for ch in source if ch.isalpha())
    return letters[:3].upper()


def write_labels(labels: list[LabelData], path: str | Path, *, layout: str = "3x8",
                 kind: str = "barcode", skip: int = 0, library_name: str = "") -> Path:
    fonts.register_fonts()
    sheet = LAYOUTS[layout]
    path = Path(path)
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle(tr("labels.pdf_title"))
    position = max(0, skip) % sheet.per_sheet
    for label in labels:
        if position == sheet.per_sheet:
            canvas.showPage()
            position = 0
        row, column = divmod(position, sheet.columns)
        x = (sheet.left + column * (sheet.width + sheet.gap_x)) * mm
        y = A4[1] - (sheet.top + (row + 1) * sheet.height + row * sheet.gap_y) * mm
        if kind == "spine":
            _spine(canvas, label, x, y, sheet)
        else:
            _barcode(canvas, label, x, y, sheet, library_name)
        position += 1
    canvas.showPage()
    canvas.save()
    return path


def _barcode(canvas: Canvas, label: LabelData, x: float, y: float, sheet: Layout,
             library_name: str) -> None:
    w, h = sheet.width * mm, sheet.height * mm
    pad = min(3 * mm, w * 0.06)
    inner = w - 2 * pad
    small = max(5.0, min(7.0, h / mm / 4.5))
    top = y + h - pad - small
    if library_name:
        canvas.setFont(fonts.SANS_BOLD, small)
        canvas.drawCentredString(x + w / 2, top, one_line(library_name, fonts.SANS_BOLD, small, inner))
        top -= small * 1.2
    text_size = small + 1
    bottom = y + pad
    title_line = one_line(label.title, fonts.SANS, small, inner)
    bar_bottom = bottom + (small * 1.3 if title_line else 0) + text_size * 1.2
    bar_height = max(4 * mm, top - bar_bottom - 1 * mm)
    probe = Code128(label.barcode, barWidth=1, humanReadable=False, quiet=False)
    bar_width = max(MIN_BAR, min(0.4 * mm, (inner - 2 * mm) / probe.width))
    code = Code128(label.barcode, barWidth=bar_width, barHeight=bar_height,
                   humanReadable=False, quiet=True, lquiet=1 * mm, rquiet=1 * mm)
    code.drawOn(canvas, x + (w - code.width) / 2, bar_bottom)
    canvas.setFont(fonts.SANS, text_size)
    canvas.drawCentredString(x + w / 2, bar_bottom - text_size * 1.05,
                             one_line(label.barcode, fonts.SANS, text_size, inner))
    if title_line:
        canvas.setFont(fonts.SANS, small)
        canvas.drawCentredString(x + w / 2, bottom, title_line)


def _spine(canvas: Canvas, label: LabelData, x: float, y: float, sheet: Layout) -> None:
    w, h = sheet.width * mm, sheet.height * mm
    lines = [text for text in (label.shelf, label.udc, call_letters(label.authors, label.title))
             if text]
    big = min(16.0, (h / mm) * 0.75 * 2.83 / max(len(lines) + 0.6, 1))
    small = max(5.0, big * 0.45)
    block = len(lines) * big * 1.1 + small * 1.2
    line_y = y + (h + block) / 2 - big
    canvas.setFont(fonts.SANS_BOLD, big)
    for text in lines:
        canvas.drawCentredString(x + w / 2, line_y, one_line(text, fonts.SANS_BOLD, big, w - 4 * mm))
        line_y -= big * 1.1
    canvas.setFont(fonts.SANS, small)
    canvas.drawCentredString(x + w / 2, line_y + big * 1.1 - small * 1.5,
                             one_line(label.barcode, fonts.SANS, small, w - 4 * mm))
