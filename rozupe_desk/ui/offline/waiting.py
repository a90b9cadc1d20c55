"""`offlineWaitingPage`: a tab's place while the window started without the server - one
calm line instead of its content (and no error dialog); the tab itself is built, and loads,
when the server answers (`MainWindow`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from rozupe_desk.i18n import tr


class WaitingPage(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("offline.tab_waits"), parent)
        self.setObjectName("offlineWaitingPage")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(40)
