"""A guard against a PySide6 6.12 bug on Python 3.11: every call of a C++ method that
returns nothing (`setText`, `setVisible`, `processEvents`, …) drops one reference to
`None` that it never took. None starts with a few thousand references, so after some
thousand such calls Python aborts ("none_dealloc: deallocating None") - minutes of desk
work. Python 3.12 made None immortal, so there the bug is harmless and this does nothing.

The guard raises None's reference count back to a large reserve every second. It writes
the count itself (CPython keeps it in the object's first word) rather than holding a list
of references: a list would be freed at exit and take None below zero then.
"""

from __future__ import annotations

import ctypes
import platform
import sys

from PySide6.QtCore import QCoreApplication, QTimer

RESERVE = 1_000_000  # far more void calls than a second can make
_timer: QTimer | None = None


def needed() -> bool:
    return sys.version_info < (3, 12) and platform.python_implementation() == "CPython"


def top_up() -> None:
    count = sys.getrefcount(None)
    if count < RESERVE:
        ctypes.c_ssize_t.from_address(id(None)).value += RESERVE - count


def install(app: QCoreApplication) -> None:
    """Top the reserve up now and every second while `app` runs (once per process)."""
    global _timer
    if not needed():
        return
    top_up()
    if _timer is None:
        _timer = QTimer(app)
        _timer.setInterval(1000)
        _timer.timeout.connect(top_up)
        _timer.start()
