"""Thank-you certificates (pateicības) for the most active readers: one A4 landscape page
per reader. The reader's name stands alone, in the nominative, under the heading, so it is
always grammatically right whatever the name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from rozupe_desk.i18n import tr
from rozupe_desk.i18n.people import person
from rozupe_desk.reports import design, latvian_dates, motifs
from rozupe_desk.reports.fonts import SANS, SANS_ITALIC, SERIF, SERIF_BOLD

if TYPE_CHECKING:
    from rozupe_desk.services.readers.active_readers import ActiveReader, CertificateBatch

W, H = landscape(A4)


def period_phrase(first_day: date, last_day: date) -> str:
    """`2026. gadā` for a whole calendar year, else `no 1. janvāra līdz 30. jūnijam`."""
    if (first_day.year == last_day.year and (first_day.month, first_day.day) == (1, 1)
            and (last_day.month, last_day.day) == (12, 31)):
        return latvian_dates.in_year(first_day.year)
    return latvian_dates.date_range(first_day, last_day)


def build_certificates(batch: CertificateBatch, target: str | Path) -> Path:
    """Write one certificate page per reader of the batch; returns the path."""
    target = Path(target)
    canvas = design.new_canvas(str(target), (W, H), title=tr("certificates.pdf_title"),
                               author=batch.library.name)
    period = period_phrase(batch.first_day, batch.last_day)
    for number, reader in enumerate(batch.readers):
        _page(canvas, batch, reader, period, number)
        canvas.showPage()
    canvas.save()
    return target


def _page(canvas: Canvas, batch: CertificateBatch, reader: ActiveReader, period: str,
          number: int) -> None:
    p = design.PALETTES["bright" if batch.children else "classic"]
    canvas.setFillColor(p.paper)
    canvas.rect(0, 0, W, H, stroke=0, fill=1)
    # A frame of two lines with sprigs in the corners.
    canvas.setStrokeColor(p.main)
    canvas.setLineWidth(3)
    canvas.rect(22, 22, W - 44, H - 44, stroke=1, fill=0)
    canvas.setLineWidth(0.8)
    canvas.rect(31, 31, W - 62, H - 62, stroke=1, fill=0)
    ornament = p.extra[0]
    for x, y, mirror in ((48, H - 52, False), (W - 48, H - 52, True), (48, 52, False),
                         (W - 48, 52, True)):
        motifs.draw_leaf_sprig(canvas, x=x, y=y, length=90, color=ornament, mirror=mirror)
    if batch.children:
        for left in (70, W - 250):
            motifs.draw_confetti(canvas, x=left, y=H - 200, width=180, height=120,
                                 colors=p.extra, count=12, seed=number * 2 + int(left))
        motifs.draw_sun(canvas, cx=W - 110, cy=H - 110, radius=24, color=p.extra[0])
    cx = W / 2
    library = batch.library.name or tr("posters.library_fallback")
    design.draw_lines(canvas, [library.upper()], x=cx, top=H - 66, font=SERIF, size=13,
                      align="center", color=p.main, width=W - 340)
    design.draw_logo(canvas, batch.library.logo_path, x=W - 60 - 90, y=H - 60 - 50, width=90,
                     height=50)
    design.draw_lines(canvas, [tr("certificates.heading").upper()], x=cx, top=H - 120,
                      font=SERIF_BOLD, size=58, align="center", color=p.accent)
    size, lines = design.fit_lines(person(reader.name, "dative"), SERIF_BOLD, W - 200, largest=50, smallest=24,
                                   max_lines=2)
    bottom = design.draw_lines(canvas, lines, x=cx, top=H - 236, font=SERIF_BOLD, size=size,
                               align="center", color=p.ink)
    canvas.setStrokeColor(ornament)
    canvas.setLineWidth(1)
    canvas.line(cx - 200, bottom - 10, cx + 200, bottom - 10)
    bottom = design.draw_lines(canvas, [tr("certificates.thanks")], x=cx, top=bottom - 30,
                               font=SERIF, size=30, align="center", color=p.main)
    design.draw_lines(canvas, [period], x=cx, top=bottom - 8, font=SANS_ITALIC, size=18,
                      align="center", color=p.ink)
    motifs.draw_book(canvas, cx=cx, cy=120, width=110, cover=p.main, pages=white,
                     lines=ornament)
    # Date on the left, a line for the librarian's signature on the right.
    design.draw_lines(canvas, [latvian_dates.full_date(batch.issued_on)], x=90, top=100,
                      font=SERIF, size=13, color=p.ink)
    canvas.setStrokeColor(p.ink)
    canvas.setLineWidth(0.6)
    canvas.line(W - 290, 88, W - 90, 88)
    design.draw_lines(canvas, [tr("certificates.signature")], x=W - 190, top=82, font=SANS,
                      size=10, align="center", color=p.ink)
