"""Small pieces the collection's dialogs share: names of statuses and types, a message line,
and file choosers opened with `open()` (never a blocking `exec()`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from rozupe_desk.i18n import tr
from rozupe_desk.ui.files import ask_file


def status_text(status: str) -> str:
    return tr(f"catalog.status_{status}")


def type_text(document_type: str) -> str:
    return tr(f"catalog.type_{document_type}")


class MessageLine(QLabel):
    """One line that says what just happened: green for done, red for a refusal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMinimumHeight(28)

    def ok(self, text: str) -> None:
        self.setStyleSheet("QLabel { background: #e3f4e1; color: #1d4d1a; padding: 4px; }")
        self.setText(text)

    def error(self, text: str) -> None:
        self.setStyleSheet("QLabel { background: #fbe3e1; color: #7a1a12; padding: 4px; }")
        self.setText(text)

    def clear_message(self) -> None:
        self.setStyleSheet("")
        self.clear()


def choose_file(parent: QWidget, *, caption_key: str, filter_key: str, save: bool,
                on_chosen: Callable[[str], None], default_name: str = "") -> QFileDialog:
    """Open a file chooser window-modally; `on_chosen(path)` runs when a file is picked."""
    return ask_file(parent, title=tr(caption_key), name_filter=tr(filter_key), save=save,
                    on_chosen=on_chosen, suggested=default_name,
                    object_name="catalogFileDialog")
