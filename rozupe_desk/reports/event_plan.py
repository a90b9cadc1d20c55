"""The month's events plan (pasākumu plāns): an A4 page for the library door and the
municipality newsletter, one row per event with a date badge, flowing onto more pages
when the month is busy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from rozupe_desk.i18n import tr
from rozupe_desk.reports import design, latvian_dates, motifs
from rozupe_desk.reports.fonts import SANS, SANS_BOLD, SANS_ITALIC

if TYPE_CHECKING:
    from rozupe_desk.services.events.events import EventView, LibraryInfo

W, H = A4
M = 40
PALETTE = design.PALETTES["modern"]
CHILDREN = design.PALETTES["bright"].accent
GREY = HexColor("#5E6172")


@dataclass(frozen=True)
class _Row:
    event: EventView
    badge_day: date
    title: tuple[float, list[str]]
    when: list[str]
    about: list[str]

    @property
    def height(self) -> float:
        size, lines = self.title
        return max(72, 14 + len(lines) * size * 1.2 + len(self.when) * 13 + 5
                   + len(self.about) * 13 + 12)


def opening_hours_text(hours: dict[str, str]) -> str:
    """`O–Pk 10–18, S 10–15`: consecutive days with the same hours grouped."""
    groups: list[list] = []
    for day in range(7):
        value = (hours.get(str(day)) or "").strip()
        if not value:
            continue
        value = value.replace("-", "–")
        if groups and groups[-1][2] == value and groups[-1][1] == day - 1:
            groups[-1][1] = day
        else:
            groups.append([day, day, value])
    parts = []
    for first, last, value in groups:
        days = latvian_dates.weekday_short(first)
        if last != first:
            days += "–" + latvian_dates.weekday_short(last)
        parts.append(f"{days} {value}")
    return ", ".join(parts)


def plan_text(events: list[EventView], library: LibraryInfo, *, year: int, month: int) -> str:
    """The plan as plain text, to paste into the municipality newsletter or a web page."""
    name = library.name or tr("posters.library_fallback")
    lines = [f"{name}: {tr('plan.heading').lower()} – {latvian_dates.month_title(year, month)}",
             ""]
    if not events:
        lines.append(tr("plan.empty"))
    for event in events:
        when = latvian_dates.when(event.starts_at, event.ends_at)
        lines.append(f"{when[:1].upper()}{when[1:]} – {event.title}")
        details = [part for part in (event.place, event.audience) if part]
        if details:
            lines.append("   " + " ".join(_sentence(part) for part in details))
    contact = " · ".join(part for part in (library.address, library.phone, library.email)
                         if part)
    if contact:
        lines += ["", contact]
    return "\n".join(lines) + "\n"


def build_event_plan(events: list[EventView], library: LibraryInfo, target: str | Path, *,
                     year: int, month: int) -> Path:
    """Write the plan of `events` (those taking place in the month) to `target`."""
    target = Path(target)
    title = latvian_dates.month_title(year, month)
    canvas = design.new_canvas(str(target), A4, title=tr("plan.title_meta", month=title),
                               author=library.name)
    first = date(year, month, 1)
    rows = [_row(event, first) for event in events]
    page = 1
    top = _header(canvas, library, title, page)
    if not rows:
        design.draw_lines(canvas, [tr("plan.empty")], x=M, top=top - 20, font=SANS_ITALIC,
                          size=14, color=GREY)
    for row in rows:
        if top - row.height < 86:
            _footer(canvas, library, page)
            canvas.showPage()
            page += 1
            top = _header(canvas, library, title, page)
        top = _draw_row(canvas, row, top)
    if top > 330:
        _welcome(canvas, top)
    _footer(canvas, library, page)
    canvas.showPage()
    canvas.save()
    return target


def _tags(event: EventView) -> list[str]:
    tags = [tr(f"posters.kind.{event.kind}")]
    if event.for_children:
        tags.append(tr("plan.for_children"))
    return tags


def _tags_width(tags: list[str]) -> float:
    return sum(design.stringwidth(tag, SANS_BOLD, 8.5) + 20 for tag in tags)


def _row(event: EventView, first_of_month: date) -> _Row:
    width = W - 2 * M - 84 - _tags_width(_tags(event)) - 6
    title = design.fit_lines(event.title, SANS_BOLD, width, largest=15, smallest=11,
                             max_lines=2)
    if event.runs_for_days:
        when = latvian_dates.date_range(event.starts_at.date(), event.ends_at.date())
    else:
        when = latvian_dates.time_phrase(event.starts_at, event.ends_at)
    where = " · ".join(part for part in (when, event.place) if part)
    where_lines = design.fit_lines(where, SANS_BOLD, W - 2 * M - 84, largest=11, smallest=11,
                                   max_lines=2)[1]
    about_text = " ".join(_sentence(part) for part in (event.audience, event.description)
                          if part)
    about = design.fit_lines(about_text, SANS, W - 2 * M - 84, largest=10, smallest=10,
                             max_lines=3)[1] if about_text else []
    return _Row(event=event, badge_day=max(event.starts_at.date(), first_of_month), title=title,
                when=where_lines[:2], about=about[:3])


def _sentence(text: str) -> str:
    """`text` ending in a full stop unless it ends in other punctuation already."""
    text = text.strip()
    return text if text[-1:] in ".!?…" else text + "."


def _header(canvas: Canvas, library: LibraryInfo, title: str, page: int) -> float:
    p = PALETTE
    band = 150 if page == 1 else 70
    canvas.setFillColor(p.main)
    canvas.rect(0, H - band, W, band, stroke=0, fill=1)
    canvas.setFillColor(p.accent)
    canvas.rect(0, H - band, W, 6, stroke=0, fill=1)
    name = (library.name or tr("posters.library_fallback")).upper()
    if page == 1:
        design.draw_lines(canvas, [name], x=M, top=H - 30, font=SANS_BOLD, size=11,
                          color=p.extra[0], width=W - 2 * M - 130)
        design.draw_lines(canvas, [tr("plan.heading")], x=M, top=H - 52, font=SANS_BOLD,
                          size=34, color=white)
        design.draw_lines(canvas, [title], x=M, top=H - 98, font=SANS, size=22, color=white)
        design.draw_logo(canvas, library.logo_path, x=W - M - 120, y=H - 110, width=120,
                         height=70)
        return H - band - 24
    design.draw_lines(canvas, [f"{tr('plan.heading')} · {title}"], x=M, top=H - 26,
                      font=SANS_BOLD, size=16, color=white)
    return H - band - 20


def _draw_row(canvas: Canvas, row: _Row, top: float) -> float:
    p = PALETTE
    event = row.event
    color = CHILDREN if event.for_children else p.main
    canvas.setFillColor(color)
    canvas.roundRect(M, top - 64, 64, 64, 10, stroke=0, fill=1)
    day = row.badge_day
    design.draw_lines(canvas, [latvian_dates.weekday_short(day.weekday())], x=M + 32,
                      top=top - 7, font=SANS_BOLD, size=11, align="center", color=white)
    design.draw_lines(canvas, [str(day.day)], x=M + 32, top=top - 21, font=SANS_BOLD, size=30,
                      align="center", color=white)
    x = M + 84
    size, lines = row.title
    bottom = design.draw_lines(canvas, lines, x=x, top=top, font=SANS_BOLD, size=size,
                               leading=size * 1.2, color=p.ink)
    tags = _tags(event)
    tag_x = W - M
    for tag in reversed(tags):
        width = design.stringwidth(tag, SANS_BOLD, 8.5) + 14
        tag_x -= width
        canvas.setFillColor(CHILDREN if tag != tags[0] else p.soft)
        canvas.roundRect(tag_x, top - 15, width, 15, 7.5, stroke=0, fill=1)
        design.draw_lines(canvas, [tag], x=tag_x + 7, top=top - 3.5, font=SANS_BOLD, size=8.5,
                          color=white if tag != tags[0] else p.main)
        tag_x -= 6
    bottom = design.draw_lines(canvas, row.when, x=x, top=bottom - 3, font=SANS_BOLD,
                               size=11, leading=13, color=color)
    if row.about:
        design.draw_lines(canvas, row.about, x=x, top=bottom - 3, font=SANS, size=10,
                          leading=13, color=GREY)
    end = top - row.height
    canvas.setStrokeColor(p.soft)
    canvas.setLineWidth(1)
    canvas.line(M, end + 6, W - M, end + 6)
    return end - 8


def _welcome(canvas: Canvas, top: float) -> None:
    """Fill a quiet month's empty page with an open book and a welcome, not white space."""
    p = design.PALETTES["bright"]
    cx, cy = W / 2, 80 + (top - 80) * 0.45
    size = min(200, (top - 80) * 0.5)
    canvas.setFillColor(p.soft)
    canvas.circle(cx, cy + size * 0.1, size * 0.75, stroke=0, fill=1)
    motifs.draw_sun(canvas, cx=cx + size * 0.55, cy=cy + size * 0.55, radius=size * 0.12,
                    color=p.extra[0])
    motifs.draw_book(canvas, cx=cx, cy=cy, width=size, cover=p.accent, pages=white,
                     lines=p.extra[2])
    design.draw_lines(canvas, [tr("plan.welcome")], x=cx, top=cy - size * 0.7 - 8, font=SANS_BOLD,
                      size=16, align="center", color=PALETTE.main)


def _footer(canvas: Canvas, library: LibraryInfo, page: int) -> None:
    p = PALETTE
    canvas.setFillColor(p.soft)
    canvas.rect(0, 0, W, 64, stroke=0, fill=1)
    contact = " · ".join(part for part in (library.address, library.phone, library.email)
                         if part)
    lines = [library.name or tr("posters.library_fallback")]
    if contact:
        lines.append(contact)
    hours = opening_hours_text(library.opening_hours)
    if hours:
        lines.append(tr("plan.opening_hours", hours=hours))
    design.draw_lines(canvas, lines[:1], x=M, top=54, font=SANS_BOLD, size=10, color=p.main)
    design.draw_lines(canvas, lines[1:], x=M, top=40, font=SANS, size=8.5, leading=12,
                      color=p.ink)
    design.draw_lines(canvas, [str(page)], x=W - M, top=54, font=SANS_BOLD, size=10,
                      align="right", color=p.main)
