"""At the opening size the copies' shelf column and the menu buttons are readable whole."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from rozupe_desk.app import create_window
from rozupe_desk.services.collection import catalog


def test_shelf_status_and_menu_buttons_are_not_cut(qtbot, tmp_path):
    window = create_window(tmp_path / "lib.sqlite")
    qtbot.addWidget(window)
    bees = catalog.save_title(values={"title": "Biškopība iesācējiem", "authors": "Ķēniņš"})
    catalog.add_copy(title_id=bees, values={"barcode": "10001868", "shelf": "D"})
    window.resize(1200, 780)
    window.show()
    qtbot.waitExposed(window)
    window.findChild(QTabWidget, "mainTabs").setCurrentWidget(window.catalog)
    tab = window.catalog
    tab.run_search()
    tab.table.selectRow(0)
    qtbot.waitUntil(lambda: tab.copies_table.rowCount() == 1)
    header = tab.copies_table.horizontalHeader()
    metrics = header.fontMetrics()
    shown = 0
    for column in range(3):  # inventory number, status, shelf: side by side in view
        text = tab.copies_table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text
        shown += header.sectionSize(column)
    assert shown <= tab.copies_table.viewport().width()
    for button in (tab.tools_button, tab.status_button):  # the text clear of the arrow
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()) + 30
