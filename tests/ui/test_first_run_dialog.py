"""The first run: a fresh database opens the set-up dialog, which walks her through three
steps and starts empty, with a note on importing, or with demo data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from rozupe_desk.services import demo, library, settings
from tests.ui.windows import shown_window

INPUTS = ("QLineEdit", "QSpinBox", "QComboBox", "QCheckBox", "QRadioButton", "QPushButton",
          "QPlainTextEdit")


def first_run_dialog(qtbot, window) -> QDialog:
    qtbot.waitUntil(lambda: window.findChild(QDialog, "firstRunDialog") is not None
                    and window.findChild(QDialog, "firstRunDialog").isVisible())
    return window.findChild(QDialog, "firstRunDialog")


def click(qtbot, dialog, name):
    qtbot.mouseClick(dialog.findChild(QAbstractButton, name), Qt.MouseButton.LeftButton)


def test_showing_the_window_on_a_fresh_database_opens_the_dialog_without_blocking(
        qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    dialog = first_run_dialog(qtbot, window)
    assert dialog.isModal()  # window-modal through open(); we got here, so no exec() blocked
    assert dialog.windowTitle() == "Laipni lūdzam Rožupe Desk"
    assert dialog.findChild(QLabel, "firstRunStep").text() == "1. solis no 3"
    dialog.reject()


def test_walk_through_the_steps_and_start_empty(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    dialog = first_run_dialog(qtbot, window)
    # QTest types ASCII only; Latvian letters arrive as the text a keyboard would insert
    dialog.findChild(QLineEdit, "setting_library_name").setText("Rožupes filiālbibliotēka")
    dialog.findChild(QLineEdit, "setting_library_address").insert("Skolas iela 2, Rožupe")
    click(qtbot, dialog, "firstRunNext")
    assert dialog.findChild(QLabel, "firstRunStep").text() == "2. solis no 3"
    # Saturday closed, Monday open from nine
    dialog.findChild(QAbstractButton, "openDay5").setChecked(False)
    dialog.findChild(QAbstractButton, "openDay0").setChecked(True)
    monday = dialog.opening.hours[0]
    monday.clear()
    qtbot.keyClicks(monday, "9-13")
    dialog.loans.loan_days["book"].setValue(21)
    click(qtbot, dialog, "firstRunNext")
    assert dialog.findChild(QLabel, "firstRunStep").text() == "3. solis no 3"
    backup = dialog.findChild(QWidget, "setting_backup_folder")
    backup.setText(str(tmp_path))
    assert dialog.findChild(QAbstractButton, "start_empty").isChecked()
    click(qtbot, dialog, "firstRunFinish")

    assert not dialog.isVisible()
    assert not library.is_first_run()
    assert settings.get("library_name") == "Rožupes filiālbibliotēka"
    assert settings.get("library_address") == "Skolas iela 2, Rožupe"
    assert settings.get("closed_weekdays") == [5, 6]
    assert settings.get("opening_hours")["0"] == "09:00-13:00"
    assert "5" not in settings.get("opening_hours")
    assert settings.get("loan_days")["book"] == 21
    assert settings.get("backup_folder") == str(tmp_path)
    assert library.is_empty()
    assert "Rožupes filiālbibliotēka" in window.windowTitle()


def test_a_wrong_field_keeps_her_on_the_step_with_a_message_beside_it(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    dialog = first_run_dialog(qtbot, window)
    dialog.findChild(QLineEdit, "setting_library_name").clear()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "setting_library_email"), "nav e-pasts")
    click(qtbot, dialog, "firstRunNext")
    assert dialog.findChild(QLabel, "firstRunStep").text() == "1. solis no 3"
    name_error = dialog.findChild(QLabel, "error_library_name")
    assert name_error.isVisible() and "nosaukumu" in name_error.text()
    assert dialog.findChild(QLabel, "error_library_email").isVisible()
    assert dialog.findChild(QLabel, "firstRunMessage").isVisible()
    assert library.is_first_run()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "setting_library_name"), "Rozupe")
    dialog.findChild(QLineEdit, "setting_library_email").clear()
    click(qtbot, dialog, "firstRunNext")
    assert dialog.findChild(QLabel, "firstRunStep").text() == "2. solis no 3"
    assert not dialog.findChild(QLabel, "error_library_name").isVisible()
    dialog.reject()


def test_later_leaves_the_database_untouched_and_asks_again_next_time(qtbot, tmp_path):
    path = tmp_path / "lib.sqlite"
    window = shown_window(qtbot, path)
    click(qtbot, first_run_dialog(qtbot, window), "firstRunLater")
    assert library.is_first_run()
    window.close()
    again = shown_window(qtbot, path)
    first_run_dialog(qtbot, again).reject()


def test_import_choice_sets_up_and_says_where_imports_live(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    dialog = first_run_dialog(qtbot, window)
    dialog.go_to(2)
    dialog.findChild(QAbstractButton, "start_import").setChecked(True)
    click(qtbot, dialog, "firstRunFinish")
    assert not library.is_first_run()
    note = window.findChild(QMessageBox, "importNote")
    assert note is not None and note.isVisible()
    assert "Fails → Ielasīt" in note.text()
    assert note.findChild(QAbstractButton, "importNote_patrons").text() == "Lasītāji (CSV)…"
    note.accept()


def test_demo_choice_fills_the_database_in_the_background(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    dialog = first_run_dialog(qtbot, window)
    dialog.findChild(QLineEdit, "setting_library_name").setText("Mana izmēģinājuma bibliotēka")
    dialog.go_to(2)
    dialog.findChild(QAbstractButton, "start_demo").setChecked(True)
    with qtbot.waitSignal(dialog.completed, timeout=60_000) as done:
        click(qtbot, dialog, "firstRunFinish")
    assert done.args == ["demo"]
    counts = library.counts()
    assert counts.patrons == demo.SCALES["small"].patrons and counts.items > 0
    # her name wins over the demo's
    assert settings.get("library_name") == "Mana izmēģinājuma bibliotēka"
    assert window.library_label.text() == "Mana izmēģinājuma bibliotēka"
    assert not dialog.isVisible()


def test_no_dialog_once_the_library_is_set_up(qtbot, tmp_path):
    path = tmp_path / "lib.sqlite"
    library.open_library(path)
    settings.update(library_name="Rožupe")
    window = shown_window(qtbot, path)
    qtbot.wait(50)
    assert window.findChild(QDialog, "firstRunDialog") is None


def test_every_control_explains_itself_in_latvian(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    dialog = first_run_dialog(qtbot, window)
    missing = [w.objectName() or type(w).__name__ for w in dialog.findChildren(QWidget)
               if type(w).__name__ in INPUTS and not w.toolTip()
               and w.parent() is not None and type(w.parent()).__name__ not in INPUTS]
    assert missing == []
    dialog.reject()


def test_english_first_run(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite", lang="en")
    dialog = first_run_dialog(qtbot, window)
    assert dialog.windowTitle() == "Welcome to Rožupe Desk"
    assert dialog.findChild(QAbstractButton, "firstRunNext").text() == "Next"
    dialog.reject()

