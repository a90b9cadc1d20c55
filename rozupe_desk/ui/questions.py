"""A yes/no question opened with `open()` (never a blocking `exec()`): the window keeps
painting, tests answer it by its object name, and "no" is the default for Enter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, *, title: str, text: str, yes: str, no: str,
        on_yes: Callable[[], None], object_name: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName(object_name)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def answered(button: int) -> None:
        if button == QMessageBox.StandardButton.Yes:
            on_yes()

    box.finished.connect(answered)
    box.open()
    return box
