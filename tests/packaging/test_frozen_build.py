"""The installer's build: PyInstaller makes the one-folder program (about 20 s here) and the
built program creates a database, checks it as JSON and opens its window offscreen.

Needs the `build` extra (PyInstaller); without it the test is skipped and says so."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_installer",
                                                  ROOT / "scripts" / "build_installer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_frozen_build_starts_checks_and_opens_the_window(tmp_path):
    pytest.importorskip("PyInstaller", reason="install the build extra: pip install -e .[build]")
    build = load_build_script()
    folder = build.build(tmp_path / "dist", tmp_path / "work")
    assert build.executable(folder, "rozupe-desk").exists()
    assert build.executable(folder, "rozupe-desk-cli").exists()
    bundled = folder / "_internal"
    assert (bundled / "resources" / "translations" / "qtbase_lv.qm").exists()
    assert (bundled / "resources" / "fonts" / "DejaVuSans.ttf").exists()
    assert (bundled / "resources" / "help" / "guide_lv.html").exists()
    assert (bundled / "rozupe_desk" / "i18n" / "catalogue" / "setup.json").exists()
    assert not list(bundled.rglob("*WebEngine*"))
    assert not list(bundled.rglob("*VirtualKeyboard*"))
    dangling = [p for p in bundled.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []

    result = build.smoke(folder)
    assert result["check"]["integrity"] == "ok"
    assert result["check"]["patrons"] == 0
    window = result["window"]
    assert window["shown"] is True
    assert window["tabs"] == ["Izsniegšana", "Lasītāji", "Krājums", "Pasākumi", "Pārskati",
                              "Lasīšanas programmas"]
    assert window["first_run_dialog"] is True  # a fresh database asks to be set up
    assert window["icon"] is True and window["catalogue"] is True
    assert window["qt_cancel"] == "Atcelt"  # Qt's Latvian translation travels with the build

    # Latvian error text and exit code 1 from the frozen command line too
    bad = subprocess.run([str(build.executable(folder, "rozupe-desk-cli")), "--db",
                          str(tmp_path), "check"], capture_output=True, text=True,
                         timeout=120, env=dict(os.environ))
    assert bad.returncode == 1
    assert "mape" in bad.stderr
    assert sys.executable not in bad.stderr
