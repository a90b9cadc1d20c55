"""The events tab (Pasākumi): the list of events."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget


class EventsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsTab")
        self.table = QTableView(self)
        self.table.setObjectName("eventsTable")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
