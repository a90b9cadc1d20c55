"""The smoke check of a built program: once the window is up, write what it shows as one
JSON line and quit. `run_app` calls it when `ROZUPE_DESK_SMOKE` is set: to a file path (the
windowed Windows program has no console to print to), or to "1" to print on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QTabWidget

from rozupe_desk.i18n import has_message, tr
from rozupe_desk.ui.icons import app_icon


def window_report(window: QMainWindow) -> dict:
    tabs = window.findChild(QTabWidget, "mainTabs")
    first_run = window.findChild(QDialog, "firstRunDialog")
    return {
        "shown": window.isVisible(),
        "title": window.windowTitle(),
        "tabs": [tabs.tabText(i) for i in range(tabs.count())] if tabs else [],
        "first_run_dialog": bool(first_run is not None and first_run.isVisible()),
        "icon": not app_icon().pixmap(32, 32).isNull(),
        "catalogue": has_message("setup.first_run_title") and bool(tr("app.name")),
        # Qt's own buttons and file dialogs: "Atcelt" when its Latvian translation loaded
        "qt_cancel": QCoreApplication.translate("QPlatformTheme", "Cancel"),
    }


def report_and_quit(app: QApplication, window: QMainWindow, target: str,
                    delay_ms: int = 300) -> None:
    def report() -> None:
        line = json.dumps(window_report(window), ensure_ascii=False)
        if target != "1":
            Path(target).write_text(line + "\n", encoding="utf-8")
        elif sys.stdout is not None:
            print(line, flush=True)
        app.quit()

    QTimer.singleShot(delay_ms, report)
