"""Help: the Latvian guide on F1 (English too), and one list of shortcuts that the menus,
the guide and the shortcuts dialog all take their keys from."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QTableWidget, QTextBrowser

from rozupe_desk.app import create_window
from rozupe_desk.i18n import set_language
from rozupe_desk.services import library, settings
from rozupe_desk.ui import help as help_module
from rozupe_desk.ui.shortcuts import SHORTCUTS, shortcut


def set_up_window(qtbot, tmp_path, lang="lv"):
    path = tmp_path / "lib.sqlite"
    library.open_library(path)
    settings.update(library_name="Rožupe")
    window = create_window(path, lang=lang)
    qtbot.addWidget(window)
    return window


def action_with_shortcut(window, keys: str) -> QAction:
    return next(a for a in window.findChildren(QAction)
                if QKeySequence(keys) in a.shortcuts())


def test_f1_opens_the_latvian_guide_beside_the_window(qtbot, tmp_path):
    window = set_up_window(qtbot, tmp_path)
    action = action_with_shortcut(window, "F1")
    assert action.text() == "&Lietotāja rokasgrāmata"
    action.trigger()
    dialog = window.findChild(QDialog, "helpDialog")
    assert dialog.isVisible() and not dialog.isModal()
    text = dialog.findChild(QTextBrowser, "helpBrowser").toPlainText()
    for heading in ("Izsniegšana", "Lasītāju reģistrēšana", "Pārskati", "Pasākumi un afišas",
                    "Rezerves kopijas", "Īsinājumtaustiņi"):
        assert heading in text
    # the shortcut table came from the one list
    for each in SHORTCUTS:
        assert each.native_text() in text
    assert "<!-- SHORTCUTS -->" not in dialog.findChild(QTextBrowser, "helpBrowser").toHtml()
    # F1 again brings the same guide forward instead of a second one
    action.trigger()
    assert len(window.findChildren(QDialog, "helpDialog")) == 1


def test_the_english_guide_says_the_same_in_english(qtbot, tmp_path):
    set_language("en")
    html = help_module.guide_html()
    assert "Registering readers" in html and "Backups" in html
    assert "Keys" in html and "Open the user guide" in html
    set_language("lv")
    lv = help_module.guide_html()
    assert "lietotāja rokasgrāmata" in lv and "Atvērt lietotāja rokasgrāmatu" in lv


def test_the_shortcuts_dialog_lists_every_shortcut(qtbot, tmp_path):
    window = set_up_window(qtbot, tmp_path)
    next(a for a in window.findChildren(QAction) if a.text() == "Īsinā&jumtaustiņi").trigger()
    dialog = window.findChild(QDialog, "shortcutsDialog")
    assert dialog.isVisible()
    table = dialog.findChild(QTableWidget, "shortcutsTable")
    assert table.rowCount() == len(SHORTCUTS)
    keys = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert "Ctrl+N" in keys and "F1" in keys and "Esc" in keys
    assert table.horizontalHeaderItem(2).text() == "Ko dara"
    dialog.reject()


def test_menus_take_their_keys_from_the_shortcut_list(qtbot, tmp_path):
    window = set_up_window(qtbot, tmp_path)
    assert action_with_shortcut(window, "Ctrl+,").text() == "&Iestatījumi…"
    assert shortcut("window.settings") == QKeySequence("Ctrl+,")
    ids = [each.id for each in SHORTCUTS]
    assert len(ids) == len(set(ids))
    window.show()
    qtbot.waitExposed(window)
    action_with_shortcut(window, "Ctrl+3").trigger()
    assert window.tabs.currentIndex() == 2
