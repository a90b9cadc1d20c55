"""The About dialog: what the program is, its version, where the data lives."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from rozupe_desk import __version__, logs
from rozupe_desk.i18n import tr


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, db_target: str) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr("about.title"))
        text = QLabel(tr("about.text", version=__version__, database=db_target,
                         log=logs.log_file()), self)
        text.setWordWrap(True)
        text.setTextInteractionFlags(text.textInteractionFlags() | text.textInteractionFlags().TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
