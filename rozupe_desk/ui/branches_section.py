"""The settings page of branches: the one this desk works for, and the library's branches.

The desk's branch is this PC's own setting (`workstation.store`), never the database's:
several desks share one server database, each for its own branch. It is stored with the
dialog's Saglabāt; a branch added or renamed here is stored at once, through the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk import workstation
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.branches import branches
from rozupe_desk.ui.branch_choice import branch_combo, fill_branches
from rozupe_desk.ui.setup_fields import Section, hint, line_edit


class BranchesSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form.addRow(hint(tr("branches.settings_hint"), self))
        self.desk_choice = self.field("desk_branch", tr("branches.field"),
                                      branch_combo(self, "", selected=None),
                                      tr("branches.desk_tip"))
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2, holder)
        self.table.setObjectName("branchesTable")
        self.table.setToolTip(tr("branches.table_tip"))
        self.table.setHorizontalHeaderLabels([tr("branches.column_code"),
                                              tr("branches.column_name")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:  # Qt's own select-all button, hidden with the row numbers
            corner.setToolTip(tr("branches.table_tip"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(130)
        self.table.setMaximumHeight(220)  # room below it for the fields, without scrolling
        self.table.currentCellChanged.connect(lambda row, *_: self._chosen_row(row))
        self.new_code = self._edit(holder, "newBranchCode", "branches.code_hint")
        self.new_code.setMaxLength(branches.MAX_CODE_LENGTH)
        self.new_code.setMaximumWidth(self.new_code.fontMetrics().horizontalAdvance("M" * 8))
        self.new_name = self._edit(holder, "newBranchName", "branches.name_hint")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_code)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self._button(holder, "addBranchButton", "branches.add", self.add))
        self.rename_edit = self._edit(holder, "renameBranchName", "branches.rename_hint")
        rename_row = QHBoxLayout()
        rename_row.addWidget(self.rename_edit, 1)
        rename_row.addWidget(self._button(holder, "renameBranchButton", "branches.rename",
                                          self.rename))
        self.feedback = QLabel(holder)
        self.feedback.setObjectName("branchesMessage")
        self.feedback.setWordWrap(True)
        column.addWidget(QLabel(tr("branches.list_title"), holder))
        column.addWidget(self.table)
        column.addLayout(add_row)
        column.addLayout(rename_row)
        column.addWidget(self.feedback)
        self.form.addRow(holder)

    @staticmethod
    def _edit(parent: QWidget, name: str, key: str):
        edit = line_edit(parent, tr(key))
        edit.setObjectName(name)
        edit.setToolTip(tr(key))
        return edit

    @staticmethod
    def _button(parent: QWidget, name: str, key: str, slot) -> QPushButton:
        button = QPushButton(tr(key), parent)
        button.setObjectName(name)
        button.setToolTip(tr(f"{key}_tip"))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- the dialog's load and save ---------------------------------------------------------
    def load(self, values: dict[str, Any]) -> None:
        self._refresh(branches.desk_branch().id)

    def values(self) -> dict[str, Any]:
        return {}  # nothing of the database's settings: see `store`

    def store(self) -> None:
        """Keep the chosen branch as this PC's (with the dialog's Saglabāt)."""
        chosen = next((b for b in branches.list_branches()
                       if b.id == self.desk_choice.currentData()), None)
        if chosen is not None and chosen.code != workstation.load().branch_code:
            workstation.store(branch_code=chosen.code)

    # -- adding and renaming ----------------------------------------------------------------
    def _refresh(self, selected: int | None) -> None:
        rows = branches.list_branches()
        fill_branches(self.desk_choice, selected=selected)
        self.table.setRowCount(len(rows))
        for row, branch in enumerate(rows):
            for column, text in enumerate((branch.code, branch.shown_name)):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, branch.id)
                self.table.setItem(row, column, cell)

    def _chosen_row(self, row: int) -> None:
        cell = self.table.item(row, 1) if row >= 0 else None
        self.rename_edit.setText(cell.text() if cell else "")

    def _say(self, text: str, error: bool) -> None:
        self.feedback.setProperty("role", "error" if error else "hint")
        self.feedback.style().polish(self.feedback)  # the role's colour
        self.feedback.setText(text)

    def add(self) -> None:
        try:
            added = branches.add_branch(code=self.new_code.text(), name=self.new_name.text())
        except DomainError as error:
            self._say(str(error), True)
            return
        self.new_code.clear()
        self.new_name.clear()
        self._refresh(self.desk_choice.currentData())
        self._say(tr("branches.added", name=added.name, code=added.code), False)

    def rename(self) -> None:
        cell = self.table.item(self.table.currentRow(), 0)
        if cell is None:
            self._say(tr("branches.choose_first"), True)
            return
        try:
            branches.rename_branch(branch_id=cell.data(Qt.ItemDataRole.UserRole), name=self.rename_edit.text())
        except DomainError as error:
            self._say(str(error), True)
            return
        row = self.table.currentRow()
        self._refresh(self.desk_choice.currentData())
        self.table.setCurrentCell(row, 0)
        self._say(tr("branches.renamed", name=self.rename_edit.text().strip()), False)
