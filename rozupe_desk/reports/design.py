"""Shared drawing for posters, flyers, plans and certificates: palettes, text that fits its
box, pictures scaled without distortion, QR codes and the drawn motifs that stand in for a
missing picture. Everything draws on a reportlab canvas in points."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from rozupe_desk.reports import fonts


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
    size = largest
    while True:
        lines = simpleSplit(text, font, size, width)
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
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def draw_lines(canvas: Canvas, lines: list[str], *, x: float, top: float, font: str,
               size: float, leading: float | None = None, align: str = "left",
               color: Color | None = None) -> float:
    """Draw `lines` downward from `top` (the top of the first line); returns the bottom."""
    leading = leading or size * 1.18
    canvas.setFont(font, size)
    if color is not None:
        canvas.setFillColor(color)
    baseline = top - size * 0.93
    draw = {"left": canvas.drawString, "center": canvas.drawCentredString,
            "right": canvas.drawRightString}[align]
    for line in lines:
        draw(x, baseline, line)
        baseline -= leading
    return top - leading * len(lines) + (leading - size) * 0.5


def paragraph(canvas: Canvas, text: str, *, x: float, top: float, width: float, height: float,
              font: str, size: float, color: Color, align: int = 0, smallest: float = 7
              ) -> float:
    """Draw `text` (plain, newlines kept) as a wrapped paragraph within the box, shrinking
    the type until it fits; returns the bottom of what was drawn."""
    markup = "<br/>".join(escape(part) for part in text.splitlines())
    while True:
        style = ParagraphStyle("p", fontName=font, fontSize=size, leading=size * 1.35,
                               textColor=color, alignment=align)
        flowable = Paragraph(markup, style)
        _, used = flowable.wrap(width, height)
        if used <= height or size <= smallest:
            flowable.drawOn(canvas, x, top - used)
            return top - used
        size -= 0.5


def paragraph_height(text: str, *, width: float, font: str, size: float) -> float:
    """How tall `text` stands as a paragraph of that width and size."""
    if not text:
        return 0.0
    markup = "<br/>".join(escape(part) for part in text.splitlines())
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


# -- drawn motifs ----------------------------------------------------------------------
def draw_book(canvas: Canvas, *, cx: float, cy: float, width: float, cover: Color,
              pages: Color, lines: Color) -> None:
    """An open book seen from the front: two curved pages on a cover."""
    half = width / 2
    h = width * 0.42
    canvas.setFillColor(cover)
    path = canvas.beginPath()
    path.moveTo(cx - half - 6, cy - h * 0.5)
    path.lineTo(cx - half - 6, cy + h * 0.45)
    path.lineTo(cx + half + 6, cy + h * 0.45)
    path.lineTo(cx + half + 6, cy - h * 0.5)
    path.curveTo(cx + half * 0.5, cy - h * 0.42, cx + 8, cy - h * 0.52, cx, cy - h * 0.62)
    path.curveTo(cx - 8, cy - h * 0.52, cx - half * 0.5, cy - h * 0.42, cx - half - 6,
                 cy - h * 0.5)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(pages)
    for side in (-1, 1):
        page = canvas.beginPath()
        page.moveTo(cx, cy - h * 0.5)
        page.curveTo(cx + side * half * 0.3, cy - h * 0.36, cx + side * half * 0.7,
                     cy - h * 0.38, cx + side * half, cy - h * 0.4)
        page.lineTo(cx + side * half, cy + h * 0.5)
        page.curveTo(cx + side * half * 0.7, cy + h * 0.52, cx + side * half * 0.3,
                     cy + h * 0.5, cx, cy + h * 0.36)
        page.close()
        canvas.drawPath(page, stroke=0, fill=1)
    canvas.setStrokeColor(lines)
    canvas.setLineWidth(max(0.6, width / 160))
    for side in (-1, 1):
        for row in range(5):
            yy = cy + h * 0.28 - row * h * 0.14
            canvas.line(cx + side * half * 0.15, yy - h * 0.02, cx + side * half * 0.85,
                        yy + h * 0.01)


def draw_sun(canvas: Canvas, *, cx: float, cy: float, radius: float, color: Color) -> None:
    canvas.setFillColor(color)
    canvas.circle(cx, cy, radius, stroke=0, fill=1)
    canvas.setStrokeColor(color)
    canvas.setLineWidth(radius * 0.16)
    canvas.setLineCap(1)
    for ray in range(12):
        angle = math.tau * ray / 12
        canvas.line(cx + math.cos(angle) * radius * 1.3, cy + math.sin(angle) * radius * 1.3,
                    cx + math.cos(angle) * radius * 1.65, cy + math.sin(angle) * radius * 1.65)


def draw_star(canvas: Canvas, *, cx: float, cy: float, radius: float, color: Color) -> None:
    canvas.setFillColor(color)
    path = canvas.beginPath()
    for point in range(10):
        r = radius if point % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + math.pi * point / 5
        px, py = cx + math.cos(angle) * r, cy + math.sin(angle) * r
        if point == 0:
            path.moveTo(px, py)
        else:
            path.lineTo(px, py)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def draw_leaf_sprig(canvas: Canvas, *, x: float, y: float, length: float, color: Color,
                    mirror: bool = False) -> None:
    """A curved stem with leaves: the classic template's ornament."""
    sign = -1 if mirror else 1
    canvas.setStrokeColor(color)
    canvas.setFillColor(color)
    canvas.setLineWidth(max(0.8, length / 120))
    stem = canvas.beginPath()
    stem.moveTo(x, y)
    stem.curveTo(x + sign * length * 0.35, y + length * 0.1, x + sign * length * 0.7,
                 y + length * 0.1, x + sign * length, y)
    canvas.drawPath(stem, stroke=1, fill=0)
    for step in range(1, 7):
        t = step / 7
        px = x + sign * length * t
        py = y + length * 0.1 * math.sin(math.pi * t) * 0.9
        size = length * 0.09 * (1.1 - t * 0.5)
        for up in (1, -1):
            leaf = canvas.beginPath()
            leaf.moveTo(px, py)
            leaf.curveTo(px + sign * size * 0.2, py + up * size * 0.9, px + sign * size,
                         py + up * size, px + sign * size * 1.3, py + up * size * 0.7)
            leaf.curveTo(px + sign * size, py + up * size * 0.2, px + sign * size * 0.5,
                         py, px, py)
            canvas.drawPath(leaf, stroke=0, fill=1)


