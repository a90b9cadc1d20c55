"""The overdue list on the desk: every copy past its due date, sortable, in pages.

Sorted and paged in SQL (`services.desk.overdue_page`), so a municipality's thousands of
late copies never freeze the desk; loaded when the librarian opens the list (F5 reloads).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import tr
from rozupe_desk.services import desk
from rozupe_desk.ui.desk.loans_model import day_text
from rozupe_desk.ui.table_model import Column, LazyTableModel

COLUMNS = [
    Column("days", "desk.col.overdue_days", align_right=True),
    Column("due_on", "desk.col.due", formatter=day_text),
    Column("reader", "desk.col.reader"),
    Column("card", "desk.col.card"),
    Column("phone", "desk.col.phone"),
    Column("title", "desk.col.title"),
    Column("barcode", "desk.col.barcode"),
]


class OverdueView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdueView")
        self.model = LazyTableModel(COLUMNS, desk.overdue_page, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("overdueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans keep going to the desk
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # Sort on header clicks only: enabling view sorting would query at construction.
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # the query's own order
        header.sortIndicatorChanged.connect(self.model.sort)
        self.total = QLabel(self)
        self.total.setObjectName("overdueTotal")
        refresh = QPushButton(tr("desk.button.refresh"), self)
        refresh.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.total, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        self.total.setText(tr("desk.overdue_total", count=desk.overdue_count()))
        self.model.reload()
        self.table.resizeColumnsToContents()
