"""`offlineBanner`: the strip atop the window while the desk works without the server."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from rozupe_desk.i18n import tr

STYLE = ("QLabel#offlineBanner { background:#5e4300; color:#fff6dc; font-weight:bold;"
         " padding:6px 10px; }")


class OfflineBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("offline.banner"), parent)
        self.setObjectName("offlineBanner")
        self.setStyleSheet(STYLE)
        self.setVisible(False)
