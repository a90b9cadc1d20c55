"""Ctrl+Q quits on Linux too: the quit action holds each key once (Linux's standard Quit key
is Ctrl+Q itself, and a key given twice is an "Ambiguous shortcut overload" that does nothing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from rozupe_desk.services import library, settings
from rozupe_desk.ui.shortcuts import with_standard
from tests.ui.windows import shown_window

ROOT = Path(__file__).resolve().parents[2]


def test_ctrl_q_closes_the_window(qtbot, tmp_path):
    library.open_library(tmp_path / "lib.sqlite")
    settings.update(library_name="Rožupe")
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    window.activateWindow()
    qtbot.waitUntil(window.desk.scan_input.hasFocus)
    quit_action = next(action for action in window.findChildren(QAction)
                       if "Ctrl+Q" in [keys.toString() for keys in action.shortcuts()])
    keys = [each.toString() for each in quit_action.shortcuts()]
    assert len(keys) == len(set(keys)), keys
    qtbot.keyClick(window.desk.scan_input, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_linuxs_standard_quit_key_is_not_given_twice(qtbot):
    linux_quit = [QKeySequence("Ctrl+Q"), QKeySequence(Qt.Key.Key_Exit)]
    keys = with_standard("window.quit", QKeySequence.StandardKey.Quit, linux_quit)
    assert [each.toString() for each in keys] == ["Ctrl+Q", "Exit"]


@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="xvfb missing")
def test_ctrl_q_quits_under_a_real_x_server(tmp_path):
    """Under X11 (not offscreen) Qt's standard Quit key is Ctrl+Q: the real case."""
    script = (
        "from PySide6.QtCore import Qt, QTimer\n"
        "from PySide6.QtTest import QTest\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "app.setQuitOnLastWindowClosed(False)\n"
        "from rozupe_desk.app import create_window\n"
        "from rozupe_desk.services import settings\n"
        f"window = create_window({str(tmp_path / 'lib.sqlite')!r})\n"
        "settings.update(library_name='Rožupe')\n"
        "window.show()\n"
        "window.activateWindow()\n"
        "def press():\n"
        "    print('active', app.activeWindow() is window)\n"
        "    QTest.keyClick(window.desk.scan_input, Qt.Key.Key_Q,"
        " Qt.KeyboardModifier.ControlModifier)\n"
        "    print('visible', window.isVisible(), flush=True)\n"
        "    app.quit()\n"
        "QTimer.singleShot(1500, press)\n"
        "app.exec()\n")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="xcb")
    result = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", script],
                            capture_output=True, text=True, env=env, timeout=120)
    assert "visible False" in result.stdout, result.stdout + result.stderr
    assert "Ambiguous" not in result.stderr
