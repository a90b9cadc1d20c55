"""Krājums → Jauns eksemplārs driven as the librarian does, against yaz-ztest: scan an
ISBN, Enter on a candidate, barcode and call number, saved; nothing found opens the title
form with the ISBN; offline the code waits in a list looked up later in one go; a silent
server's search is stopped with Pārtraukt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTabWidget

from rozupe_desk.app import create_window
from rozupe_desk.db.models import Item, Title
from rozupe_desk.services.collection.lookup import pending, servers
from rozupe_desk.ui.catalog.lookup import LookupDialog
from tests.lookup_server import ZTEST_ISBN, ZTEST_NOTHING_ISBN, ZTEST_TITLE, free_port

SHOTS = os.environ.get("ROZUPE_SHOTS")  # a folder for the screenshots, when wanted


def use_servers(*urls: str, timeout: float = 5) -> None:
    servers.save(servers=[{"name": name, "url": url, "protocol": "sru", "timeout": timeout}
                          for name, url in zip(("Vietējais kopkatalogs", "Rezerves katalogs"),
                                               urls, strict=False)])


@pytest.fixture
def window(qtbot, tmp_path):
    win = create_window(tmp_path / "lib.sqlite")
    qtbot.addWidget(win)
    win.show()
    win.findChild(QTabWidget, "mainTabs").setCurrentWidget(win.catalog)
    return win


def open_lookup(qtbot, window):
    qtbot.mouseClick(window.catalog.lookup_button, Qt.MouseButton.LeftButton)
    dialog = window.catalog.findChild(LookupDialog, "lookupDialog")
    qtbot.waitUntil(lambda: dialog.isVisible())
    return dialog


def scan(qtbot, dialog, code: str, expect: str) -> None:
    with qtbot.waitSignal(dialog.shown, timeout=15000) as shown:
        qtbot.keyClicks(dialog.code, code)
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert shown.args == [expect]


def save_shot(widget, name: str) -> None:
    if not SHOTS:
        return
    QApplication.processEvents()  # the layout makes room for a longer message first
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(Path(SHOTS) / name))


def test_scan_pick_with_enter_and_save_the_copy(qtbot, window, ztest):
    use_servers(ztest.sru_url)
    dialog = open_lookup(qtbot, window)
    qtbot.waitUntil(dialog.code.hasFocus)
    scan(qtbot, dialog, "978-0-8391-0882-5", "found")
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Nosaukums", "Autori", "Gads", "Izdevējs", "Avots"]
    assert table.item(0, 0).text().startswith(ZTEST_TITLE)
    assert [table.item(0, c).text() for c in (2, 3, 4)] == [
        "1977", "University Park Press", "Vietējais kopkatalogs"]
    assert table.rowCount() > 1 and table.hasFocus()
    save_shot(dialog, "candidates.png")

    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter picks the first
    assert dialog.barcode.hasFocus() and dialog.copy_form.isEnabled()
    qtbot.keyClicks(dialog.barcode, "R-2001")
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.shelf, "61 Ter")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.shelf, Qt.Key.Key_Return)
    title = Title.get_by_id(saved.args[0])
    assert title.title.startswith(ZTEST_TITLE)
    assert Item.get(Item.barcode == "R-2001").shelf == "61 Ter"
    assert "Jauni eksemplāri: 1," in dialog.message.text()
    assert dialog.code.hasFocus() and dialog.code.text() == ""  # ready for the next scan
    assert "Reconstruction" in window.catalog.summary.text()  # the tab shows the new title


def test_nothing_found_opens_the_title_form_with_the_isbn(qtbot, window, ztest):
    use_servers(ztest.sru_url)
    dialog = open_lookup(qtbot, window)
    scan(qtbot, dialog, ZTEST_NOTHING_ISBN, "nothing")
    form = dialog.title_dialog
    qtbot.waitUntil(lambda: form.isVisible())
    assert form.findChild(QLineEdit, "field_isbn").text() == ZTEST_NOTHING_ISBN
    assert "nekas nav atrasts" in dialog.message.text()
    save_shot(form, "prefilled-form.png")
    form.findChild(QLineEdit, "field_title").setText("Mēness māja")
    with qtbot.waitSignal(dialog.saved):
        form._save()
    title = Title.get(Title.isbn == ZTEST_NOTHING_ISBN)
    assert title.title == "Mēness māja"
    copy = dialog.copy_dialog  # the new book's copy comes next
    qtbot.waitUntil(lambda: copy.isVisible())
    copy.findChild(QLineEdit, "field_barcode").setText("R-3001")
    copy.findChild(QLineEdit, "field_shelf").setText("821 Zie")
    with qtbot.waitSignal(dialog.saved):
        copy._save()
    assert Item.get(Item.barcode == "R-3001").title_id == title.id


def test_offline_the_code_waits_and_is_looked_up_later(qtbot, window, ztest):
    use_servers(f"http://127.0.0.1:{free_port()}/Default", timeout=2)
    dialog = open_lookup(qtbot, window)
    scan(qtbot, dialog, ZTEST_ISBN, "offline")
    assert dialog.message.text().startswith("Neviens katalogs nav sasniedzams.")
    assert "saglabāts sarakstā" in dialog.message.text()
    assert [item["code"] for item in pending.waiting()] == ["9780839108825"]
    assert dialog.pending_button.isEnabled() and "(1)" in dialog.pending_button.text()
    assert dialog.manual_button.isEnabled() and dialog.code.isEnabled()  # still usable
    save_shot(dialog, "offline-message.png")

    use_servers(ztest.sru_url)  # the connection is back
    with qtbot.waitSignal(dialog.shown, timeout=15000):
        qtbot.mouseClick(dialog.pending_button, Qt.MouseButton.LeftButton)
    assert pending.waiting() == [] and dialog.pending_list.count() == 1
    dialog.pending_list.setCurrentRow(0)
    assert dialog.table.item(0, 0).text().startswith(ZTEST_TITLE)
    assert dialog.code.text() == "9780839108825"


def test_a_silent_servers_search_can_be_stopped(qtbot, window, stoppable_ztest):
    use_servers(stoppable_ztest.sru_url, timeout=60)
    dialog = open_lookup(qtbot, window)
    stoppable_ztest.pause()
    qtbot.keyClicks(dialog.code, ZTEST_ISBN)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.cancel_button.isEnabled())
    assert "Meklē katalogos" in dialog.message.text()
    with qtbot.waitSignal(dialog.shown, timeout=10000) as shown:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert shown.args == ["cancelled"] and "atcelta" in dialog.message.text()
    assert dialog.search_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_the_servers_list_is_edited_in_the_settings(qtbot, window):
    from rozupe_desk.services import settings
    from rozupe_desk.ui.settings_dialog import SettingsDialog

    settings.update(library_name="Rožupes bibliotēka")
    dialog = SettingsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show_page("catalogues")
    page = dialog.sections["catalogues"]
    assert page.table.rowCount() == 1  # the shipped preset
    assert page.table.item(0, 1).text() == "http://lx2.loc.gov:210/LCDB"
    page.add_row()
    page.table.item(1, 0).setText("Līvānu kopkatalogs")
    page.table.item(1, 1).setText("ftp://wrong")
    dialog.save()
    assert page.findChild(QLabel, "error_lookup_servers").text().startswith("2. rinda: SRU")
    assert servers.configured() == [servers.PRESETS[0]]  # nothing stored
    page.table.item(1, 1).setText("http://kopkatalogs.example.lv/sru")
    page.move_row(-1)  # the union catalogue first
    save_shot(dialog, "settings-catalogues.png")
    dialog.save()
    first, second = servers.configured()
    assert (first.name, first.url, first.timeout) == (
        "Līvānu kopkatalogs", "http://kopkatalogs.example.lv/sru", 5.0)
    assert second == servers.PRESETS[0]
