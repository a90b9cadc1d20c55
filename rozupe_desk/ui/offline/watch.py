"""The watch for the server: every few seconds, off the GUI thread, while the desk is offline
(or journals wait from an earlier session), it tries the server and, when it answers,
replays the journals (`DeskLink.come_back`); while online it renews the local copy of the
readers now and then."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from rozupe_desk.services.offline.link import ComeBack, DeskLink
from rozupe_desk.ui.tasks import BackgroundTask

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 4_000
READERS_EVERY_MS = 10 * 60_000


class ServerWatch(QObject):
    returned = Signal(object)  # the ComeBack of a finished return

    def __init__(self, link: DeskLink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self._tasks: dict[str, BackgroundTask] = {}
        self.check_timer = QTimer(self)
        self.check_timer.setInterval(CHECK_EVERY_MS)
        self.check_timer.timeout.connect(self.check_now)
        self.readers_timer = QTimer(self)
        self.readers_timer.setInterval(READERS_EVERY_MS)
        self.readers_timer.timeout.connect(self.refresh_readers)

    def start(self) -> None:
        """On a server only: journals left from an earlier session go first."""
        if not self.link.on_server():
            return
        if self.link.needs_return():
            self.check_now()
        self.check_timer.start()
        self.readers_timer.start()
        self.refresh_readers()

    def check_now(self) -> None:
        if self.link.needs_return():
            self._run("return", lambda _progress, cancel: self.link.come_back(cancel=cancel),
                      self._came_back)

    def refresh_readers(self) -> None:
        if not self.link.offline:
            self._run("readers", lambda _progress, _cancel: self.link.refresh_readers(), None)

    def _run(self, name: str, work, on_success) -> None:
        if name in self._tasks:
            return
        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda result: self._done(name, result, on_success))
        task.failed.connect(lambda message: self._done(name, None, None, message))
        self._tasks[name] = task
        task.start()

    def _done(self, name: str, result, on_success, failure: str | None = None) -> None:
        task = self._tasks.pop(name, None)
        if task is not None:
            task.deleteLater()
        if failure is not None:
            log.info("offline %s failed: %s", name, failure)
        elif on_success is not None:
            on_success(result)

    def _came_back(self, result: ComeBack | None) -> None:
        if result is not None:
            self.returned.emit(result)

    def busy(self) -> bool:
        """A check or refresh still running (tests wait for it)."""
        return bool(self._tasks)
