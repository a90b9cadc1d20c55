"""The loaded reader's holds on the desk: kept for her (with the copy and the last day) or
still in the queue; a selected hold can be cancelled."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import tr
from rozupe_desk.ui.desk.loans_model import RowsModel, day_text

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("desk.col.title", "desk.col.hold_status", "desk.col.placed", "desk.col.barcode")


class HoldsModel(RowsModel):
    columns = COLUMNS
    set_holds = RowsModel.set_rows
    hold_at = RowsModel.row_at

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        hold = self._rows[index.row()]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 1:
            return (tr("desk.hold.ready", until=day_text(hold.kept_until))
                    if hold.status == "ready" else tr("desk.hold.waiting"))
        return (hold.title, "", day_text(hold.placed_on), hold.barcode)[index.column()]


class HoldsView(QWidget):
    cancel_requested = Signal(int)  # hold id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holdsView")
        self.model = HoldsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("holdsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans keep going to the desk
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a few rows
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.cancel_button = QPushButton(tr("desk.button.cancel_hold"), self)
        self.cancel_button.setObjectName("cancelHoldButton")
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self._cancel_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def set_holds(self, holds: list) -> None:
        self.model.set_holds(holds)
        self.cancel_button.setEnabled(bool(holds))

    def _cancel_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.cancel_requested.emit(self.model.hold_at(rows[0].row()).hold_id)
