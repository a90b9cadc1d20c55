"""The program's icons: line drawings in `resources/icons/*.svg`, inked in the theme's colour.

The SVGs are rendered here with QtSvg rather than through Qt's SVG icon engine plugin, so a
frozen build needs no extra plugin and the high-contrast theme can recolour them.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from rozupe_desk import config
from rozupe_desk.ui.style import current_theme

INK = "#1f6f6a"  # the colour the SVG files are drawn in
SIZES = (16, 24, 32, 48)
APP_ICON = "rozupe-desk"


def _pixmap(svg: bytes, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg)).render(painter)
    painter.end()
    return pixmap


@cache
def _icon(name: str, ink: str, selected_ink: str) -> QIcon:
    path = config.resources_dir() / "icons" / f"{name}.svg"
    svg = path.read_text(encoding="utf-8")
    result = QIcon()
    if name == APP_ICON:
        for size in (*SIZES, 256):
            result.addPixmap(_pixmap(svg.encode("utf-8"), size))
        return result
    # on a selected row the icon takes the selection's text colour, so it stays visible
    for mode, colour in ((QIcon.Mode.Normal, ink), (QIcon.Mode.Selected, selected_ink)):
        inked = svg.replace(INK, colour).encode("utf-8")
        for size in SIZES:
            result.addPixmap(_pixmap(inked, size), mode)
    return result


def icon(name: str) -> QIcon:
    """The action icon `name` (e.g. "settings", "help") in the current theme's ink."""
    theme = current_theme()
    return _icon(name, theme.icon, theme.selection_text)


def app_icon() -> QIcon:
    return _icon(APP_ICON, INK, INK)
