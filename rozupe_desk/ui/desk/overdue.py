"""The overdue list on the desk: every copy past its due date, sortable, in pages.

Sorted and paged in SQL (`services.circulation.desk.overdue_page`), so a municipality's thousands of
late copies never freeze the desk; loaded when the librarian opens the list (F5 reloads).
Where there are several branches, the list is of the desk's branch's copies unless the
librarian chooses another branch or all.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import tr
from rozupe_desk.services.branches.branches import desk_branch_id
from rozupe_desk.services.circulation import desk
from rozupe_desk.ui.branch_choice import fill_branches
from rozupe_desk.ui.columns import fit_columns
from rozupe_desk.ui.desk.loans_model import day_text
from rozupe_desk.ui.table_model import Column, LazyTableModel

COLUMNS = [
    Column("days", "desk.col.overdue", align_right=True),  # days, as on the loans tab
    Column("due_on", "deskc.col.due", formatter=day_text),
    Column("reader", "desk.col.reader"),
    Column("card", "desk.col.card"),
    Column("phone", "desk.col.phone"),
    Column("title", "desk.col.title"),
    Column("barcode", "desk.col.barcode"),
]
TITLE = 5
# Widths from typical values (a child's row carries the guardian's phone); the title takes
# the room left, never less than TITLE_MIN_CHARS average characters.
SAMPLES = ("000", "00.00.0000.", "Ozoliņa Skaidra", "R000000", "00000000 (aizbildnis)", None,
           "0000000000")
TITLE_MIN_CHARS = 34
# Shown after the phone: who is late, how to call them and with what; the card and the
# barcode (seldom read here) after it, out of view at the window's opening size.
VISUAL_ORDER = ("days", "due_on", "reader", "phone", "title", "card", "barcode")


class OverdueView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdueView")
        # Filled by `reload`: built empty, the desk opens even while its server is away.
        self.branch = QComboBox(self)
        self.branch.setObjectName("overdueBranch")
        self.branch.setToolTip(tr("branches.overdue_branch_tip"))
        self.branch.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans keep going to the desk
        self.branch.hide()
        self.branch_chosen = False  # the librarian's own choice outlives a reload
        self.branch.activated.connect(self._branch_changed)
        self.offline = False  # set by the desk: the list is on the server, out of reach
        self.model = LazyTableModel(COLUMNS, self._page, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("overdueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans keep going to the desk
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        fit_columns(self.table, SAMPLES)
        keys = [column.key for column in COLUMNS]
        for place, key in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(keys.index(key)), place)
        self.table.viewport().installEventFilter(self)
        # Sort on header clicks only: enabling view sorting would query at construction.
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # the query's own order
        header.sortIndicatorChanged.connect(self.model.sort)
        self.total = QLabel(self)
        self.total.setObjectName("overdueTotal")
        self.total.setWordWrap(True)  # the hint is long in Latvian; cut off at 1200 px
        refresh = QPushButton(tr("desk.button.refresh"), self)
        refresh.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.total, 1)
        top.addWidget(self.branch)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def _page(self, offset: int, limit: int, sort_key: str | None = None,
              descending: bool = False) -> list[dict[str, Any]]:
        if self.offline:
            return []
        return desk.overdue_page(offset, limit, sort_key, descending,
                                 branch_id=self.branch.currentData())

    def _branch_changed(self, _index: int) -> None:
        self.branch_chosen = True
        self.reload()

    def reload(self) -> None:
        if self.offline:
            self.branch.hide()
            self.total.setText(tr("offline.tab_waits"))
            self.model.reload()
            return
        fill_branches(self.branch, with_all=True, selected=(
            self.branch.currentData() if self.branch_chosen else desk_branch_id()))
        several = self.branch.count() > 2  # "Visas filiāles" and more than one branch
        if not several:
            self.branch.setCurrentIndex(0)  # all: the library's one branch
        self.branch.setVisible(several)
        self.total.setText(tr("desk.overdue_total",
                              count=desk.overdue_count(branch_id=self.branch.currentData())))
        self.model.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)

    def _fit_title(self) -> None:
        """The title takes what the other columns leave (a horizontal scroll bar rather
        than a title squeezed to a few letters)."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(len(COLUMNS)) if c != TITLE)
        least = self.table.fontMetrics().averageCharWidth() * TITLE_MIN_CHARS
        header.resizeSection(TITLE, max(least, self.table.viewport().width() - others))
