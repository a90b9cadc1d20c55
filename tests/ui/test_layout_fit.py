"""The window fits a 1280×800 screen, lists get the room beside their forms, and the
titles librarians read are not cut to a few letters."""

from __future__ import annotations

from rozupe_desk.app import create_window
from rozupe_desk.services import library, settings


def test_every_tab_fits_1280_wide_and_the_lists_get_the_room(qtbot, tmp_path):
    library.open_library(tmp_path / "lib.sqlite")
    settings.update(library_name="Rožupe")
    window = create_window(tmp_path / "lib.sqlite")
    qtbot.addWidget(window)
    # the desk's tally at its longest must wrap, not widen the window
    window.desk.counts_label.setText(
        "Šodien: izsniegumi 120, saņemti 98, pagarināti 14; apmeklējumi 130 (t. sk. ar "
        "izsniegšanu 110), uzziņas 12")
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        assert window.tabs.widget(index).minimumSizeHint().width() <= 1240, index
    assert window.width() == 1280

    window.tabs.setCurrentWidget(window.patrons)
    qtbot.wait(10)
    assert window.patrons.table.width() > 1.5 * window.patrons.form.width()

    window.tabs.setCurrentWidget(window.catalog)
    qtbot.wait(10)
    assert window.catalog.table.horizontalHeader().sectionSize(0) >= 150  # the title

    window.tabs.setCurrentWidget(window.events)
    qtbot.wait(10)
    assert window.events.table.horizontalHeader().sectionSize(1) >= 200  # the title
