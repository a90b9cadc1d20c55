"""The loaded reader's loans for `loansTable`: title, barcode, due date, days overdue.

A reader has tens of loans at most, so the rows are held whole; an overdue row is red and
also says how many days it is late (never colour alone).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from rozupe_desk.i18n import tr

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("desk.col.title", "desk.col.barcode", "desk.col.issued", "desk.col.due",
           "desk.col.overdue", "desk.col.renewals")
OVERDUE_COLOUR = QColor("#a11a1a")


def day_text(value) -> str:
    return f"{value:%d.%m.%Y}."


class RowsModel(QAbstractTableModel):
    """A few rows held whole (a reader's loans or holds), one `columns` header id each."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return tr(self.columns[section])
        return None


class LoansModel(RowsModel):
    columns = COLUMNS
    set_loans = RowsModel.set_rows
    loan_at = RowsModel.row_at

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        loan = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{loan.title} — {loan.authors}" if loan.authors else loan.title
            return (loan.barcode, day_text(loan.issued_on), day_text(loan.due_on),
                    tr("desk.days", count=loan.overdue_days) if loan.overdue_days else "",
                    str(loan.renewals))[column - 1]
        if role == Qt.ItemDataRole.ForegroundRole and loan.overdue_days:
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
