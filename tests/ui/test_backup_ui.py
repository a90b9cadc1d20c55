"""Backups in the window: the banner, the File menu entries, restore, closing and daily backups."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QAbstractButton, QFrame, QLabel, QMessageBox, QPushButton

from rozupe_desk.db.connection import close_database
from rozupe_desk.db.models import AuditLog
from rozupe_desk.services import library, settings
from rozupe_desk.services.safety import backup
from rozupe_desk.ui import backup as backup_ui
from tests.desk_data import make_patron
from tests.ui.windows import shown_window


@pytest.fixture
def lib(tmp_path) -> Path:
    path = tmp_path / "lib.sqlite"
    library.open_library(path)
    settings.update(library_name="Rožupes bibliotēka")
    yield path
    close_database()


def banner_text(window) -> str:
    return window.findChild(QLabel, "backupBannerText").text()


def close_message(qtbot, window, name: str) -> str:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, name) is not None)
    box = window.findChild(QMessageBox, name)
    text = box.text()
    box.accept()
    return text


def test_banner_and_menu_until_the_first_backup(qtbot, lib, tmp_path):
    window = shown_window(qtbot, lib)
    banner = window.findChild(QFrame, "backupBanner")
    assert banner.isVisible()
    assert banner_text(window).startswith("Rezerves kopiju mape nav iestatīta")
    assert window.findChild(QPushButton, "backupFolderButton").isVisible()
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Rezerves kopija…" in texts and "Atjaunot no rezerves kopijas…" in texts

    folder = tmp_path / "usb"
    folder.mkdir()
    settings.update(backup_folder=str(folder))
    window.refresh_title()  # what saving the settings does
    assert banner_text(window) == "Rezerves kopija vēl nav izveidota. Datiem citur kopijas nav."
    assert not window.findChild(QPushButton, "backupFolderButton").isVisible()
    now = window.findChild(QPushButton, "backupNowButton")
    assert now.text() == "Izveidot rezerves kopiju tagad"

    qtbot.mouseClick(now, qtbot_left())
    text = close_message(qtbot, window, "backupDoneMessage")
    [made] = folder.glob("lib-*.sqlite")
    assert text.startswith(f"Rezerves kopija saglabāta: {made}")
    assert not banner.isVisible()
    window.backups.closing_done = True


def test_the_menu_offers_the_folder_or_a_file(qtbot, lib, tmp_path):
    settings.update(backup_folder=str(tmp_path))
    window = shown_window(qtbot, lib)
    window.backups.backup_action.trigger()
    choice = window.findChild(QMessageBox, "backupChoice")
    buttons = {b.text(): b for b in choice.findChildren(QAbstractButton)}
    assert {"Rezerves kopiju mapē", "Izvēlēties failu…"} <= set(buttons)
    buttons["Rezerves kopiju mapē"].click()
    close_message(qtbot, window, "backupDoneMessage")
    assert len(list(tmp_path.glob("lib-*.sqlite"))) == 1
    window.backups.closing_done = True


def test_restore_asks_first_then_reopens_the_window_on_the_restored_data(qtbot, lib, tmp_path):
    make_patron("A1")
    saved = backup.create_backup(tmp_path / "saved.sqlite").path
    make_patron("I1", first="Ilze", last="Kalna")
    window = shown_window(qtbot, lib, register=False)
    window.backups.closing_done = True

    box = window.backups.confirm_restore(str(saved))
    assert box.objectName() == "restoreConfirm"
    assert str(saved) in box.text() and "netiks izdzēsta" in box.text()
    assert "lib.before-restore-" in box.text()
    box.findChild(QAbstractButton, "restoreYes").click()
    qtbot.waitUntil(lambda: len(backup_ui._windows) == 1, timeout=10_000)

    new = backup_ui._windows[0]
    qtbot.addWidget(new)
    assert new.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # the old one and its timers
    text = close_message(qtbot, new, "restoredMessage")
    assert "Dati atjaunoti" in text and "before-restore-" in text
    assert library.counts().patrons == 1
    assert list(tmp_path.glob("lib.before-restore-*.sqlite"))
    new.backups.closing_done = True
    backup_ui._windows.clear()


def test_a_bad_file_is_refused_with_a_message_and_nothing_changes(qtbot, lib, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"nav datu")
    window = shown_window(qtbot, lib)
    window.backups.closing_done = True
    window.backups.restore_from(str(bad))
    text = close_message(qtbot, window, "restoreFailedMessage")
    assert text == f"Fails {bad} nav datubāze; nekas netika mainīts."
    assert backup_ui._windows == [] and window.isVisible()


def test_closing_backs_up_when_something_changed_and_only_then(qtbot, lib, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    settings.update(backup_folder=str(folder))
    backup.create_backup()  # the day's backup exists: nothing runs at start
    first = backup_files(folder)
    window = shown_window(qtbot, lib)
    assert not window.findChild(QFrame, "backupBanner").isVisible()
    settings.update(library_phone="+371 65300000")  # a change, in the audit log

    window.close()

    assert not window.isVisible()
    # A backup within the same second keeps its name: compare contents, not only names.
    made = backup_files(folder)
    assert made != first and len(made) == 1
    assert backup.verify_file(folder / next(iter(made)).split(":")[0])
    again = shown_window(qtbot, lib)
    again.close()  # nothing changed since
    assert backup_files(folder) == made


def backup_files(folder):
    """The backup files of a folder with their contents' fingerprints."""
    return {path.name + ":" + hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.glob("*.sqlite")}


def test_the_days_backup_runs_in_the_background_when_the_window_opens(qtbot, lib, tmp_path):
    settings.update(backup_folder=str(tmp_path))
    window = shown_window(qtbot, lib)
    window.backups.closing_done = True
    qtbot.waitUntil(lambda: window.backups.auto_task is None and bool(list(tmp_path.glob("lib-*"))),
                    timeout=10_000)
    assert window.statusBar().currentMessage().startswith(
        "Automātiskā rezerves kopija saglabāta:")
    assert backup.backup_status().state == "ok"
    assert window.backups.start_daily_backup() is None  # once a day
    made = AuditLog.select().where(AuditLog.action == "backup.create").count
    assert made() == 1
    # still open after midnight: the 5-minute check finds the new day's backup due
    assert window.backups.start_daily_backup(today=date.today() + timedelta(days=1))
    qtbot.waitUntil(lambda: window.backups.auto_task is None, timeout=10_000)
    assert made() == 2


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_restoring_a_backup_from_before_an_erasure_says_the_reader_is_erased_again(
        qtbot, lib, tmp_path):
    from rozupe_desk.db.models import Patron
    from rozupe_desk.services.readers import privacy

    reader = make_patron("E1", first="Elza", last="Ābeltiņa")
    saved = backup.create_backup(tmp_path / "saved.sqlite").path
    privacy.erase_patron(patron_id=reader.id)
    window = shown_window(qtbot, lib, register=False)
    window.backups.closing_done = True
    window.backups.restore_from(str(saved))
    qtbot.waitUntil(lambda: len(backup_ui._windows) == 1, timeout=10_000)
    new = backup_ui._windows[0]
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    text = close_message(qtbot, new, "restoredMessage")
    assert "Atkal dzēsti lasītāji" in text and ": 1." in text
    assert Patron.get_by_id(reader.id).anonymized
    new.backups.closing_done = True
    backup_ui._windows.clear()
