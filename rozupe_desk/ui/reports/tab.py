"""The reports tab (Pārskati): statistics and printed reports."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rozupe_desk.i18n import tr


class ReportsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsTab")
        intro = QLabel(tr("reports.intro"), self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addStretch(1)
