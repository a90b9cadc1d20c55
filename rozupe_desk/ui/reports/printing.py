"""Printing a PDF document page by page on a QPrinter (QtPdf renders, QPainter draws)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter


def print_document(document: QPdfDocument, printer: QPrinter) -> None:
    """Each PDF page rendered at the printer's resolution and scaled to the printable
    area, keeping its proportions."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        dpi = printer.resolution()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = document.render(page, size)
            area = painter.viewport()
            scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), scaled), image)
    finally:
        painter.end()
