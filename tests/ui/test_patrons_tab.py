"""The readers tab as the librarian uses it: register from anywhere with Ctrl+N, fix what
the form marks, edit, link a family, search as you type, erase and anonymise."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTabWidget

from rozupe_desk.app import create_window
from rozupe_desk.db.models import Loan, Patron
from rozupe_desk.services import demo, library
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import PatronFields
from tests.ui.windows import shown_window


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "lib.sqlite"
    library.open_library(path)
    for first, last, birth in (("Anna", "Bērziņa", "1950"), ("Jānis", "Ozoliņš", "1980-02-03"),
                               ("Ilze", "Kalniņa", "")):
        patrons.register(fields=PatronFields(first_name=first, last_name=last, birth=birth))
    return shown_window(qtbot, path)


def visible_names(tab) -> list[str]:
    return [f"{tab.model.row_data(r)['first_name']} {tab.model.row_data(r)['last_name']}"
            for r in range(tab.model.rowCount())]


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard; QTest only knows ASCII keys, so Latvian letters are inserted
    the way an input method delivers them."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            widget.insert(char)


def answer_yes(qtbot, parent) -> None:
    box = None

    def shown() -> bool:
        nonlocal box
        box = parent.findChild(QMessageBox, "patronsConfirm")
        return box is not None and box.isVisible()

    qtbot.waitUntil(shown)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def test_ctrl_n_from_the_desk_opens_registration_and_enter_saves(qtbot, window):
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    tab = window.patrons
    assert tabs.currentWidget() is tab
    form = tab.form
    assert form.inputs["card_number"].text() == "R000004"
    qtbot.waitUntil(form.inputs["first_name"].hasFocus)
    qtbot.keyClicks(form.inputs["first_name"], "Biruta")
    qtbot.keyClick(form.inputs["first_name"], Qt.Key.Key_Tab)
    type_text(qtbot, window.focusWidget(), "Ābola")
    assert not form.consent_data.isChecked()
    form.consent_data.setChecked(True)  # ticked when the reader has agreed, never in advance
    qtbot.keyClick(form.inputs["last_name"], Qt.Key.Key_Return)
    patron = Patron.get(Patron.card_number == "R000004")
    assert (patron.first_name, patron.last_name) == ("Biruta", "Ābola")
    assert patron.consent_data_on == date.today()
    assert "Biruta Ābola" in visible_names(tab)
    assert form.patron_id == patron.id and "reģistrēts" in form.message.text()
    assert f"Reģistrēts {date.today().year}. gadā" in form.summary.text()


def test_a_scanned_card_moves_on_instead_of_saving(qtbot, window):
    tab = window.patrons
    window.tabs.setCurrentWidget(tab)
    tab.new_patron()
    card = tab.form.inputs["card_number"]
    card.setFocus()
    card.clear()
    qtbot.keyClicks(card, "R777777")
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert Patron.select().count() == 3 and not card.hasFocus()
    assert tab.form.errors["first_name"].isHidden()


def test_wrong_fields_are_marked_beside_themselves_and_nothing_is_saved(qtbot, window):
    tab = window.patrons
    tab.new_patron()
    form = tab.form
    form.inputs["last_name"].setText("Liepa")
    form.inputs["birth"].setText("31.02.2015")
    form.inputs["email"].setText("liepa@")
    form.inputs["card_number"].setText("R000001")
    assert form.save() is False
    assert Patron.select().count() == 3
    shown = {name for name, label in form.errors.items() if not label.isHidden()}
    assert shown == {"first_name", "birth", "email", "card_number"}
    assert "Tāda datuma nav" in form.errors["birth"].text()
    assert "R000001" in form.errors["card_number"].text()
    assert "izlabojiet" in form.message.text()
    form.inputs["first_name"].setText("Rasma")
    form.inputs["birth"].setText("2015")
    form.inputs["email"].setText("")
    form.inputs["card_number"].setText("")
    assert form.save() is True
    assert all(label.isHidden() for label in form.errors.values())
    assert form.age_label.text().endswith("bērns")


def test_edit_a_reader_from_the_list(qtbot, window):
    tab = window.patrons
    tab.table.setCurrentIndex(tab.model.index(visible_names(tab).index("Jānis Ozoliņš"), 0))
    form = tab.form
    assert form.inputs["last_name"].text() == "Ozoliņš"
    form.inputs["phone"].setText("+371 2612 3456")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert Patron.get(Patron.last_name == "Ozoliņš").phone == "+371 2612 3456"
    tab.search.setText("26123456")
    tab.run_search()
    assert visible_names(tab) == ["Jānis Ozoliņš"]


def test_link_a_family_child_registered_from_the_guardian(qtbot, window):
    tab = window.patrons
    anna = Patron.get(Patron.first_name == "Anna")
    tab.show_patron(anna.id)
    qtbot.mouseClick(tab.form.add_child_button, Qt.MouseButton.LeftButton)
    form = tab.form
    assert form.inputs["guardian_card"].text() == anna.card_number
    form.inputs["first_name"].setText("Līva")
    form.inputs["last_name"].setText("Bērziņa")
    form.inputs["birth"].setText("2017-05-01")
    assert form.save()
    liva = Patron.get(Patron.first_name == "Līva")
    assert liva.guardian_id == anna.id
    lines = [form.family_list.item(i).text() for i in range(form.family_list.count())]
    assert lines[0].startswith("Anna Bērziņa") and "aizbildnis" in lines[0]
    assert lines[1].startswith("Līva Bērziņa") and "bērns" in lines[1]
    # Linking an existing reader: Ilze becomes Anna's ward by typing the guardian's card.
    ilze = Patron.get(Patron.first_name == "Ilze")
    tab.show_patron(ilze.id)
    form.inputs["guardian_card"].setText(anna.card_number)
    assert form.save()
    tab.show_patron(anna.id)
    assert form.family_list.count() == 3


@pytest.mark.parametrize(("typed", "expected"), [
    ("berzina", ["Anna Bērziņa"]), ("Bērziņa", ["Anna Bērziņa"]),
    ("ozolins", ["Jānis Ozoliņš"]), ("OZOLIŅŠ", ["Jānis Ozoliņš"]),
    ("R000003", ["Ilze Kalniņa"]), ("nav tāda", []),
])
def test_search_as_you_type_with_and_without_diacritics(qtbot, window, typed, expected):
    tab = window.patrons
    window.tabs.setCurrentWidget(tab)
    type_text(qtbot, tab.search, typed)
    qtbot.waitUntil(lambda: visible_names(tab) == expected)
    assert tab.count_label.text() == {0: "0 lasītāji", 1: "1 lasītājs"}[len(expected)]
    tab.search.clear()
    qtbot.waitUntil(lambda: len(visible_names(tab)) == 3)


def test_erase_a_reader_after_confirmation(qtbot, window):
    tab = window.patrons
    janis = Patron.get(Patron.first_name == "Jānis")
    tab.show_patron(janis.id)
    assert tab.erase_button.isEnabled()
    qtbot.mouseClick(tab.erase_button, Qt.MouseButton.LeftButton)
    answer_yes(qtbot, tab)
    qtbot.waitUntil(lambda: Patron.get_by_id(janis.id).anonymized)
    assert Patron.get_by_id(janis.id).last_name != "Ozoliņš"
    assert "Jānis Ozoliņš" not in visible_names(tab)
    assert "dzēsti" in tab.message.text()


def test_anonymise_old_history_from_the_menu(qtbot, tmp_path):
    path = tmp_path / "demo.sqlite"
    library.open_library(path)
    demo.fill_demo(scale="small", seed=2)
    window = create_window(path)
    qtbot.addWidget(window)
    window.show()
    tab = window.patrons
    old_linked = Loan.select().where(Loan.returned_at < "2025-06-01", Loan.patron.is_null(False))
    assert old_linked.count() > 0
    from rozupe_desk.services import settings

    settings.update(anonymize_after_days=180)
    tab.ask_anonymize()
    answer_yes(qtbot, tab)
    qtbot.waitUntil(lambda: "Anonimizēta vēsture" in tab.message.text(), timeout=10_000)
    assert old_linked.count() == 0
    assert Loan.select().where(Loan.returned_at.is_null(), Loan.patron.is_null()).count() == 0


def test_import_a_csv_file_in_the_background(qtbot, window, tmp_path):
    tab = window.patrons
    csv = tmp_path / "lasitaji.csv"
    csv.write_bytes("vārds;first_name;last_name\n;Ēriks;Dzenis\n".encode("cp1257"))
    tab.import_file(str(csv))
    qtbot.waitUntil(lambda: "Ielasīts 1 lasītājs" in tab.message.text(), timeout=10_000)
    assert "Ēriks Dzenis" in visible_names(tab)
    bad = tmp_path / "slikts.csv"
    bad.write_text("first_name;last_name\nAnna;\n", encoding="utf-8")
    tab.import_file(str(bad))
    qtbot.waitUntil(lambda: "2. rindā" in tab.message.text(), timeout=10_000)
    assert Patron.select().count() == 4


def test_absent_readers_can_be_erased_in_one_step(qtbot, window):
    Patron.update(registered_on=date(2015, 1, 5)).where(Patron.first_name == "Ilze").execute()
    dialog = window.patrons.show_absent()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "R000003"
    dialog.erase_ticked()
    answer_yes(qtbot, dialog)
    qtbot.waitUntil(lambda: Patron.get(Patron.first_name.in_(["Ilze", "—"]),
                                       Patron.id == 3).anonymized)
    assert dialog.table.rowCount() == 0


def test_the_list_model_passes_qt_checks(qtmodeltester, window):
    qtmodeltester.check(window.patrons.model)
    qtmodeltester.check(window.patrons.form.history_model)
