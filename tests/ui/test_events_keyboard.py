"""Entering an event with the keyboard alone: Tab goes from field to field, never into
the sections of a date, and typed text never lands on the "beidzas" box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit

from rozupe_desk.ui.events.event_dialog import EventDialog


def open_dialog(qtbot) -> EventDialog:
    dialog = EventDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)  # focus-in (which selects a date's first section) needs it
    return dialog


def test_tab_walks_the_fields_not_the_date_sections(qtbot, db_path):
    dialog = open_dialog(qtbot)
    dialog.title_edit.setFocus()
    qtbot.keyClicks(dialog.title_edit, "Pasaku rits")
    walked = []
    for _ in range(5):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        walked.append(dialog.focusWidget().objectName())
    assert walked[:4] == ["eventKind", "eventStarts", "eventHasEnd", "eventEnds"]
    assert walked[4] == "eventPlace"
    ends_before = dialog.has_end.isChecked()
    qtbot.keyClicks(dialog.place_edit, "Tautas nams lasitava")
    assert dialog.place_edit.text() == "Tautas nams lasitava"
    assert dialog.has_end.isChecked() == ends_before
    assert dialog.title_edit.text() == "Pasaku rits"


def test_typing_a_date_moves_through_its_sections(qtbot, db_path):
    dialog = open_dialog(qtbot)
    field = dialog.starts_edit
    dialog.kind_combo.setFocus()
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Tab)  # tabbing in selects the day
    assert dialog.focusWidget() is field
    field.setSelectedSection(QDateTimeEdit.Section.DaySection)  # as focus-in by Tab does
    qtbot.keyClicks(field, "141220261530")  # each full section moves on to the next
    assert field.text() == "14.12.2026 15:30"
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.has_end
