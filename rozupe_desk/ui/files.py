"""The one file chooser of the window: opened with `open()` (never a blocking `exec()`), so
the window keeps painting and tests can answer it by its object name."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_file(parent: QWidget, *, title: str, name_filter: str, on_chosen: Callable[[str], None],
             save: bool, suggested: str = "", object_name: str = "fileDialog") -> QFileDialog:
    """Ask for a file to read (or, with `save`, to write); `on_chosen(path)` runs when one
    is picked."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName(object_name)
    dialog.setNameFilter(name_filter)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suggested:
            dialog.selectFile(suggested)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(on_chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
