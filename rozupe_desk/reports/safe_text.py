"""Any text of any length in any PDF: the one place where the librarian's text (titles,
names, addresses, descriptions, the library's name) is made safe for reportlab.

A 10 000-character title with no spaces, or one holding `<b>`, `&` or `<font>`, must never
break a document: text is cleaned of control characters a PDF cannot show, escaped for
reportlab's paragraph markup, and shortened with "…" to a length that fits where it goes
(one line on a card or a label; a few lines in a table cell, whose row cannot split across
pages; a page of body text at most).
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"
NAME = 160  # a name, a title heading, the library's name: a line or two
CELL = 400  # a table cell: a row must fit on one page
PARAGRAPH = 2000  # body text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: object) -> str:
    """`text` as a string without the control characters no document can hold (tabs and
    carriage returns become spaces, newlines stay)."""
    value = "" if text is None else str(text)
    return _CONTROL.sub("", value.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))


def shorten(text: object, limit: int) -> str:
    """Clean `text`, cut to at most `limit` characters, ending in "…" when it was cut."""
    value = clean(text)
    if len(value) <= limit:
        return value
    return value[:limit - 1].rstrip() + ELLIPSIS


def escape(text: object, limit: int = PARAGRAPH) -> str:
    """`text` shortened and escaped for a reportlab `Paragraph` (markup shows as text)."""
    return (shorten(text, limit).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def one_line(text: object, font: str, size: float, width: float) -> str:
    """`text` on one line of `width` points, shortened with "…" when it is wider."""
    value = " ".join(shorten(text, NAME).split())
    if stringWidth(value, font, size) <= width:
        return value
    low, high = 0, len(value)  # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(value[:middle].rstrip() + ELLIPSIS, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip() + ELLIPSIS if low else ""


def hard_wrap(lines: list[str], font: str, size: float, width: float) -> list[str]:
    """`lines` with every line wider than `width` (a word with no spaces) broken where it
    fills the width."""
    wrapped: list[str] = []
    for line in lines:
        while line and stringWidth(line, font, size) > width:
            cut = len(one_line(line, font, size, width)) - 1 or 1
            wrapped.append(line[:cut])
            line = line[cut:]
        wrapped.append(line)
    return wrapped
