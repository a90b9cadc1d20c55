"""The main window's construction: tabs, the widgets of the contract, focus, status bar."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QTableView, QTabWidget

from rozupe_desk.app import create_window
from rozupe_desk.services import demo
from tests.ui.windows import shown_window

CONTRACT_WIDGETS = ["mainTabs", "scanInput", "patronPanel", "loansTable", "messageBar",
                    "patronSearch", "patronsTable", "catalogSearch", "catalogTable",
                    "eventsTable"]


def test_window_has_every_contract_widget_and_latvian_tabs(qtbot, tmp_path):
    window = create_window(tmp_path / "lib.sqlite", lang="lv")
    qtbot.addWidget(window)
    for name in CONTRACT_WIDGETS:
        assert window.findChild(object, name) is not None, name
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Izsniegšana", "Lasītāji", "Krājums", "Pasākumi", "Pārskati", "Lasīšanas programmas"]
    assert isinstance(window.findChild(QTableView, "catalogTable"), QTableView)


def test_desk_is_shown_and_scan_field_focused_at_start(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.currentIndex() == 0
    scan = window.findChild(QLineEdit, "scanInput")
    qtbot.waitUntil(scan.hasFocus)


def test_status_bar_names_the_library_and_database(qtbot, tmp_path):
    path = tmp_path / "lib.sqlite"
    from rozupe_desk.services import library

    library.open_library(path)
    demo.fill_demo(scale="small", seed=1)
    window = create_window(path)
    qtbot.addWidget(window)
    assert window.library_label.text() == "Rožupes bibliotēka"
    assert str(path) in window.db_label.text()
    assert "Rožupes bibliotēka" in window.windowTitle()


def test_english_window(qtbot, tmp_path):
    window = create_window(tmp_path / "lib.sqlite", lang="en")
    qtbot.addWidget(window)
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.tabText(1) == "Readers"


def test_about_dialog_opens_without_blocking(qtbot, tmp_path):
    window = create_window(tmp_path / "lib.sqlite")
    qtbot.addWidget(window)
    window.show_about()
    dialog = window.findChild(object, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
