"""The branch lists in the window (issue 16): the copies in transit (Krājums), the overdue
list of the desk's branch or all, the stocktaking and discards of the desk's branch, the
catalogue's copies with their branch; nothing of it in a library of one branch."""

from __future__ import annotations

import os
from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QTableWidget

from rozupe_desk import workstation
from rozupe_desk.db.models import Item
from rozupe_desk.services.branches import branches
from rozupe_desk.services.circulation import circulation
from rozupe_desk.ui.catalog.tab import CatalogTab
from rozupe_desk.ui.catalog.tools import DiscardDialog, StocktakeDialog
from rozupe_desk.ui.catalog.transit_dialog import TransitDialog
from rozupe_desk.ui.desk.overdue import OverdueView
from tests.desk_data import NOW, small_library
from tests.ui.windows import shown_window

SHOTS = "/tmp/shots/i16-branches"


def _two_branches():
    library = small_library()
    roz = branches.add_branch(code="ROZ", name="Rožupes filiāle")
    Item.update(branch_id=roz.id).where(Item.barcode == "2001").execute()
    workstation.store(branch_code="ROZ")
    circulation.checkout(barcode="1001", patron_id=library["anna"].id,
                         at=NOW - timedelta(days=90))
    circulation.checkout(barcode="2001", patron_id=library["anna"].id,
                         at=NOW - timedelta(days=90))
    circulation.checkout(barcode="1002", patron_id=library["karlis"].id, at=NOW)
    circulation.checkin(barcode="1002", at=NOW)  # the library's copy, taken back at Rožupe
    return library, roz


def test_copies_in_transit_from_and_to_this_branch(qtbot, db_path):
    _two_branches()
    dialog = TransitDialog()
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "transitTable")
    assert table.rowCount() == 0  # nothing on its way to Rožupe
    which = dialog.findChild(QComboBox, "transitWhich")
    which.setCurrentIndex(which.findData("from_here"))
    assert [table.item(0, c).text() for c in (0, 3)] == ["1002", "Rožupes filiāle"]
    dialog.show()
    os.makedirs(SHOTS, exist_ok=True)
    dialog.grab().save(f"{SHOTS}/in-transit.png")
    workstation.store(branch_code="1")
    which.setCurrentIndex(which.findData("to_here"))
    assert table.rowCount() == 1 and table.item(0, 0).text() == "1002"


def test_the_overdue_list_is_the_desks_branch_unless_all_are_chosen(qtbot, db_path):
    _library, roz = _two_branches()
    view = OverdueView()
    qtbot.addWidget(view)
    view.reload()
    combo = view.findChild(QComboBox, "overdueBranch")
    assert not combo.isHidden() and combo.currentData() == roz.id
    assert view.model.rowCount() == 1
    combo.setCurrentIndex(combo.findData(None))
    combo.activated.emit(combo.currentIndex())
    assert combo.currentText() == "Visas filiāles" and view.model.rowCount() == 2


def test_one_branch_shows_no_choice(qtbot, db_path):
    small_library()
    view = OverdueView()
    qtbot.addWidget(view)
    view.reload()
    assert view.findChild(QComboBox, "overdueBranch").isHidden()


def test_stocktake_and_discards_default_to_the_desks_branch(qtbot, db_path):
    _library, roz = _two_branches()
    window = shown_window(qtbot, db_path)
    tab = window.findChild(CatalogTab)
    stock = StocktakeDialog(tab)
    qtbot.addWidget(stock)
    assert stock.branch.currentData() == roz.id and not stock.branch.isHidden()
    stock.start()
    from rozupe_desk.db.models import StocktakeSession

    assert StocktakeSession.get_by_id(stock.session_id).branch_id == roz.id
    discard = DiscardDialog(tab)
    qtbot.addWidget(discard)
    assert discard.branch.currentData() == roz.id
    discard.scan_input.setText("3001")  # the library's magazine: not Rožupe's to discard
    discard.add()
    assert discard.chosen == [] and "citai filiālei" in discard.message.text()
    tab.show_title(Item.get(Item.barcode == "1002").title_id)
    copies = tab.findChild(QTableWidget, "copiesTable")
    column = copies.columnCount() - 1
    assert copies.horizontalHeader().visualIndex(column) == 2  # shown beside the status
    assert not copies.isColumnHidden(column)
    assert copies.horizontalHeaderItem(column).text() == "Filiāle"
    assert "ceļā" in copies.item(1, column).text()  # 1002, on its way home