def draw_confetti(canvas: Canvas, *, x: float, y: float, width: float, height: float,
                  colors: tuple[Color, ...], count: int, seed: int) -> None:
    """Dots and small stars scattered over a box; the same seed gives the same scatter."""
    rng = random.Random(seed)
    for _ in range(count):
        color = rng.choice(colors)
        cx, cy = x + rng.random() * width, y + rng.random() * height
        size = rng.uniform(3, 9)
        if rng.random() < 0.3:
            draw_star(canvas, cx=cx, cy=cy, radius=size * 1.2, color=color)
        else:
            canvas.setFillColor(color)
            canvas.circle(cx, cy, size, stroke=0, fill=1)


def draw_pin(canvas: Canvas, *, x: float, y: float, size: float, color: Color) -> None:
    """A map pin, drawn before the place."""
    canvas.setFillColor(color)
    path = canvas.beginPath()
    path.moveTo(x + size / 2, y)
    path.curveTo(x - size * 0.1, y + size * 0.55, x, y + size, x + size / 2, y + size)
    path.curveTo(x + size, y + size, x + size * 1.1, y + size * 0.55, x + size / 2, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.circle(x + size / 2, y + size * 0.66, size * 0.18, stroke=0, fill=1)


def draw_clock(canvas: Canvas, *, x: float, y: float, size: float, color: Color) -> None:
    r = size / 2
    canvas.setStrokeColor(color)
    canvas.setLineWidth(size * 0.12)
    canvas.circle(x + r, y + r, r * 0.85, stroke=1, fill=0)
    canvas.setLineCap(1)
    canvas.line(x + r, y + r, x + r, y + r * 1.5)
    canvas.line(x + r, y + r, x + r * 1.4, y + r)


def set_alpha(canvas: Canvas, alpha: float) -> None:
    canvas.setFillAlpha(alpha)
    canvas.setStrokeAlpha(alpha)


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
