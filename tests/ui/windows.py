"""The main window as the tests open it: built on a database, shown and exposed."""

from __future__ import annotations

from pathlib import Path

from rozupe_desk.app import create_window


def shown_window(qtbot, path: Path, lang: str = "lv", *, register: bool = True):
    """The window on `path`, shown. `register=False` for a window that deletes itself (a
    restore replaces it), which qtbot must not close again."""
    window = create_window(path, lang=lang)
    if register:
        qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
