"""Reading programmes in the window: a programme made in its tab, books scanned into a
group, an expert registered from the desk with Ctrl+J and Enter, progress rising with
checkouts on the desk panel, a questionnaire, and the report written."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QTableWidget

from rozupe_desk.services.programmes import experts, setup
from tests.desk_data import make_item, make_patron, make_title, small_library
from tests.ui.test_desk_scanning import scan
from tests.ui.windows import shown_window

TODAY = date.today()


@pytest.fixture
def window(qtbot, db_path):
    data = small_library()
    guardian = data["anna"]
    child = make_patron("C8", first="Paula", last="Grīnberga",
                        birth=TODAY.replace(year=TODAY.year - 9, day=1), guardian=guardian)
    books = [make_title(name) for name in ("Pūce Pūcīte", "Lāču bērni", "Zaķa kāzas")]
    for n, title in enumerate(books):
        make_item(f"J{n}", title)
        make_item(f"K{n}", title)
    win = shown_window(qtbot, db_path)
    win.desk.open_files = False
    win.data = {**data, "child": child, "books": books}
    yield win
    win.close()


def _dialog(qtbot, name: str) -> QDialog:
    qtbot.waitUntil(lambda: any(w.objectName() == name and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    return next(w for w in QApplication.topLevelWidgets()
                if w.objectName() == name and w.isVisible())


def test_a_programme_from_its_tab_to_the_desk_and_the_report(qtbot, window, tmp_path):
    tab = window.programmes
    window.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.findChild(QPushButton, "newProgrammeButton"), Qt.MouseButton.LeftButton)
    form = _dialog(qtbot, "programmeDialog")
    form.findChild(QLineEdit, "programmeName").setText("Bērnu žūrija")
    form.starts.setDate(form.starts.date().addDays(-10))
    form.deadline.setDate(form.starts.date().addDays(100))
    form._accept()
    qtbot.waitUntil(lambda: tab.choice.count() == 1)
    assert tab.groups.count() == 5
    tab.groups.setCurrentRow(1)  # 9+
    code = tab.findChild(QLineEdit, "programmeBookCode")
    for barcode in ("J0", "J1", "K2"):
        qtbot.keyClicks(code, barcode)
        qtbot.keyClick(code, Qt.Key.Key_Return)
    assert tab.findChild(QTableWidget, "programmeBooks").rowCount() == 3
    code.setText("nav-tāda")
    qtbot.keyClick(code, Qt.Key.Key_Return)
    assert "nav grāmatas" in tab.message.text()

    # At the desk: the card, Ctrl+J, Enter.
    desk = window.desk
    window.tabs.setCurrentWidget(desk)
    scan(qtbot, desk, "C8")
    qtbot.keyClick(desk.scan_input, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    register = _dialog(qtbot, "programmeRegisterDialog")
    assert register.group_box.currentText() == "9+"
    assert "Anna Bērziņa" in register.who.text()  # her guardian
    qtbot.keyClick(register.group_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not register.isVisible())
    assert "Reģistrēts programmā" in desk.message_bar.text()
    assert "0 no 3 grāmatām" in desk.patron_panel.details.text()
    assert "Plauktā tagad" in desk.patron_panel.details.text()
    scan(qtbot, desk, "J1")
    assert "1 no 3 grāmatām" in desk.patron_panel.details.text()
    scan(qtbot, desk, "K2")
    assert "2 no 3 grāmatām" in desk.patron_panel.details.text()
    window.grab().save(str(tmp_path / "desk.png"))

    # Back in the programmes tab: the expert, her progress, the questionnaire.
    window.tabs.setCurrentWidget(tab)
    tab.groups.setCurrentRow(1)
    participants = tab.findChild(QTableWidget, "participantsTable")
    assert participants.rowCount() == 1
    assert participants.item(0, 4).text() == "2 no 3"
    participants.selectRow(0)
    progress = tab.findChild(QTableWidget, "expertProgress")
    assert [progress.item(r, 1).text() for r in range(3)] == [
        "vēl nav", "izlasīta (aizņēmās)", "izlasīta (aizņēmās)"]
    progress.selectRow(0)
    tab.toggle_read()
    assert participants.item(0, 4).text() == "3 no 3"
    participants.selectRow(0)
    qtbot.mouseClick(tab.findChild(QPushButton, "questionnaireButton"),
                     Qt.MouseButton.LeftButton)
    questionnaire = _dialog(qtbot, "questionnaireDialog")
    next(iter(questionnaire.votes.values())).setValue(9)
    questionnaire._accept()
    programme = setup.programmes()[0]
    expert = experts.participants(programme_id=programme.id)[0]
    assert expert.questionnaire_on == TODAY and expert.finished
    window.grab().save(str(tmp_path / "programmes.png"))

    # The report for the central library, written off the GUI thread.
    target = tmp_path / "parskats.pdf"
    tab.write_document("report", str(target))
    qtbot.waitUntil(lambda: tab.last_document is not None, timeout=10_000)
    assert target.exists() and target.read_bytes().startswith(b"%PDF")


def test_an_age_outside_the_group_asks_and_deleting_keeps_the_loans(qtbot, window):
    from PySide6.QtWidgets import QMessageBox

    from rozupe_desk.db.models import Loan

    programme_id = setup.create(name="Vasaras izaicinājums", year=TODAY.year, kind="summer",
                                starts_on=TODAY, deadline_on=TODAY.replace(day=28))
    group = setup.get(programme_id=programme_id).groups[0]
    setup.update_group(group_id=group.id, name="7–10", min_age=7, max_age=10)
    desk = window.desk
    scan(qtbot, desk, "A1")  # Anna, an adult
    scan(qtbot, desk, "J0")
    desk.register_in_programme()
    register = _dialog(qtbot, "programmeRegisterDialog")
    register.register()
    question = _dialog(qtbot, "programmeAgeQuestion")
    assert "neatbilst grupas 7–10 vecumam" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not register.isVisible())
    assert len(experts.participants(programme_id=programme_id)) == 1

    tab = window.programmes
    window.tabs.setCurrentWidget(tab)
    tab.delete_programme()
    confirm = _dialog(qtbot, "deleteProgrammeQuestion")
    confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.choice.count() == 0)
    assert "izsniegumi un grāmatas palika" in tab.message.text()
    assert Loan.select().count() == 1
