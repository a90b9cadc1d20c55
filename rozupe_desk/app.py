"""The window's entry points: `create_window` builds it, `run_app` shows it and runs Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import set_language
from rozupe_desk.screen import XCB_PACKAGES, screen_problem
from rozupe_desk.services import settings
from rozupe_desk.services.offline import start

# Set by the frozen build's smoke test: the window reports what it shows (to this file, or
# to stdout when "1") and quits.
SMOKE_ENV_VAR = "ROZUPE_DESK_SMOKE"


def create_window(db_path: str | Path, lang: str = "lv", *, opened: bool = False):
    """Build the whole window on the database at `db_path`, unshown (`opened`: the library
    is open already).

    A QApplication must exist already (as under pytest-qt). Returns the `MainWindow`.
    """
    from rozupe_desk.ui.application import ensure_application, install_qt_translations
    from rozupe_desk.ui.main_window import MainWindow
    from rozupe_desk.ui.style import apply_look

    set_language(lang)
    app = ensure_application()
    install_qt_translations(app, lang)
    # A server out of reach: the window starts offline, on the program's own look.
    offline = start.started_offline() if opened else start.open_for_window(db_path)
    apply_look(saved=not offline)
    return MainWindow(db_target=str(db_path))


def run_app(db_target: str, lang: str | None = None) -> int:
    """Open the window on `db_target` and run until it is closed."""
    from rozupe_desk.ui.application import ensure_application

    problem = screen_problem()
    if problem is not None:
        raise DomainError(problem, packages=" ".join(XCB_PACKAGES))
    app = ensure_application(sys.argv[:1])
    from rozupe_desk.ui import error_dialog, instance_lock, startup_check

    error_dialog.install()  # no traceback reaches the librarian
    instance_lock.acquire_or_tell(db_target, auto_close=bool(os.environ.get(SMOKE_ENV_VAR)))
    opened = lang is None
    if opened:
        offline = start.open_for_window(db_target)  # a server out of reach: no settings
        lang = settings.DEFAULTS["language"] if offline else settings.get("language")
    window = create_window(db_target, lang, opened=opened)
    window.show()
    if not window.waiting:
        startup_check.start(window)
    smoke_target = os.environ.get(SMOKE_ENV_VAR)
    if smoke_target:
        from rozupe_desk.ui.smoke import report_and_quit

        report_and_quit(app, window, smoke_target)
    return app.exec()

