"""The window started while the server cannot be reached (issue 16, point 4): a librarian
who switches her PC on in the morning with the line down still lends and takes back.

A real server of the test's own, stopped before the window is created: the window opens
offline (the banner, the other tabs one calm line each, no first-run dialog), a card scan
finds the reader's name in this PC's copy of the readers, a checkout is journalled; the
server is started, the watch replays the journal, the loan is on the server and the other
tabs are there and load.
"""

from __future__ import annotations

import os
from pathlib import Path

from rozupe_desk.db.connection import close_database
from rozupe_desk.services.offline.link import DeskLink
from rozupe_desk.services.sql import all_rows
from rozupe_desk.ui.catalog.tab import CatalogTab
from rozupe_desk.ui.patrons.tab import PatronsTab
from tests.offline_server import own_server, small_branch
from tests.ui.windows import shown_window

__all__ = ["own_server"]  # the fixture

SHOTS = Path(os.environ.get("ROZUPE_SHOTS", "/tmp/shots/i16-offline"))
WAITING = ("Serveris nav sasniedzams — šī sadaļa būs pieejama, kad savienojums atjaunosies."
           " Izsniegšana un saņemšana atpakaļ darbojas cilnē „Izsniegšana”.")


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_the_window_opens_offline_on_a_server_away_at_the_start(qtbot, own_server):
    url = own_server.url("library")
    small_branch(url)
    assert DeskLink().refresh_readers() == 3  # the copy, renewed while the server was up
    close_database()
    own_server.stop_server()

    window = shown_window(qtbot, url)
    tab, banner = window.desk, window.offline_banner
    assert banner.isVisible() and tab.link.offline
    assert "first_run" not in window.dialogs  # not an empty database, only out of reach
    pages = [window.tabs.widget(index) for index in range(1, window.tabs.count())]
    assert [page.objectName() for page in pages] == ["offlineWaitingPage"] * 5
    assert {page.text() for page in pages} == {WAITING}
    assert window.patrons is None
    window.tabs.setCurrentIndex(1)  # the readers' tab: the line, no error dialog
    qtbot.waitExposed(pages[0])
    _shot(window, "started-offline-readers-tab.png")
    window.tabs.setCurrentWidget(tab)
    tab.lists.setCurrentWidget(tab.overdue)  # the overdue list is on the server too
    assert tab.overdue.total.text() == WAITING
    tab.lists.setCurrentIndex(0)

    tab.enqueue("R000001")  # the name from this PC's copy of the readers
    assert tab.patron_panel.name_label.text() == "Lasītājs1 Kalniņš"
    tab.enqueue("2001")
    assert tab.message_level == "ok" and "2001" in tab.message_bar.text()
    assert tab.link.journal.is_open()
    _shot(window, "started-offline-desk.png")

    own_server.start_server()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=40_000)
    assert "Bezsaistes darbības nosūtītas serverim: 1" in tab.message_bar.text()
    assert all_rows("SELECT i.barcode, p.card_number FROM loan l JOIN item i"
                    " ON i.id = l.item_id JOIN patron p ON p.id = l.patron_id") == [
        ("2001", "R000001")]
    assert tab.loans_model.rowCount() == 1  # the reader at the desk, from the server now

    # The other tabs are built in their places and load from the server.
    assert isinstance(window.patrons, PatronsTab) and isinstance(window.catalog, CatalogTab)
    assert window.tabs.widget(1) is window.patrons and window.tabs.widget(2) is window.catalog
    assert "offlineWaitingPage" not in [window.tabs.widget(index).objectName()
                                        for index in range(window.tabs.count())]
    window.tabs.setCurrentWidget(window.patrons)
    qtbot.waitUntil(lambda: window.patrons.model.rowCount() == 3, timeout=10_000)
    assert window.windowTitle() == "Rožupe Desk — Rožupes bibliotēka"
    assert window.findChild(type(window.file_menu.actions()[0]), "newPatronAction") is not None
    _shot(window, "back-online-readers-tab.png")


def test_a_window_started_offline_with_nothing_done_goes_online_when_the_server_answers(
        qtbot, own_server):
    url = own_server.url("library")
    small_branch(url)
    close_database()
    own_server.stop_server()
    window = shown_window(qtbot, url)
    assert window.offline_banner.isVisible() and window.windowTitle() == "Rožupe Desk"
    tab = window.desk
    tab.enqueue("R000002")  # no local copy on this PC yet: the card is known by its form
    assert tab.message_level == "notice" and "R000002" in tab.message_bar.text()

    own_server.start_server()
    qtbot.waitUntil(lambda: not window.offline_banner.isVisible(), timeout=40_000)
    assert tab.message_bar.text().endswith(
        "Savienojums ar serveri atjaunots; bezsaistē nekas netika saglabāts.")
    assert tab.patron_panel.name_label.text() == "Lasītājs2 Kalniņš"  # loaded from the server
    assert all_rows("SELECT count(*) FROM loan") == [(0,)]
    window.tabs.setCurrentWidget(window.catalog)
    assert window.windowTitle() == "Rožupe Desk — Rožupes bibliotēka"
