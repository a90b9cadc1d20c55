"""Erasing a reader in the window, which keeps its connections to the library open for
hours: afterwards the reader is nowhere in the database file or its WAL, byte by byte."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Patron
from rozupe_desk.services import demo, library
from tests.ui.test_patrons_tab import answer_yes, type_text
from tests.ui.windows import shown_window
from tests.unit.test_privacy_guard import _found, _history_for, _unique_reader


def test_erasing_in_the_window_leaves_no_byte_of_the_reader(qtbot, tmp_path):
    path = tmp_path / "lib.sqlite"
    library.open_library(path)
    demo.fill_demo(scale="small", seed=5, today=date(2026, 3, 10))
    reader, needles = _unique_reader()
    _history_for(reader)
    window = shown_window(qtbot, path)
    tab = window.patrons
    type_text(qtbot, tab.search, "Kļaviņķēze")  # the search runs on its worker connection
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.show_patron(reader)
    database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
    assert _found(path, needles) == needles
    qtbot.mouseClick(tab.erase_button, Qt.MouseButton.LeftButton)
    answer_yes(qtbot, tab)
    qtbot.waitUntil(lambda: Patron.get_by_id(reader).anonymized)
    assert _found(path, needles) == []
    assert "dzēsti" in tab.message.text()
