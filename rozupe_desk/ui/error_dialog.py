"""No traceback ever reaches the librarian.

`install()` replaces `sys.excepthook` and `threading.excepthook` in the window's process. An
unexpected error (PySide6 passes exceptions raised in slots to `sys.excepthook`) is written
with its traceback to the rotating log file, any transaction still open is rolled back, and
a calm dialog says that something went wrong, that her data is safe and where the log is.
The window stays usable. A domain error that escaped its caller shows its own message.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from shiboken6 import isValid

from rozupe_desk import logs
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.safety import faults, safety

log = logging.getLogger(__name__)

ERROR_DIALOG = "errorDialog"
# Calm messages read better in wider lines than QMessageBox's narrow default.
WIDE_TEXT = ("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel"
             " { min-width: 30em; }")


class _Reporter(QObject):
    """Carries errors from any thread to the GUI thread."""

    raised = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.raised.connect(self.show, Qt.ConnectionType.QueuedConnection)
        self.dialog: QMessageBox | None = None
        self.shown = 0  # dialogs opened, for the tests

    def show(self, error: BaseException) -> None:
        try:
            if self.dialog is not None and isValid(self.dialog) and self.dialog.isVisible():
                return  # one dialog at a time; every error is in the log
            self.dialog = error_dialog(error, _parent())
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.open()
            self.shown += 1
        except Exception:  # never back into the hook: that would loop
            log.exception("the error dialog could not be shown")


_reporter: _Reporter | None = None


def _parent() -> QWidget | None:
    app = QApplication.instance()
    if app is None:
        return None
    window = app.activeWindow()
    if window is None:
        windows = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"]
        window = windows[0] if windows else None
    return window


def error_dialog(error: BaseException, parent: QWidget | None = None) -> QMessageBox:
    """The calm dialog for `error`, unopened."""
    box = QMessageBox(parent)
    box.setObjectName(ERROR_DIALOG)
    box.setWindowTitle(tr("safety.error.title"))
    error = faults.explain(error) or error  # a full disk, a read-only or damaged file
    if isinstance(error, DomainError):
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(str(error))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(tr("safety.error.text"))
    box.setInformativeText(tr("safety.error.log", log=logs.log_file()))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setStyleSheet(WIDE_TEXT)
    folder = box.addButton(tr("safety.error.open_log"), QMessageBox.ButtonRole.ActionRole)
    folder.clicked.disconnect()  # keep the dialog open: the folder opens beside it
    folder.clicked.connect(lambda: QDesktopServices.openUrl(
        QUrl.fromLocalFile(str(logs.log_file().parent))))
    return box


def handle(exc_type: type[BaseException], error: BaseException,
           tb: TracebackType | None) -> None:
    """Log the error with its traceback, roll back and tell the librarian calmly."""
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    if isinstance(error, DomainError):
        log.info("domain error reached the window: %s", error.key)
    else:
        log.error("unexpected error in the window", exc_info=(exc_type, error, tb))
    safety.roll_back_unfinished()
    if _reporter is not None:
        _reporter.raised.emit(error)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install() -> None:
    """Route every uncaught error of this process to the log and the calm dialog."""
    global _reporter
    logs.configure()
    if _reporter is None:
        _reporter = _Reporter()
    sys.excepthook = handle
    threading.excepthook = _thread_hook


def reporter() -> _Reporter | None:
    return _reporter
