"""The one place that registers the TTF fonts every PDF embeds.

reportlab's built-in fonts lack Latvian letters (ā ē ī ū ķ ļ ņ ģ); DejaVu has them all.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from rozupe_desk import config

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
SANS_BOLD_ITALIC = "DejaVuSans-BoldOblique"
SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"


@cache
def register_fonts() -> None:
    """Register the fonts once per process; call before building any PDF."""
    folder = config.resources_dir() / "fonts"
    for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC, SERIF, SERIF_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
