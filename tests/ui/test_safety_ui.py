"""Calm errors, the quick check at start and one window per database, as the librarian
meets them: no traceback on screen, a Latvian dialog, a window that keeps working."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget
from shiboken6 import isValid

from rozupe_desk import logs
from rozupe_desk.db.connection import close_database, database
from rozupe_desk.errors import Conflict
from rozupe_desk.ui import error_dialog, instance_lock, startup_check
from tests.desk_data import small_library
from tests.ui.windows import shown_window

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, db_path):
    data = small_library()
    win = shown_window(qtbot, db_path)
    win.activateWindow()
    win.data = data
    yield win
    win.close()


@pytest.fixture
def hooks(monkeypatch):
    """The window process's hooks, put back after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    error_dialog.install()
    yield error_dialog.reporter()
    dialog = error_dialog.reporter().dialog
    if dialog is not None and isValid(dialog):
        dialog.close()


def visible_dialog(name: str) -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == name and widget.isVisible():
            return widget
    return None


def scan_card(qtbot, win, card: str) -> None:
    field = win.findChild(QLineEdit, "scanInput")
    with qtbot.waitSignal(win.desk.scanned, timeout=3000):
        qtbot.keyClicks(field, card)
        qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.qt_no_exception_capture
def test_a_failing_button_shows_a_calm_dialog_logs_and_the_window_keeps_working(
        qtbot, window, hooks):
    def broken_slot() -> None:
        database.execute_sql("BEGIN")  # a write the error interrupts half-way
        database.execute_sql("UPDATE item SET shelf = 'X' WHERE barcode = '1001'")
        raise RuntimeError("boom in a slot")

    button = QPushButton(window)
    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_dialog(error_dialog.ERROR_DIALOG) is not None, timeout=3000)
    dialog = visible_dialog(error_dialog.ERROR_DIALOG)
    assert "Jūsu dati ir drošībā" in dialog.text()
    assert str(logs.log_file()) in dialog.informativeText()
    assert "Traceback" not in dialog.text() + dialog.informativeText() + dialog.detailedText()
    dialog.grab().save("/tmp/guard_error_dialog.png")
    logged = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: boom in a slot" in logged
    # rolled back: the half-done write is gone, and the desk still answers a scan
    assert not database.in_transaction()
    shelf = database.execute_sql("SELECT shelf FROM item WHERE barcode = '1001'").fetchone()[0]
    assert shelf == ""
    dialog.accept()
    scan_card(qtbot, window, "A1")
    assert window.desk.patron_id == window.data["anna"].id


@pytest.mark.qt_no_exception_capture
def test_errors_of_worker_threads_and_domain_errors_reach_the_dialog(qtbot, window, hooks):
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: visible_dialog(error_dialog.ERROR_DIALOG) is not None, timeout=3000)
    assert "ZeroDivisionError" in logs.log_file().read_text(encoding="utf-8")
    visible_dialog(error_dialog.ERROR_DIALOG).accept()
    qtbot.waitUntil(lambda: visible_dialog(error_dialog.ERROR_DIALOG) is None)

    def refusing_slot() -> None:
        raise Conflict("circulation.nothing_to_undo")

    button = QPushButton(window)
    button.clicked.connect(refusing_slot)
    shown = hooks.shown
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hooks.shown == shown + 1, timeout=3000)
    dialog = visible_dialog(error_dialog.ERROR_DIALOG)
    assert dialog.text() == str(Conflict("circulation.nothing_to_undo"))


def test_quick_check_at_start_notes_a_sound_database(qtbot, window):
    startup_check.start(window)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=5000)
    assert window.statusBar().currentMessage() == "Datubāzes pārbaude: viss kārtībā."
    assert visible_dialog(startup_check.INTEGRITY_WARNING) is None


