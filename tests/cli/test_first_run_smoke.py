"""The window as a real process: with no command it opens, and on a fresh database the
first-run dialog comes up. `ROZUPE_DESK_SMOKE` makes it report that and quit (the frozen
build's smoke test relies on the same switch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def open_window(db: Path, report: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               ROZUPE_DESK_SMOKE=str(report))
    return subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(db), *extra],
                          capture_output=True, text=True, env=env, timeout=120)


def test_fresh_database_shows_window_with_first_run_dialog(tmp_path):
    report = tmp_path / "window.json"
    done = open_window(tmp_path / "lib.sqlite", report)
    assert done.returncode == 0, done.stderr
    shown = json.loads(report.read_text(encoding="utf-8"))
    assert shown["shown"] is True and shown["first_run_dialog"] is True
    assert shown["tabs"][0] == "Izsniegšana" and shown["icon"] is True
    assert shown["qt_cancel"] == "Atcelt"


def test_set_up_database_opens_straight_to_the_desk_in_its_language(tmp_path):
    db = tmp_path / "lib.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    filled = subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(db), "demo"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert filled.returncode == 0, filled.stderr
    report = tmp_path / "window.json"
    done = open_window(db, report, "--lang", "en")
    assert done.returncode == 0, done.stderr
    shown = json.loads(report.read_text(encoding="utf-8"))
    assert shown["first_run_dialog"] is False
    assert shown["tabs"][1] == "Readers"
    assert "Rožupes bibliotēka" in shown["title"]
    assert shown["qt_cancel"] == "Cancel"
