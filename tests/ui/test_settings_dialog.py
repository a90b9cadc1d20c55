"""The settings dialog: opened from the File menu, saves every page in one change, or
nothing with the message beside the wrong field; the look follows at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from rozupe_desk.db.models import AuditLog
from rozupe_desk.services import library, settings
from rozupe_desk.ui.style import CALM, HIGH_CONTRAST
from tests.ui.windows import shown_window

INPUTS = (QLineEdit, QSpinBox, QComboBox, QAbstractButton, QPlainTextEdit, QListWidget)


def window_on_set_up_library(qtbot, tmp_path):
    path = tmp_path / "lib.sqlite"
    library.open_library(path)
    settings.update(library_name="Rožupes bibliotēka")
    return shown_window(qtbot, path)


def open_settings(qtbot, window) -> QDialog:
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Iestatījumi…")
    assert action.shortcut().toString() == "Ctrl+,"
    action.trigger()
    dialog = window.findChild(QDialog, "settingsDialog")
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def save(qtbot, dialog):
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert button.text() == "Saglabāt"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_settings_show_the_stored_values_on_every_page(qtbot, tmp_path):
    window = window_on_set_up_library(qtbot, tmp_path)
    dialog = open_settings(qtbot, window)
    nav = dialog.findChild(QListWidget, "settingsNav")
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Bibliotēka", "Darba laiks", "Izsniegšana", "Atgādinājumi", "Rezerves kopijas",
        "Izskats", "Uzlīmes", "Kopkatalogi", "Filiāles"]
    assert dialog.findChild(QLineEdit, "setting_library_name").text() == "Rožupes bibliotēka"
    assert dialog.findChild(QSpinBox, "setting_loan_days_book").value() == 28
    assert not dialog.findChild(QAbstractButton, "openDay0").isChecked()
    assert dialog.findChild(QComboBox, "setting_language").currentData() == "lv"
    dialog.reject()


def test_saving_stores_every_page_in_one_change_and_applies_the_look(qtbot, tmp_path):
    window = window_on_set_up_library(qtbot, tmp_path)
    dialog = open_settings(qtbot, window)
    before = AuditLog.select().count()
    dialog.findChild(QLineEdit, "setting_library_name").setText("Rožupes filiāle")
    dialog.findChild(QLineEdit, "setting_library_email").setText("rozupe@livani.lv")
    dialog.findChild(QSpinBox, "setting_loan_days_periodical").setValue(7)
    dialog.findChild(QSpinBox, "setting_renewals_allowed").setValue(3)
    dialog.findChild(QAbstractButton, "openDay0").setChecked(True)
    dialog.sections["opening"].hours[0].setText("12-16")
    dialog.findChild(QPlainTextEdit, "setting_reminder_text").setPlainText(
        "Lūdzu, atnesiet grāmatas!")
    dialog.findChild(QWidget, "setting_backup_folder").setText(str(tmp_path))
    dialog.findChild(QSpinBox, "setting_backup_warn_days").setValue(7)
    language = dialog.findChild(QComboBox, "setting_language")
    language.setCurrentIndex(language.findData("en"))
    dialog.findChild(QAbstractButton, "setting_high_contrast").setChecked(True)
    dialog.findChild(QSpinBox, "setting_font_size").setValue(14)
    layout = dialog.findChild(QComboBox, "setting_label_layout")
    layout.setCurrentIndex(layout.findData("a4_4x10"))
    save(qtbot, dialog)

    assert not dialog.isVisible()
    stored = settings.get_all()
    assert stored["library_name"] == "Rožupes filiāle"
    assert stored["library_email"] == "rozupe@livani.lv"
    assert stored["loan_days"]["periodical"] == 7 and stored["loan_days"]["book"] == 28
    assert stored["renewals_allowed"] == 3
    assert stored["closed_weekdays"] == [6]
    assert stored["opening_hours"]["0"] == "12:00-16:00"
    assert stored["reminder_text"] == "Lūdzu, atnesiet grāmatas!"
    assert stored["backup_folder"] == str(tmp_path) and stored["backup_warn_days"] == 7
    assert stored["language"] == "en"
    assert stored["high_contrast"] is True and stored["font_size"] == 14
    assert stored["label_layout"] == "a4_4x10"
    assert AuditLog.select().where(AuditLog.id > before).count() == 1
    # the name and the look change at once
    assert window.library_label.text() == "Rožupes filiāle"
    app = QApplication.instance()
    assert app.palette().window().color().name() == HIGH_CONTRAST.window
    assert app.font().pointSize() == 14
    # back to the calm look for later tests in this process
    settings.update(high_contrast=False, font_size=12)
    window.settings_saved({})
    assert app.palette().window().color().name() == CALM.window


def test_a_wrong_field_saves_nothing_and_shows_its_page_and_message(qtbot, tmp_path):
    window = window_on_set_up_library(qtbot, tmp_path)
    dialog = open_settings(qtbot, window)
    dialog.findChild(QLineEdit, "setting_library_name").setText("Jauns nosaukums")
    dialog.findChild(QAbstractButton, "openDay0").setChecked(True)
    dialog.sections["opening"].hours[0].setText("vakarā")
    dialog.findChild(QListWidget, "settingsNav").setCurrentRow(1)
    dialog.findChild(QListWidget, "settingsNav").setCurrentRow(0)
    dialog.findChild(QLineEdit, "setting_library_email").setText("ne adrese")
    dialog.findChild(QListWidget, "settingsNav").setCurrentRow(6)
    save(qtbot, dialog)
    # the first page with a wrong field is shown, even when its row was current before
    assert dialog.pages.currentIndex() == 0
    assert dialog.findChild(QLabel, "error_library_email").isVisible()
    dialog.findChild(QLineEdit, "setting_library_email").clear()
    save(qtbot, dialog)

    assert dialog.isVisible()
    assert settings.get("library_name") == "Rožupes bibliotēka"
    error = dialog.findChild(QLabel, "error_opening_hours_0")
    assert error.isVisible() and "10:00-18:00" in error.text()
    assert dialog.findChild(QListWidget, "settingsNav").currentRow() == 1
    message = dialog.findChild(QLabel, "settingsMessage")
    assert message.isVisible() and "netika saglabāti" in message.text()

    dialog.sections["opening"].hours[0].setText("10-14")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert settings.get("library_name") == "Jauns nosaukums"


def test_cancel_changes_nothing(qtbot, tmp_path):
    window = window_on_set_up_library(qtbot, tmp_path)
    dialog = open_settings(qtbot, window)
    dialog.findChild(QLineEdit, "setting_library_name").setText("Cits")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert settings.get("library_name") == "Rožupes bibliotēka"


def test_language_note_and_every_control_has_a_tooltip(qtbot, tmp_path):
    window = window_on_set_up_library(qtbot, tmp_path)
    dialog = open_settings(qtbot, window)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("pēc programmas restartēšanas" in text for text in texts)
    missing = [w.objectName() or type(w).__name__ for w in dialog.findChildren(QWidget)
               if isinstance(w, INPUTS) and not w.toolTip()
               and not isinstance(w.parent(), INPUTS)]
    assert missing == []
    dialog.reject()