def test_quick_check_at_start_warns_calmly_with_details(qtbot, window):
    database.execute_sql("UPDATE item SET status = 'lost' WHERE barcode = '1001'")
    database.execute_sql("INSERT INTO loan (item_id, patron_id, patron_token, age_group,"
                         " issued_at, due_on) SELECT i.id, 1, 1, 'adult', '2026-03-10 10:00:00',"
                         " '2026-04-07' FROM item i WHERE barcode = '1001'")
    startup_check.start(window)
    qtbot.waitUntil(lambda: visible_dialog(startup_check.INTEGRITY_WARNING) is not None,
                    timeout=5000)
    dialog = visible_dialog(startup_check.INTEGRITY_WARNING)
    assert "neatbilstības" in window.statusBar().currentMessage()
    assert "nekas netika mainīts" in dialog.text() and "rezerves kopijas" in dialog.informativeText()
    assert "Izsniegti nozaudēti eksemplāri: 1001" in dialog.detailedText()
    dialog.grab().save("/tmp/guard_integrity_warning.png")
    dialog.close()


def _run(db: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
                    **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "rozupe_desk", "--db", str(db), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=full_env, **kwargs)


@pytest.mark.slow
def test_a_second_window_is_refused_and_a_killed_one_leaves_no_stuck_lock(tmp_path):
    db = tmp_path / "lib.sqlite"
    lock = instance_lock.lock_path(db)
    first = _run(db)
    try:
        deadline = time.monotonic() + 60
        while not lock.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock.exists(), first.communicate(timeout=5)
        second = _run(db, env={"ROZUPE_DESK_SMOKE": "1"})
        out, err = second.communicate(timeout=60)
        assert second.returncode == 1, (out, err)
        assert "jau ir atvērta citā Rožupe Desk logā" in err and "Traceback" not in err
        assert f"process {first.pid}" in err and out == ""
        # the command line still works beside the open window
        check = _run(db, "check")
        assert check.communicate(timeout=60) and check.returncode == 0
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)
    assert lock.exists()  # the killed window could not remove it
    third = _run(db, env={"ROZUPE_DESK_SMOKE": "1"})
    out, err = third.communicate(timeout=60)
    assert third.returncode == 0, err
    assert '"shown": true' in out
    assert not lock.exists()  # released when the window closed


def test_a_database_found_damaged_opens_read_only_and_the_window_says_to_restore(
        qtbot, db_path):
    from rozupe_desk.db import file_guard

    small_library()
    close_database()
    file_guard.mark_damaged(db_path, "database disk image is malformed")
    win = shown_window(qtbot, db_path)
    startup_check.start(win)
    qtbot.waitUntil(lambda: visible_dialog(startup_check.INTEGRITY_WARNING) is not None,
                    timeout=5000)
    dialog = visible_dialog(startup_check.INTEGRITY_WARNING)
    assert "tikai lasīšanai" in dialog.informativeText()
    assert "Atjaunot no rezerves kopijas" in dialog.informativeText()
    os.makedirs("/tmp/shots/i14-faults", exist_ok=True)
    dialog.grab().save("/tmp/shots/i14-faults/damaged-warning.png")
    dialog.close()
    scan_card(qtbot, win, "A1")
    field = win.findChild(QLineEdit, "scanInput")
    qtbot.keyClicks(field, "1001")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "tikai lasīšanai" in win.findChild(QWidget, "messageBar").text(),
                    timeout=5000)
    win.findChild(QWidget, "messageBar").grab().save("/tmp/shots/i14-faults/damaged-scan.png")
    win.close()


@pytest.mark.slow
def test_a_second_window_through_a_symlink_or_hard_link_is_refused(tmp_path):
    db = tmp_path / "lib.sqlite"
    first = _run(db)
    try:
        deadline = time.monotonic() + 60
        while not (instance_lock.lock_path(db).exists() and db.exists()) \
                and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # the window has opened the database
        (tmp_path / "other").mkdir()
        symlink, hard = tmp_path / "link.sqlite", tmp_path / "other" / "same.sqlite"
        symlink.symlink_to(db)
        os.link(db, hard)
        for name in (symlink, hard):
            second = _run(name, env={"ROZUPE_DESK_SMOKE": "1"})
            out, err = second.communicate(timeout=60)
            assert second.returncode == 1, (name, out, err)
            assert "jau ir atvērta citā Rožupe Desk logā" in err
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)
