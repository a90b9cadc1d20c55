"""Seeing what another desk changed: a view follows one thing (the reader on the desk, the
title in the catalogue) and reloads when its fingerprint changes (services/circulation/
fingerprints.py says why a fingerprint polled, not LISTEN/NOTIFY).

The fingerprint of what the view is about to show is read when it starts to follow (a few
milliseconds at most, before the view's own queries, so a change made
meanwhile shows up at the next poll rather than being taken for the baseline). The polls
run off the GUI thread, one at a time, every few seconds while the view is on screen; a
failed poll (a server gone for a moment) is simply tried again at the next tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from rozupe_desk.services.circulation.fingerprints import Fingerprint
from rozupe_desk.ui.tasks import BackgroundTask

log = logging.getLogger(__name__)

POLL_EVERY_MS = 3000


class Watch(QObject):
    """Emits `changed()` when `fingerprint_of(key)` of the followed key is no longer what it
    was when the view last showed it."""

    changed = Signal()

    def __init__(self, view: QWidget, fingerprint_of: Callable[[int], Fingerprint],
                 interval_ms: int = POLL_EVERY_MS) -> None:
        super().__init__(view)
        self.view = view
        self.fingerprint_of = fingerprint_of
        self.key: int | None = None
        self.seen: Fingerprint | None = None
        self.task: BackgroundTask | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def follow(self, key: int | None) -> None:
        """Watch `key` from now on (None: nothing), as the view shows it now."""
        self.key = key
        self.seen = None
        if key is None:
            self.timer.stop()
            return
        try:
            self.seen = self.fingerprint_of(key)
        except Exception:  # the view's own reading will say what is wrong
            log.debug("no fingerprint of %s", key, exc_info=True)
        self.timer.start()

    def poll(self) -> None:
        if self.task is not None or self.key is None or not self.view.isVisible():
            return
        key = self.key
        self.task = BackgroundTask(lambda _progress, _cancel: self.fingerprint_of(key), self)
        self.task.succeeded.connect(lambda fingerprint: self._polled(key, fingerprint))
        self.task.failed.connect(lambda _message: self._done())
        self.task.start()

    def _done(self) -> None:
        if self.task is not None:
            self.task.deleteLater()
            self.task = None

    def _polled(self, key: int, fingerprint: Fingerprint) -> None:
        self._done()
        if key != self.key:  # the view moved on meanwhile
            return
        if self.seen is None:
            self.seen = fingerprint
        elif fingerprint != self.seen:
            self.seen = fingerprint
            self.changed.emit()
