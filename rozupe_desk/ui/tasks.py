"""Long work off the GUI thread, with a progress dialog that can cancel it.

A task is a plain function `work(progress, cancel) -> result`: `progress(fraction)` takes
0.0–1.0, `cancel` is a `threading.Event` the work checks between steps (as calibre's
threaded jobs do). Services stay free of Qt; only this module knows about threads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr

log = logging.getLogger(__name__)

Work = Callable[[Callable[[float], None], threading.Event], Any]


class _Signals(QObject):
    progressed = Signal(float)
    succeeded = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.work, self.signals, self.cancel = work, signals, cancel

    def run(self) -> None:
        try:
            result = self.work(self.signals.progressed.emit, self.cancel)
        except DomainError as error:
            self.signals.failed.emit(str(error))
        except Exception:
            log.exception("background task failed")
            self.signals.failed.emit(tr("task.unexpected"))
        else:
            self.signals.succeeded.emit(result)


class BackgroundTask(QObject):
    """One run of `work` on the thread pool; emits `succeeded(result)` or `failed(message)`."""

    progressed = Signal(float)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self._signals = _Signals()
        self._signals.progressed.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self._signals.succeeded.connect(self.succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self.failed, Qt.ConnectionType.QueuedConnection)
        self._runnable = _Runnable(work, self._signals, self.cancel_event)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        self.cancel_event.set()


def run_with_progress(
    parent: QWidget,
    label: str,
    work: Work,
    on_success: Callable[[Any], None],
    on_failure: Callable[[str], None],
    *,
    cancellable: bool = True,
) -> BackgroundTask:
    """Run `work` in the background behind a window-modal progress dialog (opened, not
    exec'd, so the window keeps painting). Exactly one of the callbacks is called."""
    dialog = QProgressDialog(label, tr("task.cancel") if cancellable else "", 0, 1000, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowTitle(tr("task.title"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    task = BackgroundTask(work, dialog)
    task.progressed.connect(lambda fraction: dialog.setValue(int(fraction * 1000)))
    dialog.canceled.connect(task.cancel)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        callback(value)

    task.succeeded.connect(lambda result: finish(on_success, result))
    task.failed.connect(lambda message: finish(on_failure, message))
    task.start()
    return task
