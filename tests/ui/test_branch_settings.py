"""The branch this desk works for, chosen once in the settings (issue 16): kept on this PC,
shown in the window's title and status bar; branches added and renamed on the same page."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QTableWidget

from rozupe_desk import workstation
from rozupe_desk.db.models import AuditLog
from rozupe_desk.services.branches import branches
from tests.ui.test_settings_dialog import open_settings, save, window_on_set_up_library

SHOTS = "/tmp/shots/i16-branches"


def test_the_desk_branch_is_chosen_in_the_settings_and_shown_in_the_window(qtbot, tmp_path):
    window = window_on_set_up_library(qtbot, tmp_path)
    assert "filiāle" not in window.windowTitle()  # one branch: the window as before
    dialog = open_settings(qtbot, window)
    nav = dialog.findChild(QListWidget, "settingsNav")
    nav.setCurrentRow(nav.count() - 1)
    assert nav.currentItem().text() == "Filiāles"
    page = dialog.findChild(QTableWidget, "branchesTable")
    assert page.rowCount() == 1 and page.item(0, 1).text() == "Rožupes bibliotēka"
    dialog.findChild(QLineEdit, "newBranchCode").setText("ROZ")
    dialog.findChild(QLineEdit, "newBranchName").setText("Rožupes filiāle")
    qtbot.mouseClick(dialog.findChild(QPushButton, "addBranchButton"), Qt.MouseButton.LeftButton)
    dialog.findChild(QLineEdit, "newBranchCode").setText("LIV")
    dialog.findChild(QLineEdit, "newBranchName").setText("Līvānu bibliotēka")
    qtbot.mouseClick(dialog.findChild(QPushButton, "addBranchButton"), Qt.MouseButton.LeftButton)
    assert page.rowCount() == 3
    page.setCurrentCell(2, 0)
    rename = dialog.findChild(QLineEdit, "renameBranchName")
    assert rename.text() == "Līvānu bibliotēka"
    rename.setText("Līvānu centrālā bibliotēka")
    qtbot.mouseClick(dialog.findChild(QPushButton, "renameBranchButton"),
                     Qt.MouseButton.LeftButton)
    assert branches.branch_by_code("LIV").name == "Līvānu centrālā bibliotēka"
    dialog.findChild(QLineEdit, "newBranchCode").setText("ROZ")  # taken: said, not stored
    dialog.findChild(QLineEdit, "newBranchName").setText("Cita")
    qtbot.mouseClick(dialog.findChild(QPushButton, "addBranchButton"), Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLabel, "branchesMessage").text() == "Filiāle ar kodu ROZ jau ir."
    choice = dialog.findChild(QComboBox, "setting_desk_branch")
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "Rožupes bibliotēka (1)", "Rožupes filiāle (ROZ)", "Līvānu centrālā bibliotēka (LIV)"]
    choice.setCurrentIndex(1)
    os.makedirs(SHOTS, exist_ok=True)
    dialog.grab().save(f"{SHOTS}/branch-choice.png")
    assert workstation.load().branch_code == "1"  # stored with Saglabāt, not before
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert workstation.load().branch_code == "ROZ"
    assert branches.desk_branch().code == "ROZ"
    assert window.windowTitle().endswith("Rožupes bibliotēka · filiāle: Rožupes filiāle")
    assert window.findChild(QLabel, "libraryLabel").text().endswith("filiāle: Rožupes filiāle")
    window.grab().save(f"{SHOTS}/window-title-branch.png")
    assert AuditLog.select().where(AuditLog.action == "branch.add").count() == 2


def test_the_event_form_offers_the_branch_the_desks_first(qtbot, db_path):
    from rozupe_desk.db.models import Event
    from rozupe_desk.ui.events.event_dialog import EventDialog

    single = EventDialog()
    qtbot.addWidget(single)
    assert single.findChild(QComboBox, "eventBranch").isHidden()  # one branch: no choice
    roz = branches.add_branch(code="ROZ", name="Rožupes filiāle")
    liv = branches.add_branch(code="LIV", name="Līvānu bibliotēka")
    workstation.store(branch_code="ROZ")
    dialog = EventDialog()
    qtbot.addWidget(dialog)
    combo = dialog.findChild(QComboBox, "eventBranch")
    assert not combo.isHidden() and combo.currentData() == roz.id
    dialog.title_edit.setText("Dzejas vakars")
    combo.setCurrentIndex(combo.findData(liv.id))
    dialog.save()
    assert Event.get(Event.title == "Dzejas vakars").branch_id == liv.id
