"""Shared drawing for posters, flyers, plans and certificates: palettes, text that fits its
box, pictures scaled without distortion, QR codes. Everything draws on a reportlab canvas
in points; the drawn ornaments live in `motifs`."""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from rozupe_desk.reports import fonts, safe_text


@dataclass(frozen=True)
class Palette:
    paper: Color
    ink: Color
    main: Color
    accent: Color
    soft: Color
    extra: tuple[Color, ...] = ()


PALETTES = {
    # Warm and playful, for children's events.
    "bright": Palette(paper=HexColor("#FFF8EA"), ink=HexColor("#2B2D42"),
                      main=HexColor("#1F8A8A"), accent=HexColor("#F0643C"),
                      soft=HexColor("#FFE3A3"),
                      extra=(HexColor("#FFC145"), HexColor("#7BC67E"), HexColor("#5DA9E9"),
                             HexColor("#F28CB1"))),
    # Quiet and bookish: readings, exhibitions, meetings with writers.
    "classic": Palette(paper=HexColor("#FBF7EF"), ink=HexColor("#2E2A24"),
                       main=HexColor("#2F5D50"), accent=HexColor("#9C3D2E"),
                       soft=HexColor("#E9E1CF"), extra=(HexColor("#B08D57"),)),
    # Bold blocks of colour: clubs, workshops, anything else.
    "modern": Palette(paper=white, ink=HexColor("#1B1F3B"), main=HexColor("#27346A"),
                      accent=HexColor("#FF6B57"), soft=HexColor("#EEF1FA"),
                      extra=(HexColor("#FFD166"), HexColor("#6C8CFF"))),
}
TEMPLATES = tuple(PALETTES)


def template_for(kind: str, for_children: bool) -> str:
    """The template that suits an event when the librarian has not chosen one."""
    if for_children:
        return "bright"
    if kind in ("reading", "exhibition", "meeting", "lesson"):
        return "classic"
    return "modern"


# -- text ------------------------------------------------------------------------------
def fit_lines(text: str, font: str, width: float, *, largest: float, smallest: float,
              max_lines: int) -> tuple[float, list[str]]:
    """The largest size (stepping down) at which `text` wraps into `max_lines` lines."""
    text = safe_text.shorten(text, safe_text.PARAGRAPH)
    size = largest
    while True:
        lines = safe_text.hard_wrap(simpleSplit(text, font, size, width), font, size, width)
        too_wide = any(stringwidth(line, font, size) > width for line in lines)
        if len(lines) <= max_lines and not too_wide:
            return size, lines
        if size <= smallest:
            return size, _shortened(lines, font, size, width, max_lines)
        size = max(smallest, size - 1)


def _shortened(lines: list[str], font: str, size: float, width: float,
               max_lines: int) -> list[str]:
    """The first `max_lines` lines, the last ending in "…" when text was left out."""
    kept = lines[:max_lines]
    if len(lines) <= max_lines and all(stringwidth(line, font, size) <= width for line in kept):
        return kept
    last = kept[-1]
    while last and stringwidth(last + "…", font, size) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,.;:–-") + "…"
    return kept


