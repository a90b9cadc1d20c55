"""`offlineRefusals`: the offline transactions the server refused on the return, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from rozupe_desk.i18n import tr
from rozupe_desk.services.offline.link import Refusal


class RefusalsDialog(QDialog):
    def __init__(self, parent: QWidget | None, refusals: list[Refusal]) -> None:
        super().__init__(parent)
        self.setObjectName("offlineRefusals")
        self.setWindowTitle(tr("offline.refused.window"))
        self.resize(720, 360)
        text = QLabel(tr("offline.refused.text"), self)
        text.setWordWrap(True)
        self.lines = QListWidget(self)
        self.lines.setObjectName("offlineRefusalLines")
        self.lines.setWordWrap(True)
        self.lines.addItems([refusal.shown for refusal in refusals])
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(tr("offline.refused.close"),
                                  QDialogButtonBox.ButtonRole.AcceptRole)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.lines, 1)
        layout.addWidget(buttons)
