"""Event posters (afišas): A4 or A3, in three designed templates.

A poster is drawn in A4 points and scaled for A3, so both sizes look the same. It names the
library (and shows its logo), the kind of event, the title, the picture cropped to its box
without distortion (or a drawn motif when there is none), the date and time the Latvian
way, place, audience, description, partners and a QR code when the event has a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4
from reportlab.pdfgen.canvas import Canvas

from rozupe_desk.i18n import tr
from rozupe_desk.reports import design, latvian_dates, motifs, safe_text
from rozupe_desk.reports.fonts import SANS, SANS_BOLD, SANS_ITALIC, SERIF, SERIF_BOLD

if TYPE_CHECKING:
    from rozupe_desk.services.events.events import EventView, LibraryInfo

SIZES = {"A4": A4, "A3": A3}
W, H = A4  # the design grid; A3 is the same drawing scaled by √2


@dataclass(frozen=True)
class PosterText:
    """The words of a poster, already in the current language."""

    library: str
    contact: str
    kind: str
    title: str
    when: str
    when_detail: str
    place: str
    audience: str
    description: str
    partners: str
    link: str
    qr_caption: str


def poster_text(event: EventView, library: LibraryInfo) -> PosterText:
    if event.runs_for_days:
        when = latvian_dates.date_range(event.starts_at.date(), event.ends_at.date())
        detail = tr("posters.opening_hours_note")
    else:
        when = latvian_dates.day_phrase(event.starts_at.date())
        detail = latvian_dates.time_phrase(event.starts_at, event.ends_at)
    contact = " · ".join(part for part in (library.address, library.phone, library.email) if part)
    return PosterText(
        library=library.name or tr("posters.library_fallback"), contact=contact,
        kind=tr(f"posters.kind.{event.kind}"), title=event.title, when=when,
        when_detail=detail, place=event.place, audience=event.audience,
        description=event.description,
        partners=tr("posters.partners", partners=event.partners) if event.partners else "",
        link=event.link_url, qr_caption=tr("posters.qr_caption"))


def build_poster(event: EventView, library: LibraryInfo, target: str | Path, *,
                 size: str = "A4", template: str | None = None) -> Path:
    """Write the poster PDF to `target` and return its path."""
    if size not in SIZES:
        raise ValueError(f"unknown poster size {size!r}")
    target = Path(target)
    page = SIZES[size]
    canvas = design.new_canvas(str(target), page, title=event.title, author=library.name,
                               subject=tr("posters.subject"))
    canvas.scale(page[0] / W, page[1] / H)
    draw_poster(canvas, event, library, template=template)
    canvas.showPage()
    canvas.save()
    return target


def draw_poster(canvas: Canvas, event: EventView, library: LibraryInfo, *,
                template: str | None = None) -> None:
    """Draw one poster on the A4 design grid (the caller scales and places it)."""
    name = template or design.template_for(event.kind, event.for_children)
    if name not in design.PALETTES:
        raise ValueError(f"unknown poster template {name!r}")
    text = poster_text(event, library)
    palette = design.PALETTES[name]
    canvas.saveState()
    # Clip to the page so shapes bleeding off one flyer never spill onto its neighbour.
    edge = canvas.beginPath()
    edge.rect(0, 0, W, H)
    canvas.clipPath(edge, stroke=0, fill=0)
    {"bright": _bright, "classic": _classic, "modern": _modern}[name](
        canvas, text, event, library, palette)
    canvas.restoreState()


def _picture_or(canvas: Canvas, event: EventView, box: tuple[float, float, float, float],
                radius: float, motif) -> None:
    x, y, w, h = box
    if not (event.image_path and design.draw_picture(canvas, event.image_path, x=x, y=y,
                                                      width=w, height=h, radius=radius)):
        motif(x, y, w, h)


def _fit_one_line(canvas: Canvas, text: str, *, font: str, largest: float, width: float,
                  x: float, top: float, color: Color, align: str = "left") -> float:
    size, lines = design.fit_lines(text, font, width, largest=largest, smallest=largest * 0.55,
                                   max_lines=2)
    return design.draw_lines(canvas, lines, x=x, top=top, font=font, size=size, align=align,
                             color=color)


# -- the block under the picture --------------------------------------------------------------
@dataclass(frozen=True)
class Lower:
    """How a template sets the words under its picture."""

    when_font: str
    when_color: Color
    detail_font: str
    ink: Color
    accent: Color
    body_font: str
    center: bool = False
    show_when: bool = True
    icons: bool = True
    when_size: float = 30
    detail_size: float = 22
    body_size: float = 15


def _lower_parts(text: PosterText, style: Lower, width: float) -> dict:
    indent = 30 if style.icons else 0
    parts: dict = {"indent": indent}
    if style.show_when:
        parts["when"] = design.fit_lines(text.when, style.when_font, width - indent,
                                         largest=style.when_size, smallest=16, max_lines=2)
    if text.place:
        parts["place"] = design.fit_lines(text.place, SANS_BOLD, width - indent, largest=15,
                                          smallest=10, max_lines=2)
    if text.audience:
        parts["audience"] = design.fit_lines(text.audience, SANS_ITALIC, width - indent,
                                             largest=13, smallest=9, max_lines=2)
    return parts


def _lower_height(text: PosterText, style: Lower, width: float, description: float) -> float:
    parts = _lower_parts(text, style, width)
    height = 0.0
    if "when" in parts:
        size, lines = parts["when"]
        height += size * 1.18 * len(lines) + style.detail_size * 1.18 + 10
    for key in ("place", "audience"):
        if key in parts:
            size, lines = parts[key]
            height += size * 1.18 * len(lines) + 1
    height += 12
    if text.partners:
        height += 22
    return height + description


def _draw_lower(canvas: Canvas, text: PosterText, style: Lower, *, x: float, top: float,
                width: float, description: float) -> None:
    parts = _lower_parts(text, style, width)
    indent = parts["indent"]
    align = "center" if style.center else "left"
    anchor = x + width / 2 if style.center else x + indent
    if "when" in parts:
        size, lines = parts["when"]
        if style.icons:
            motifs.draw_clock(canvas, x=x, y=top - size * 0.95, size=20, color=style.accent)
        top = design.draw_lines(canvas, lines, x=anchor, top=top, font=style.when_font,
                                size=size, align=align, color=style.when_color)
        top = design.draw_lines(canvas, [text.when_detail], x=anchor, top=top - 2,
                                font=style.detail_font, size=style.detail_size, align=align,
                                color=style.ink) - 8
    if "place" in parts:
        size, lines = parts["place"]
        if style.icons:
            motifs.draw_pin(canvas, x=x + 3, y=top - 17, size=15, color=style.accent)
        top = design.draw_lines(canvas, lines, x=anchor, top=top, font=SANS_BOLD, size=size,
                                align=align, color=style.ink)
    if "audience" in parts:
        size, lines = parts["audience"]
        top = design.draw_lines(canvas, lines, x=anchor, top=top - 1, font=SANS_ITALIC,
                                size=size, align=align, color=style.ink)
    top -= 12
    if text.description:
        top = design.paragraph(canvas, text.description, x=x, top=top, width=width,
                               height=description, font=style.body_font, size=style.body_size,
                               color=style.ink, align=TA_CENTER if style.center else 0,
                               smallest=8)
    if text.partners:
        size, lines = design.fit_lines(text.partners, SANS_ITALIC, width, largest=11,
                                       smallest=7, max_lines=1)
        design.draw_lines(canvas, lines[:1], x=x + width / 2 if style.center else x,
                          top=top - 10, font=SANS_ITALIC, size=size, align=align,
                          color=style.ink)


def _layout(text: PosterText, style: Lower, *, width: float, hero_top: float, floor: float,
            min_hero: float = 190) -> tuple[float, float]:
    """Where the picture ends and the words begin: the words take what they need from the
    bottom up (the description shrinks when space is short), the picture the rest."""
    room = hero_top - min_hero - 20 - floor
    fixed = _lower_height(text, style, width, 0)
    wanted = design.paragraph_height(text.description, width=width, font=style.body_font,
                                     size=style.body_size)
    description = max(0.0, min(wanted, room - fixed))
    lower_top = floor + fixed + description
    return lower_top + 20, description


# -- bright: for children ----------------------------------------------------------------
def _bright(canvas: Canvas, text: PosterText, event: EventView, library: LibraryInfo,
            p: design.Palette) -> None:
    m = 36
    canvas.setFillColor(p.paper)
    canvas.rect(0, 0, W, H, stroke=0, fill=1)
    canvas.setFillColor(p.soft)
    canvas.circle(W - 40, H - 10, 230, stroke=0, fill=1)
    canvas.circle(-30, 300, 110, stroke=0, fill=1)
    motifs.draw_confetti(canvas, x=m, y=H - 120, width=W - 2 * m, height=100,
                         colors=p.extra, count=14, seed=event.id)
    design.draw_lines(canvas, [text.library.upper()], x=m, top=H - m, font=SANS_BOLD, size=12,
                      color=p.main, width=W - 2 * m - 120)
    design.draw_logo(canvas, library.logo_path, x=W - m - 110, y=H - m - 46, width=110,
                     height=46)
    # The kind of event as a pill.
    pill_w = design.stringwidth(text.kind.upper(), SANS_BOLD, 12) + 28
    canvas.setFillColor(p.accent)
    canvas.roundRect(m, H - 100, pill_w, 26, 13, stroke=0, fill=1)
    design.draw_lines(canvas, [text.kind.upper()], x=m + 14, top=H - 80, font=SANS_BOLD,
                      size=12, color=white)
    size, lines = design.fit_lines(text.title, SANS_BOLD, W - 2 * m, largest=48, smallest=24,
                                   max_lines=3)
    bottom = design.draw_lines(canvas, lines, x=m, top=H - 116, font=SANS_BOLD, size=size,
                               leading=size * 1.08, color=p.ink)
    style = Lower(when_font=SANS_BOLD, when_color=p.accent, detail_font=SANS_BOLD, ink=p.ink,
                  accent=p.main, body_font=SANS)
    hero_top = bottom - 16
    hero_bottom, description = _layout(text, style, width=W - 2 * m, hero_top=hero_top,
                                       floor=104)
    box = (m, hero_bottom, W - 2 * m, hero_top - hero_bottom)

    def motif(x: float, y: float, w: float, h: float) -> None:
        canvas.setFillColor(p.extra[2])
        canvas.roundRect(x, y, w, h, 22, stroke=0, fill=1)
        canvas.setFillColor(p.extra[1])
        canvas.ellipse(x - 40, y - 60, x + w * 0.65, y + h * 0.32, stroke=0, fill=1)
        canvas.setFillColor(p.main)
        canvas.ellipse(x + w * 0.35, y - 80, x + w + 50, y + h * 0.26, stroke=0, fill=1)
        motifs.draw_sun(canvas, cx=x + w - 80, cy=y + h - 70, radius=min(34, h * 0.14),
                        color=p.extra[0])
        motifs.draw_confetti(canvas, x=x + 20, y=y + h * 0.55, width=w * 0.5, height=h * 0.4,
                             colors=(white,), count=9, seed=event.id + 7)
        motifs.draw_book(canvas, cx=x + w / 2, cy=y + h * 0.42, width=min(w * 0.5, h * 0.95),
                         cover=p.accent, pages=white, lines=p.extra[2])

    canvas.saveState()
    clip = canvas.beginPath()
    clip.roundRect(*box, 22)
    canvas.clipPath(clip, stroke=0, fill=0)
    _picture_or(canvas, event, box, 22, motif)
    canvas.restoreState()
    _draw_lower(canvas, text, style, x=m, top=hero_bottom - 20, width=W - 2 * m,
                description=description)
    # Footer band with the library and the QR code.
    canvas.setFillColor(p.main)
    canvas.rect(0, 0, W, 92, stroke=0, fill=1)
    _footer_text(canvas, text, x=m, top=72, width=W - 2 * m - (100 if text.link else 0),
                 color=white, font=SANS_BOLD, font_small=SANS)
    if text.link:
        _qr_block(canvas, text, x=W - m - 70, y=12, size=70, color=p.ink)


# -- classic: readings, exhibitions, meetings ----------------------------------------------
def _classic(canvas: Canvas, text: PosterText, event: EventView, library: LibraryInfo,
             p: design.Palette) -> None:
    canvas.setFillColor(p.paper)
    canvas.rect(0, 0, W, H, stroke=0, fill=1)
    canvas.setStrokeColor(p.main)
    canvas.setLineWidth(2.2)
    canvas.rect(18, 18, W - 36, H - 36, stroke=1, fill=0)
    canvas.setLineWidth(0.7)
    canvas.rect(25, 25, W - 50, H - 50, stroke=1, fill=0)
    cx = W / 2
    name = safe_text.one_line(text.library.upper(), SERIF, 12, W - 140)
    design.draw_lines(canvas, [name], x=cx, top=H - 52, font=SERIF, size=12, align="center",
                      color=p.main)
    half = design.stringwidth(name, SERIF, 12) / 2
    canvas.setLineWidth(0.8)
    canvas.line(cx - half - 60, H - 59, cx - half - 12, H - 59)
    canvas.line(cx + half + 12, H - 59, cx + half + 60, H - 59)
    design.draw_logo(canvas, library.logo_path, x=W - 40 - 70, y=H - 40 - 44, width=70,
                     height=44)
    design.draw_lines(canvas, [text.kind], x=cx, top=H - 86, font=SANS_ITALIC, size=17,
                      align="center", color=p.accent)
    size, lines = design.fit_lines(text.title, SERIF_BOLD, W - 110, largest=42, smallest=22,
                                   max_lines=3)
    bottom = design.draw_lines(canvas, lines, x=cx, top=H - 116, font=SERIF_BOLD, size=size,
                               leading=size * 1.12, align="center", color=p.ink)
    ornament_y = bottom - 16
    motifs.draw_leaf_sprig(canvas, x=cx - 12, y=ornament_y, length=70, color=p.extra[0],
                           mirror=True)
    motifs.draw_leaf_sprig(canvas, x=cx + 12, y=ornament_y, length=70, color=p.extra[0])
    canvas.setFillColor(p.accent)
    canvas.circle(cx, ornament_y, 4, stroke=0, fill=1)
    style = Lower(when_font=SERIF_BOLD, when_color=p.main, detail_font=SERIF, ink=p.ink,
                  accent=p.main, body_font=SERIF, center=True, icons=False, when_size=28,
                  body_size=14)
    text_right = W - 70 - (90 if text.link else 0)
    hero_top = ornament_y - 26
    hero_bottom, description = _layout(text, style, width=W - 140, hero_top=hero_top,
                                       floor=98)
    box = (70, hero_bottom, W - 140, hero_top - hero_bottom)

    def motif(x: float, y: float, w: float, h: float) -> None:
        canvas.setFillColor(p.soft)
        canvas.rect(x, y, w, h, stroke=0, fill=1)
        motifs.draw_book(canvas, cx=x + w / 2, cy=y + h * 0.45, width=min(w * 0.5, h * 0.9),
                         cover=p.main, pages=p.paper, lines=p.extra[0])
        motifs.draw_leaf_sprig(canvas, x=x + w / 2 - min(w * 0.25, h * 0.45) - 10,
                               y=y + h * 0.3, length=w * 0.2, color=p.main, mirror=True)
        motifs.draw_leaf_sprig(canvas, x=x + w / 2 + min(w * 0.25, h * 0.45) + 10,
                               y=y + h * 0.3, length=w * 0.2, color=p.main)

    _picture_or(canvas, event, box, 0, motif)
    canvas.setStrokeColor(p.extra[0])
    canvas.setLineWidth(0.8)
    canvas.rect(box[0] - 6, box[1] - 6, box[2] + 12, box[3] + 12, stroke=1, fill=0)
    _draw_lower(canvas, text, style, x=70, top=hero_bottom - 20, width=W - 140,
                description=description)
    canvas.setStrokeColor(p.main)
    canvas.setLineWidth(0.7)
    canvas.line(70, 84, W - 70, 84)
    _footer_text(canvas, text, x=70, top=74, width=text_right - 70, color=p.main,
                 font=SERIF_BOLD, font_small=SERIF)
    if text.link:
        _qr_block(canvas, text, x=W - 70 - 56, y=34, size=56, color=p.ink)


# -- modern: clubs, workshops and the rest ---------------------------------------------------
def _modern(canvas: Canvas, text: PosterText, event: EventView, library: LibraryInfo,
            p: design.Palette) -> None:
    col = 190
    canvas.setFillColor(p.paper)
    canvas.rect(0, 0, W, H, stroke=0, fill=1)
    canvas.setFillColor(p.main)
    canvas.rect(0, 0, col, H, stroke=0, fill=1)
    canvas.setFillColor(p.accent)
    canvas.rect(0, H - 14, col, 14, stroke=0, fill=1)
    # The date column.
    x = 24
    top = design.draw_lines(canvas, [text.kind.upper()], x=x, top=H - 44, font=SANS_BOLD,
                            size=12, color=p.extra[0])
    if event.runs_for_days:
        size, lines = design.fit_lines(text.when, SANS_BOLD, col - 2 * x, largest=24,
                                       smallest=14, max_lines=5)
        top = design.draw_lines(canvas, lines, x=x, top=top - 40, font=SANS_BOLD, size=size,
                                color=white)
    else:
        day = event.starts_at.date()
        top = design.draw_lines(canvas, [latvian_dates.weekday(day)], x=x, top=top - 40,
                                font=SANS, size=20, color=white)
        top = design.draw_lines(canvas, [latvian_dates.day_number(day)], x=x - 4, top=top + 4, font=SANS_BOLD,
                                size=120, color=white)
        top = design.draw_lines(canvas, [tr(f"events.date.month_loc.{day.month}")], x=x,
                                top=top + 6, font=SANS_BOLD, size=24, color=white)
    size, lines = design.fit_lines(text.when_detail, SANS_BOLD, col - 2 * x, largest=20,
                                   smallest=11, max_lines=3)
    design.draw_lines(canvas, lines, x=x, top=top - 16, font=SANS_BOLD, size=size,
                      color=p.accent)
    if text.link:
        canvas.setFillColor(white)
        canvas.roundRect(x - 6, 154, 100, 100, 8, stroke=0, fill=1)
        design.draw_qr(canvas, text.link, x=x - 2, y=158, size=92, color=p.main)
        design.draw_lines(canvas, [text.qr_caption], x=x, top=146, font=SANS, size=9,
                          color=white, width=W - x - 20)
    size, lines = design.fit_lines(text.library, SANS_BOLD, col - 2 * x, largest=13,
                                   smallest=9, max_lines=2)
    bottom = design.draw_lines(canvas, lines, x=x, top=112, font=SANS_BOLD, size=size,
                               color=white)
    contact = [part for part in (library.address, library.phone, library.email) if part]
    design.paragraph(canvas, "\n".join(contact), x=x, top=bottom - 4, width=col - 2 * x,
                     height=bottom - 22, font=SANS, size=8.5, color=white)
    # The main column.
    left, right = col + 28, W - 32
    width = right - left
    design.draw_logo(canvas, library.logo_path, x=right - 100, y=H - 70, width=100, height=40)
    size, lines = design.fit_lines(text.title, SANS_BOLD, width, largest=40, smallest=22,
                                   max_lines=4)
    bottom = design.draw_lines(canvas, lines, x=left, top=H - 86, font=SANS_BOLD, size=size,
                               leading=size * 1.08, color=p.ink)
    canvas.setFillColor(p.accent)
    canvas.rect(left, bottom - 16, 64, 6, stroke=0, fill=1)
    style = Lower(when_font=SANS_BOLD, when_color=p.accent, detail_font=SANS_BOLD, ink=p.ink,
                  accent=p.accent, body_font=SANS, show_when=False)
    hero_top = bottom - 34
    hero_bottom, description = _layout(text, style, width=width, hero_top=hero_top, floor=36,
                                       min_hero=260)
    box = (left, hero_bottom, width, hero_top - hero_bottom)

    def motif(x0: float, y0: float, w: float, h: float) -> None:
        canvas.setFillColor(p.soft)
        canvas.rect(x0, y0, w, h, stroke=0, fill=1)
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(x0, y0, w, h)
        canvas.clipPath(clip, stroke=0, fill=0)
        for (fx, fy, fr, color) in ((0.15, 0.85, 0.3, p.extra[1]), (0.95, 0.1, 0.45, p.accent),
                                    (0.85, 0.95, 0.16, p.extra[0])):
            canvas.setFillColor(color)
            canvas.circle(x0 + w * fx, y0 + h * fy, min(w, h) * fr, stroke=0, fill=1)
        canvas.restoreState()
        motifs.draw_book(canvas, cx=x0 + w / 2, cy=y0 + h * 0.45, width=min(w * 0.55, h * 0.9),
                         cover=p.main, pages=white, lines=p.extra[1])

    _picture_or(canvas, event, box, 0, motif)
    _draw_lower(canvas, text, style, x=left, top=hero_bottom - 22, width=width,
                description=description)


# -- shared parts ----------------------------------------------------------------------------
def _footer_text(canvas: Canvas, text: PosterText, *, x: float, top: float, width: float,
                 color: Color, font: str, font_small: str) -> None:
    size, lines = design.fit_lines(text.library, font, width, largest=16, smallest=10,
                                   max_lines=1)
    bottom = design.draw_lines(canvas, lines[:1], x=x, top=top, font=font, size=size,
                               color=color)
    if text.contact:
        design.paragraph(canvas, text.contact, x=x, top=bottom - 2, width=width,
                         height=max(bottom - 12, 10), font=font_small, size=10, color=color)


def _qr_block(canvas: Canvas, text: PosterText, *, x: float, y: float, size: float,
              color: Color) -> None:
    canvas.setFillColor(white)
    canvas.roundRect(x - 4, y - 4, size + 8, size + 8, 5, stroke=0, fill=1)
    design.draw_qr(canvas, text.link, x=x, y=y, size=size, color=color)
