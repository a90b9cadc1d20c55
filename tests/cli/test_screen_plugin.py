"""A screen whose Qt platform plugin cannot load (libraries missing): the program says so in
Latvian, naming the Debian packages, instead of Qt's raw English abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from rozupe_desk.screen import XCB_PACKAGES, screen_problem, xcb_plugin_loads

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def broken_plugin_folder(tmp_path: Path) -> Path:
    """The real plugin copied away from the Qt libraries it links to: the dynamic loader
    misses a library, as it does on a Debian without libxcb-icccm4."""
    folder = tmp_path / "platforms"
    folder.mkdir()
    shutil.copy(PLUGIN, folder / "libqxcb.so")
    return folder


def test_an_unloadable_plugin_is_a_latvian_message_naming_the_packages(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(ROOT), DISPLAY=":97",
               QT_QPA_PLATFORM_PLUGIN_PATH=str(broken_plugin_folder(tmp_path)))
    result = subprocess.run([sys.executable, "-m", "rozupe_desk", "--db",
                             str(tmp_path / "x.sqlite")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Logu nevar atvērt" in result.stderr and "xcb" in result.stderr
    assert "libxcb-icccm4 " in result.stderr and "libxcb-keysyms1 " in result.stderr
    assert "Could not load" not in result.stderr


def test_the_check_follows_the_platform_qt_would_use(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert screen_problem() == "app.no_screen"
    monkeypatch.setenv("QT_QPA_PLATFORM_PLUGIN_PATH", str(broken_plugin_folder(tmp_path)))
    monkeypatch.setenv("DISPLAY", ":97")
    assert screen_problem() == "deskc.no_xcb"
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # another plugin: not our concern
    assert screen_problem() is None
    assert "libxcb-icccm4" in XCB_PACKAGES and "libxkbcommon-x11-0" in XCB_PACKAGES


def test_the_real_plugin_loads_once_the_packages_are_installed():
    if not all(_installed(package) for package in XCB_PACKAGES):
        pytest.skip("the xcb packages are not installed (scripts/dev.py start installs them)")
    assert xcb_plugin_loads(PLUGIN)


def _installed(package: str) -> bool:
    if not shutil.which("dpkg-query"):
        return False
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                            capture_output=True, text=True)
    return status.stdout.endswith("installed")
