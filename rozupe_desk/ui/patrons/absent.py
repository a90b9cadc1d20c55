"""The list of readers who have not come for N years, to erase them in one step (GDPR)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import plural, tr
from rozupe_desk.i18n.dates import numeric_date
from rozupe_desk.services.readers import privacy
from rozupe_desk.ui.patrons.dialogs import confirm
from rozupe_desk.ui.tasks import run_with_progress


class AbsentDialog(QDialog):
    """Readers without registration, loan or visit for `years`; the ticked ones are erased."""

    def __init__(self, parent: QWidget | None, *, on_erased: Callable[[int], None]) -> None:
        super().__init__(parent)
        self.setObjectName("absentDialog")
        self.setWindowTitle(tr("patrons.absent.title"))
        self.resize(640, 460)
        self.on_erased = on_erased
        self.loaded = False
        self.years = QSpinBox(self)
        self.years.setObjectName("absentYears")
        self.years.setRange(1, 50)
        self.years.setValue(3)
        self.years.valueChanged.connect(self.refresh)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("absentTable")
        self.table.setHorizontalHeaderLabels([
            tr("patrons.column.card_number"), tr("patrons.absent.name"),
            tr("patrons.absent.registered"), tr("patrons.absent.last_seen")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.erase_button = QPushButton(tr("patrons.absent.erase"), self)
        self.erase_button.setObjectName("absentErase")
        self.erase_button.clicked.connect(self.erase_ticked)
        years_row = QHBoxLayout()
        years_row.addWidget(QLabel(tr("patrons.absent.years"), self))
        years_row.addWidget(self.years)
        years_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(years_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Ask for the list in the background: at municipality scale it takes a second."""
        years = self.years.value()
        self.erase_button.setEnabled(False)
        self.message.setText(tr("patrons.absent.searching"))
        self.task = run_with_progress(
            self, tr("patrons.absent.searching"),
            lambda _progress, _cancel: privacy.long_absent(years=years),
            lambda rows: self._show(rows, years), self.message.setText, cancellable=False)

    def _show(self, rows: list[dict], years: int) -> None:
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            card = QTableWidgetItem(row["card_number"])
            card.setFlags(card.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            card.setCheckState(Qt.CheckState.Checked)
            card.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.table.setItem(index, 0, card)
            for column, text in enumerate((f"{row['first_name']} {row['last_name']}",
                                           numeric_date(row["registered_on"]),
                                           numeric_date(row["last_seen"])), 1):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.message.setText(plural("patrons.absent.count", count=len(rows), years=years,
                                      count_param="years"))
        self.erase_button.setEnabled(bool(rows))
        self.loaded = True

    def ticked_ids(self) -> list[int]:
        return [self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
                for row in range(self.table.rowCount())
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def erase_ticked(self) -> None:
        ids = self.ticked_ids()
        if ids:
            self.confirmation = confirm(self, text=plural("patrons.absent.confirm", count=len(ids)),
                                        on_yes=lambda: self.erase(ids))

    def erase(self, ids: list[int]) -> None:
        try:
            count = privacy.erase_patrons(patron_ids=ids)
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.on_erased(count)
        for row in reversed(range(self.table.rowCount())):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) in ids:
                self.table.removeRow(row)
        self.erase_button.setEnabled(self.table.rowCount() > 0)
        self.message.setText(plural("patrons.absent.erased", count=count))
