"""The window survives many thousand Qt calls that return nothing (PySide6 6.12 on 3.11)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from rozupe_desk.ui.application import ensure_application
from PySide6.QtWidgets import QLabel
app = ensure_application()
label = QLabel()
for n in range(60_000):
    label.setText("x")
    if n % 10_000 == 0:
        app.processEvents()
print("survived")
"""


def test_many_void_calls_do_not_abort_the_program():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0 and "survived" in result.stdout, result.stderr[-500:]