def stringwidth(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def draw_lines(canvas: Canvas, lines: list[str], *, x: float, top: float, font: str,
               size: float, leading: float | None = None, align: str = "left",
               color: Color | None = None, width: float | None = None) -> float:
    """Draw `lines` downward from `top` (the top of the first line); returns the bottom.
    With `width`, a line wider than that is shortened with "…" (the librarian's text)."""
    leading = leading or size * 1.18
    canvas.setFont(font, size)
    if color is not None:
        canvas.setFillColor(color)
    baseline = top - size * 0.93
    draw = {"left": canvas.drawString, "center": canvas.drawCentredString,
            "right": canvas.drawRightString}[align]
    for line in lines:
        draw(x, baseline, line if width is None else safe_text.one_line(line, font, size, width))
        baseline -= leading
    return top - leading * len(lines) + (leading - size) * 0.5


def paragraph(canvas: Canvas, text: str, *, x: float, top: float, width: float, height: float,
              font: str, size: float, color: Color, align: int = 0, smallest: float = 7
              ) -> float:
    """Draw `text` (plain, newlines kept) as a wrapped paragraph within the box, shrinking
    the type until it fits; returns the bottom of what was drawn."""
    markup = _markup(text)
    while True:
        style = ParagraphStyle("p", fontName=font, fontSize=size, leading=size * 1.35,
                               textColor=color, alignment=align)
        flowable = Paragraph(markup, style)
        _, used = flowable.wrap(width, height)
        if used <= height or size <= smallest:
            flowable.drawOn(canvas, x, top - used)
            return top - used
        size -= 0.5


def _markup(text: str) -> str:
    """Plain text (newlines kept) as paragraph markup, of a length a page can hold."""
    return "<br/>".join(safe_text.escape(part) for part in
                        safe_text.shorten(text, safe_text.PARAGRAPH).splitlines())


def paragraph_height(text: str, *, width: float, font: str, size: float) -> float:
    """How tall `text` stands as a paragraph of that width and size."""
    if not text:
        return 0.0
    markup = _markup(text)
    style = ParagraphStyle("m", fontName=font, fontSize=size, leading=size * 1.35)
    return Paragraph(markup, style).wrap(width, 10_000)[1]


# -- pictures --------------------------------------------------------------------------
def image_size(path: str) -> tuple[int, int] | None:
    try:
        return ImageReader(path).getSize()
    except Exception:  # a picture moved or damaged since it was saved: draw the motif
        return None


def draw_picture(canvas: Canvas, path: str, *, x: float, y: float, width: float,
                 height: float, radius: float = 0, cover: bool = True) -> bool:
    """Draw the picture in the box keeping its proportions: `cover` fills the box and
    crops the overflow, otherwise it fits inside. False when the picture cannot be read."""
    size = image_size(path)
    if size is None:
        return False
    iw, ih = size
    scale = max(width / iw, height / ih) if cover else min(width / iw, height / ih)
    dw, dh = iw * scale, ih * scale
    canvas.saveState()
    clip = canvas.beginPath()
    if radius:
        clip.roundRect(x, y, width, height, radius)
    else:
        clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.drawImage(ImageReader(path), x + (width - dw) / 2, y + (height - dh) / 2, dw, dh,
                     mask="auto")
    canvas.restoreState()
    return True


def draw_logo(canvas: Canvas, path: str, *, x: float, y: float, width: float,
              height: float) -> bool:
    """The library's logo fitted (not cropped) into the box, anchored right."""
    size = image_size(path) if path else None
    if size is None:
        return False
    iw, ih = size
    scale = min(width / iw, height / ih)
    canvas.drawImage(ImageReader(path), x + width - iw * scale, y + (height - ih * scale) / 2,
                     iw * scale, ih * scale, mask="auto")
    return True


def draw_qr(canvas: Canvas, url: str, *, x: float, y: float, size: float,
            color: Color | None = None) -> None:
    """A QR code of `url` as filled squares. Drawn by hand rather than through a reportlab
    Drawing, whose renderer would pull an unembedded Helvetica into the PDF."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    canvas.setFillColor(color or black)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                path.rect(x + column * cell, y + size - (row + 1) * cell, cell, cell)
    canvas.drawPath(path, stroke=0, fill=1)


def new_canvas(target: str, pagesize: tuple[float, float], *, title: str, author: str,
               subject: str = "") -> Canvas:
    """A canvas whose initial font is DejaVu, so no unembedded Helvetica sneaks into the
    PDF (a print shop's preflight check refuses those)."""
    fonts.register_fonts()
    canvas = Canvas(target, pagesize=pagesize, pageCompression=1, initialFontName=fonts.SANS)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    if subject:
        canvas.setSubject(subject)
    return canvas
