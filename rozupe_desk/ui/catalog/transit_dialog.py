"""Krājums → Eksemplāri ceļā…: the copies checked in at another branch's desk and on their
way home, those coming to this branch, those this branch must send, or all."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import tr
from rozupe_desk.i18n.dates import numeric_date
from rozupe_desk.services.branches import transit
from rozupe_desk.services.branches.branches import desk_branch_id
from rozupe_desk.ui.catalog.tools import _fill_table, _table

COLUMNS = ("branches.col_barcode", "branches.col_title", "branches.col_home",
           "branches.col_source", "branches.col_since")
WHICH = ("to_here", "from_here", "all")


class TransitDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transitDialog")
        self.setWindowTitle(tr("branches.transit_title"))
        self.resize(760, 460)
        self.which = QComboBox(self)
        self.which.setObjectName("transitWhich")
        self.which.setToolTip(tr("branches.transit_which_tip"))
        for which in WHICH:
            self.which.addItem(tr(f"branches.transit_{which}"), which)
        self.which.currentIndexChanged.connect(lambda _index: self.refresh())
        self.table = _table(self, COLUMNS)
        self.table.setObjectName("transitTable")
        self.table.setToolTip(tr("branches.transit_table_tip"))
        self.count = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("branches.close"))
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.which)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        which, here = self.which.currentData(), desk_branch_id()
        lines = transit.in_transit(to_branch_id=here if which == "to_here" else None,
                                   from_branch_id=here if which == "from_here" else None)
        _fill_table(self.table, [(line.barcode, line.title, line.home, line.source,
                                  numeric_date(line.since)) for line in lines])
        self.count.setText(tr("branches.transit_count", count=len(lines)))
