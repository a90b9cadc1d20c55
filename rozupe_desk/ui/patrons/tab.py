"""The readers tab (Lasītāji): search and the list of readers."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

from rozupe_desk.i18n import tr


class PatronsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patronsTab")
        self.search = QLineEdit(self)
        self.search.setObjectName("patronSearch")
        self.search.setPlaceholderText(tr("patrons.search_placeholder"))
        self.search.setClearButtonEnabled(True)
        self.table = QTableView(self)
        self.table.setObjectName("patronsTable")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
