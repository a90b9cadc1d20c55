"""Flyers (skrejlapas): the poster at A5, two to an A4 sheet, with a cut line between.

The same drawing as the poster, scaled to A5, so a flyer and its poster match on the
notice board and in the shop window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape

from rozupe_desk.i18n import tr
from rozupe_desk.reports import design, posters

if TYPE_CHECKING:
    from rozupe_desk.services.events.events import EventView, LibraryInfo

SHEET = landscape(A4)  # two A5 portraits side by side


def build_flyer(event: EventView, library: LibraryInfo, target: str | Path, *,
                template: str | None = None) -> Path:
    """Write an A4 sheet holding two A5 flyers of the event; returns the path."""
    target = Path(target)
    canvas = design.new_canvas(str(target), SHEET, title=event.title, author=library.name,
                               subject=tr("flyers.subject"))
    half = SHEET[0] / 2
    scale = half / posters.W
    for left in (0, half):
        canvas.saveState()
        canvas.translate(left, 0)
        canvas.scale(scale, SHEET[1] / posters.H)
        posters.draw_poster(canvas, event, library, template=template)
        canvas.restoreState()
    # A dashed cut line down the middle, with tick marks at the paper's edges.
    canvas.setStrokeColor(HexColor("#9A9A9A"))
    canvas.setLineWidth(0.5)
    canvas.setDash(4, 3)
    canvas.line(half, 0, half, SHEET[1])
    canvas.showPage()
    canvas.save()
    return target
