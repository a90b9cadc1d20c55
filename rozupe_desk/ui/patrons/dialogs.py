"""Small non-blocking dialogs of the readers' tab: choosing a file, confirming an act.

Both are shown with `open()`, never `exec()`, so the window keeps painting and tests can
answer them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from rozupe_desk.i18n import tr
from rozupe_desk.ui import files


def ask_file(parent: QWidget, *, title: str, name_filter: str, on_chosen: Callable[[str], None],
             save: bool, suggested: str = "") -> QFileDialog:
    return files.ask_file(parent, title=title, name_filter=name_filter, on_chosen=on_chosen,
                          save=save, suggested=suggested, object_name="patronsFileDialog")


def confirm(parent: QWidget, *, text: str, on_yes: Callable[[], None]) -> QMessageBox:
    """Ask before an act that cannot be undone; `on_yes` runs only on „Jā”."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("patrons.confirm_title"), text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("patronsConfirm")
    box.button(QMessageBox.StandardButton.Yes).setText(tr("patrons.yes"))
    box.button(QMessageBox.StandardButton.No).setText(tr("patrons.no"))
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def answered(_result: int) -> None:
        said_yes = box.clickedButton() == box.button(QMessageBox.StandardButton.Yes)
        box.deleteLater()
        if said_yes:
            on_yes()

    box.finished.connect(answered)
    box.open()
    return box
