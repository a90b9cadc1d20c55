"""Choosing files without blocking the window, and opening a finished PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from rozupe_desk.i18n import tr


def ask_save_pdf(parent: QWidget, default_name: str, on_chosen: Callable[[str], None]) -> None:
    """Ask where to save a PDF; `on_chosen(path)` runs when the librarian picks a file."""
    dialog = QFileDialog(parent, tr("events.ui.save_pdf"), str(Path.home() / default_name),
                         tr("events.ui.pdf_filter"))
    dialog.setObjectName("savePdfDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("pdf")
    dialog.fileSelected.connect(on_chosen)
    dialog.open()


def ask_picture(parent: QWidget, on_chosen: Callable[[str], None]) -> None:
    dialog = QFileDialog(parent, tr("events.ui.choose_picture"), str(Path.home()),
                         tr("events.ui.picture_filter"))
    dialog.setObjectName("pictureDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(on_chosen)
    dialog.open()


def open_file(path: str | Path) -> None:
    """Show the PDF in the system's viewer (not under the headless test platform)."""
    if QGuiApplication.platformName() != "offscreen":
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
