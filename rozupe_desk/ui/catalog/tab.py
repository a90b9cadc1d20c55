"""The collection tab (Krājums): catalogue search and the titles."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

from rozupe_desk.i18n import tr


class CatalogTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogTab")
        self.search = QLineEdit(self)
        self.search.setObjectName("catalogSearch")
        self.search.setPlaceholderText(tr("catalog.search_placeholder"))
        self.search.setClearButtonEnabled(True)
        self.table = QTableView(self)
        self.table.setObjectName("catalogTable")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
