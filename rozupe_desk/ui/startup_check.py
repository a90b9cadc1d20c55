"""The quick check when the window starts: SQLite's `quick_check` and the invariants bounded
by indexes, on a background thread after the window is shown. All well: a short note in the
status bar. Something wrong: a calm message there and a dialog with the details and the
way back (a backup, from the File menu)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from rozupe_desk.i18n import tr
from rozupe_desk.services.safety import integrity, safety
from rozupe_desk.ui.error_dialog import WIDE_TEXT
from rozupe_desk.ui.tasks import BackgroundTask

INTEGRITY_WARNING = "integrityWarning"
NOTE_MS = 8000
WARNING_MS = 120_000  # then the library's name shows again; the dialog said it all


def start(window: QMainWindow) -> BackgroundTask:
    """Run the quick check for `window`; the result is shown when it arrives."""
    task = BackgroundTask(lambda _progress, _cancel: integrity.run_check(quick=True), window)
    task.succeeded.connect(lambda result: show_result(window, result))
    task.failed.connect(lambda message: window.statusBar().showMessage(
        tr("safety.check.failed", reason=message)))
    task.start()
    window.startup_check = task  # kept alive until it reports
    return task


def show_result(window: QMainWindow, result: integrity.CheckResult) -> QMessageBox | None:
    """The note (all well) or the warning and its dialog; returns the dialog, opened."""
    damaged = safety.database_damaged()  # by this check or an earlier one
    if result.sound and not damaged:
        window.statusBar().showMessage(tr("safety.check.ok"), NOTE_MS)
        return None
    window.statusBar().showMessage(tr("safety.check.problems"), WARNING_MS)
    box = QMessageBox(window)
    box.setObjectName(INTEGRITY_WARNING)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("safety.check.title"))
    box.setText(tr("fault.damaged_window" if damaged else "safety.check.text"))
    box.setInformativeText(tr("fault.restore_advice" if damaged else "safety.check.advice"))
    box.setStyleSheet(WIDE_TEXT)
    box.setDetailedText("\n".join(result.messages()))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box
