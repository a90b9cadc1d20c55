"""The events tab driven like the librarian drives it: the form, attendance, the calendar,
poster and plan PDFs, certificates, deleting."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from rozupe_desk.app import create_window
from rozupe_desk.db.models import Item, Loan, Patron, Title
from rozupe_desk.services.events import events
from rozupe_desk.services.events.events import EventFields
from rozupe_desk.ui.events import files


@pytest.fixture
def tab(db_path, qtbot):
    window = create_window(db_path)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.events)
    yield window.events  # the fixture holds the window: qtbot keeps only a weak reference


@pytest.fixture
def saved_pdfs(tmp_path, monkeypatch):
    """Answer every "save PDF" question with a file in tmp_path, at once."""
    chosen: list[Path] = []

    def answer(_parent, default_name, on_chosen):
        chosen.append(tmp_path / default_name)
        on_chosen(str(chosen[-1]))

    monkeypatch.setattr(files, "ask_save_pdf", answer)
    return chosen


def pdf_info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout


def add_event(**changes) -> int:
    values = dict(title="Pasaku rīts", kind="reading", starts_at=datetime(2026, 3, 14, 11),
                  ends_at=datetime(2026, 3, 14, 12), for_children=True)
    values.update(changes)
    return events.create_event(fields=EventFields(**values))


# QTest.keyClicks cannot type letters outside Latin-1 (ā, ķ, ņ…): Latvian text is set,
# plain ASCII is typed.
def save_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def test_the_tab_has_the_contract_widgets(tab):
    assert tab.findChild(type(tab.table), "eventsTable") is tab.table
    assert tab.calendar.objectName() == "eventsCalendar"
    assert not tab.buttons["editEventButton"].isEnabled()


def test_create_an_event_through_the_form(tab, qtbot):
    qtbot.mouseClick(tab.buttons["newEventButton"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.objectName() == "eventDialog" and dialog.isVisible()
    dialog.title_edit.setText("Grāmatu draugu klubiņš")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("club"))
    start = datetime(2026, 4, 18, 14, 0)
    dialog.starts_edit.setDateTime(QDateTime(start))
    dialog.ends_edit.setDateTime(QDateTime(start + timedelta(hours=2)))
    dialog.place_edit.setText("Lasītava")
    dialog.children_check.setChecked(True)
    qtbot.keyClicks(dialog.link_edit, "https://www.livani.lv")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    saved = events.list_events()
    assert len(saved) == 1
    event = events.get_event(event_id=saved[0]["id"])
    assert (event.title, event.kind, event.starts_at, event.ends_at, event.place,
            event.for_children) == ("Grāmatu draugu klubiņš", "club", start,
                                    start + timedelta(hours=2), "Lasītava", True)
    assert tab.model.rowCount() == 1 and tab.selected_id() == event.id
    assert tab.model.data(tab.model.index(0, 1)) == "Grāmatu draugu klubiņš"
    assert tab.model.data(tab.model.index(0, 2)) == "Klubiņš"
    tab.calendar.setCurrentPage(2026, 4)
    assert tab.calendar.dateTextFormat(QDate(2026, 4, 18)).font().bold()
    assert not tab.calendar.dateTextFormat(QDate(2026, 4, 17)).font().bold()


def test_an_end_before_the_start_is_shown_and_nothing_saved(tab, qtbot):
    tab.new_event()
    dialog = tab.dialog
    dialog.title_edit.setText("Tikšanās")
    dialog.starts_edit.setDateTime(QDateTime(datetime(2026, 4, 18, 14)))
    dialog.ends_edit.setDateTime(QDateTime(datetime(2026, 4, 18, 12)))
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "nevar beigties agrāk" in dialog.error_label.text()
    assert events.list_events() == []
    # Fixing the end saves the same form.
    dialog.ends_edit.setDateTime(QDateTime(datetime(2026, 4, 18, 16)))
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and len(events.list_events()) == 1


def test_the_form_keeps_the_length_and_gives_exhibitions_weeks(tab):
    tab.new_event()
    dialog = tab.dialog
    dialog.starts_edit.setDateTime(QDateTime(datetime(2026, 5, 9, 11, 0)))
    dialog.ends_edit.setDateTime(QDateTime(datetime(2026, 5, 9, 12, 30)))
    dialog.starts_edit.setDateTime(QDateTime(datetime(2026, 5, 16, 14, 0)))
    assert dialog.ends_edit.dateTime().toPython() == datetime(2026, 5, 16, 15, 30)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("exhibition"))
    assert dialog.ends_edit.dateTime().toPython() == datetime(2026, 6, 6, 18, 0)


def test_a_picture_is_checked_shown_and_stored(tab, qtbot, tmp_path):
    tab.new_event()
    dialog = tab.dialog
    dialog.title_edit.setText("Izstāde")
    letter = tmp_path / "vestule.png"
    letter.write_text("nav bilde", encoding="utf-8")
    dialog.set_picture(str(letter))
    assert "nav attēls" in dialog.error_label.text() and dialog.picture_source is None
    photo = tmp_path / "foto.png"
    Image.new("RGB", (320, 200), (10, 140, 90)).save(photo)
    dialog.set_picture(str(photo))
    assert dialog.picture_label.pixmap() is not None
    assert not dialog.picture_label.pixmap().isNull()
    dialog.save()
    stored = Path(events.get_event(event_id=events.list_events()[0]["id"]).image_path)
    assert stored.exists() and stored != photo


def test_edit_an_event(tab, qtbot):
    event_id = add_event()
    tab.refresh()
    assert tab.select_event(event_id)
    qtbot.mouseClick(tab.buttons["editEventButton"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.title_edit.text() == "Pasaku rīts" and dialog.children_check.isChecked()
    dialog.title_edit.clear()
    dialog.title_edit.setText("Pasaku rīts ar Sprīdīti")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert events.get_event(event_id=event_id).title == "Pasaku rīts ar Sprīdīti"
    assert tab.model.data(tab.model.index(0, 1)) == "Pasaku rīts ar Sprīdīti"


def test_count_attendance_after_the_event(tab, qtbot):
    event_id = add_event()
    tab.refresh()
    tab.select_event(event_id)
    qtbot.mouseClick(tab.buttons["attendanceButton"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.objectName() == "attendanceDialog"
    dialog.children_spin.setValue(17)
    dialog.adults_spin.setValue(5)
    assert dialog.total_label.text() == "22"
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    event = events.get_event(event_id=event_id)
    assert (event.attendance_children, event.attendance_adults) == (17, 5)
    row = [tab.model.data(tab.model.index(0, column)) for column in (4, 5, 6)]
    assert row == ["17", "5", "22"]


def test_attendance_for_a_future_event_is_refused_in_the_dialog(tab):
    event_id = add_event(starts_at=datetime.now() + timedelta(days=3), ends_at=None)
    tab.refresh()
    tab.select_event(event_id)
    tab.attendance_selected()
    tab.dialog.children_spin.setValue(3)
    tab.dialog.save()
    assert tab.dialog.isVisible() and "pēc tam" in tab.dialog.error_label.text()
    assert events.get_event(event_id=event_id).attendance_total is None


def test_calendar_click_filters_the_table(tab, qtbot):
    add_event()
    add_event(title="Izstāde", kind="exhibition", starts_at=datetime(2026, 3, 1, 10),
              ends_at=datetime(2026, 3, 31, 18), for_children=False)
    add_event(title="Cits mēnesis", starts_at=datetime(2026, 5, 2, 10), ends_at=None)
    tab.refresh()
    assert tab.model.rowCount() == 3
    tab.filter_day(date(2026, 3, 14))
    titles = {tab.model.row_data(row)["title"] for row in range(tab.model.rowCount())}
    assert titles == {"Pasaku rīts", "Izstāde"}
    assert tab.filter_label.text() == "Pasākumi sestdien, 14. martā"
    assert tab.show_all.isVisibleTo(tab)
    assert "2026. gada marts: pasākumi – 2" in tab.month_label.text()
    qtbot.mouseClick(tab.show_all, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 3


def test_poster_preview_and_save(tab, qtbot, saved_pdfs):
    event_id = add_event()
    tab.refresh()
    tab.select_event(event_id)
    qtbot.mouseClick(tab.buttons["posterButton"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.objectName() == "posterDialog"
    assert not dialog.preview.pixmap().isNull()
    dialog.document_combo.setCurrentIndex(dialog.document_combo.findData("poster_a3"))
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("classic"))
    qtbot.mouseClick(dialog.findChild(type(tab.buttons["posterButton"]), "documentSave"),
                     Qt.MouseButton.LeftButton)
    assert saved_pdfs[-1].name == "poster-pasaku-rits.pdf"
    assert "(A3)" in pdf_info(saved_pdfs[-1])
    assert "Saglabāts" in dialog.message.text()
    dialog.document_combo.setCurrentIndex(dialog.document_combo.findData("flyer"))
    dialog.choose_target()
    assert "841.89 x 595.276" in pdf_info(saved_pdfs[-1])


def test_month_plan_from_the_calendar(tab, qtbot, saved_pdfs):
    add_event()
    tab.calendar.setCurrentPage(2026, 3)
    qtbot.mouseClick(tab.buttons["planButton"], Qt.MouseButton.LeftButton)
    assert saved_pdfs[-1].name == "pasakumu-plans-2026-03.pdf"
    text = subprocess.run(["pdftotext", str(saved_pdfs[-1]), "-"], capture_output=True,
                          text=True).stdout
    assert "2026. gada marts" in text and "Pasaku rīts" in text


def test_delete_asks_first(tab, qtbot):
    event_id = add_event()
    tab.refresh()
    tab.select_event(event_id)
    qtbot.mouseClick(tab.buttons["deleteEventButton"], Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert isinstance(box, QMessageBox) and "Pasaku rīts" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert len(events.list_events()) == 1
    tab.select_event(event_id)
    tab.delete_selected()
    qtbot.mouseClick(tab.dialog.button(QMessageBox.StandardButton.Yes),
                     Qt.MouseButton.LeftButton)
    assert events.list_events() == [] and tab.model.rowCount() == 0


def test_certificates_for_chosen_readers(tab, qtbot, saved_pdfs):
    title = Title.create(title="Grāmata", created_at=datetime(2025, 1, 1))
    for number, (first, last, loans) in enumerate((("Anna", "Bērziņa", 5),
                                                   ("Jānis", "Kalniņš", 3),
                                                   ("Līga", "Ozola", 1)), start=1):
        patron = Patron.create(card_number=f"R{number}", first_name=first, last_name=last,
                               registered_on=date(2020, 1, 1), token=number,
                               created_at=datetime(2020, 1, 1))
        for n in range(loans):
            item = Item.create(barcode=f"{number}-{n}", title=title,
                               created_at=datetime(2025, 1, 1))
            Loan.create(item=item, patron=patron, patron_token=number, age_group="child",
                        issued_at=datetime(2025, 4, 1, 10), due_on=date(2025, 5, 1),
                        returned_at=datetime(2025, 4, 20, 10))
    qtbot.mouseClick(tab.buttons["certificatesButton"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.objectName() == "certificatesDialog"
    dialog.from_edit.setDate(QDate(2025, 1, 1))
    dialog.to_edit.setDate(QDate(2025, 12, 31))
    dialog.children_check.setChecked(True)
    qtbot.mouseClick(dialog.findChild(type(tab.buttons["planButton"]), "certFind"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    assert [dialog.table.item(row, 0).text() for row in range(3)] == [
        "Anna Bērziņa", "Jānis Kalniņš", "Līga Ozola"]
    assert dialog.table.item(0, 2).text() == "5"
    dialog.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    dialog.choose_target()
    path = saved_pdfs[-1]
    assert "Pages:           2" in pdf_info(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Annai Bērziņai" in text and "Līgai Ozolai" in text and "Jānis" not in text


def test_keyboard_enter_edits_and_the_tab_refreshes_when_shown(tab, qtbot):
    window = tab.window()
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.desk)
    event_id = add_event()  # saved elsewhere, e.g. demo data
    window.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 1
    tab.select_event(event_id)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert tab.dialog.objectName() == "eventDialog" and tab.dialog.isVisible()
    assert tab.dialog.title_edit.text() == "Pasaku rīts"


def test_copy_the_month_plan_as_text(tab, qtbot):
    from PySide6.QtGui import QGuiApplication

    add_event()
    tab.calendar.setCurrentPage(2026, 3)
    qtbot.mouseClick(tab.buttons["planTextButton"], Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "2026. gada marts" in copied and "Sestdien, 14. martā plkst. 11.00–12.00" in copied
    assert "nokopēts" in tab.message.text()
