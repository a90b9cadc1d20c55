"""The window through a real server drop: the banner appears, the desk lends on by scanner,
and when the server is back the banner goes and the journal is on the server."""

from __future__ import annotations

from rozupe_desk.services.sql import all_rows
from tests.offline_server import own_server, small_branch
from tests.ui.windows import shown_window

__all__ = ["own_server"]  # the fixture


def test_the_banner_shows_while_the_server_is_away_and_goes_when_it_is_back(qtbot, own_server):
    url = own_server.url("library")
    small_branch(url)
    window = shown_window(qtbot, url)
    tab, banner = window.desk, window.offline_banner
    qtbot.waitUntil(lambda: not tab.watch.busy(), timeout=20_000)  # the readers' copy
    assert not banner.isVisible()
    for code in ("R000001", "2001"):
        tab.enqueue(code)
    assert tab.message_level == "ok" and tab.patron_id is not None

    own_server.stop_server()
    tab.enqueue("2002")  # finds the server gone: lent offline, not refused
    assert banner.isVisible()
    assert banner.text() == "Bezsaistē — darbības tiek saglabātas šajā datorā"
    assert tab.message_level == "ok" and "2002" in tab.message_bar.text()
    assert tab.patron_panel.name_label.text() == "Lasītājs1 Kalniņš"
    tab.enqueue("2009")  # no such copy: the server refuses it on the return
    tab.clear_reader()
    tab.enqueue("R000002")  # the name comes from this PC's copy of the readers
    assert "Lasītājs2 Kalniņš" in tab.message_bar.text()
    tab.enqueue("2003")
    tab.clear_reader()
    register = tab.buttons["offline_register"]
    assert register.isVisible()
    dialog = tab.register_offline()
    dialog.inputs["first_name"].setText("Ilze")
    dialog.inputs["last_name"].setText("Liepa")
    dialog.inputs["birth"].setText("1990")
    dialog.save()
    assert not dialog.isVisible() and tab.offline_card == dialog.card
    assert dialog.card in tab.message_bar.text()
    assert tab.patron_panel.name_label.text() == "Ilze Liepa"
    tab.enqueue("2004")  # lent to the reader registered a moment ago

    own_server.start_server()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=40_000)
    assert tab.refusals is not None and tab.refusals.isVisible()
    refused = [tab.refusals.lines.item(row).text() for row in range(tab.refusals.lines.count())]
    assert len(refused) == 1 and "2009" in refused[0] and "izsniegšana" in refused[0]
    tab.refusals.accept()
    assert "Bezsaistes darbības nosūtītas serverim: 4" in tab.message_bar.text()
    assert sorted(all_rows("SELECT i.barcode, p.card_number FROM loan l JOIN item i"
                           " ON i.id = l.item_id JOIN patron p ON p.id = l.patron_id")) == [
        ("2001", "R000001"), ("2002", "R000001"), ("2003", "R000002"),
        ("2004", dialog.card)]
    assert not register.isVisible()
    assert tab.patron_id is not None  # the reader at the desk, loaded from the server again
    assert tab.patron_panel.name_label.text() == "Ilze Liepa"
    assert tab.loans_model.rowCount() == 1
