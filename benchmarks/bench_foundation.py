"""Foundation budgets: opening the database, the quick check, and the window's cold start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from run import Result

ROOT = Path(__file__).resolve().parent.parent
# Run in a fresh process: imports, Qt start, opening the database, building and showing.
COLD_START = """
import time, sys
started = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from rozupe_desk.app import create_window
window = create_window(sys.argv[1])
window.show()
app.processEvents()
print(time.perf_counter() - started)
"""


def cold_start_seconds(db_path: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD_START, str(db_path)], env=env,
                         capture_output=True, text=True, check=True)
    total = time.perf_counter() - started
    return max(total, float(out.stdout.strip().splitlines()[-1]))


def run(db_path: Path) -> list[Result]:
    from rozupe_desk.services import library
    from rozupe_desk.services.safety import integrity

    started = time.perf_counter()
    library.open_library(db_path)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    result = integrity.run_check(quick=True)
    checked = time.perf_counter() - started
    starts = sorted(cold_start_seconds(db_path) for _ in range(3))
    return [
        Result("open + migrate check", round(opened * 1000, 1), "ms"),
        Result("quick_check + invariants", round(checked, 2), "s", note=result.integrity),
        Result("window shown, cold start (median of 3)", round(starts[1], 2), "s", "<= 2 s",
               starts[1] <= 2.0),
    ]
