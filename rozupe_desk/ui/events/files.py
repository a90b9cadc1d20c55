"""Choosing files without blocking the window, and opening a finished PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from rozupe_desk.i18n import tr
from rozupe_desk.ui import files


def ask_save_pdf(parent: QWidget, default_name: str, on_chosen: Callable[[str], None]) -> None:
    """Ask where to save a PDF; `on_chosen(path)` runs when the librarian picks a file."""
    files.ask_file(parent, title=tr("events.ui.save_pdf"), name_filter=tr("events.ui.pdf_filter"),
                   on_chosen=on_chosen, save=True, suggested=default_name,
                   object_name="savePdfDialog", default_suffix="pdf")


def ask_picture(parent: QWidget, on_chosen: Callable[[str], None]) -> None:
    files.ask_file(parent, title=tr("events.ui.choose_picture"),
                   name_filter=tr("events.ui.picture_filter"), on_chosen=on_chosen, save=False,
                   object_name="pictureDialog")


def open_file(path: str | Path) -> None:
    """Show the PDF in the system's viewer (not under the headless test platform)."""
    if QGuiApplication.platformName() != "offscreen":
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
