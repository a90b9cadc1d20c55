"""Whether Qt can open a window here, asked before Qt is started: without a screen, or with
its X11 platform plugin unable to load, Qt aborts with a raw English message, which must
never happen in front of the librarian.

Imports nothing beyond the standard library: `scripts/dev.py start` reads `XCB_PACKAGES`
from here with the system Python, before the program's dependencies are installed.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

# The Debian packages whose libraries Qt's xcb platform plugin (libqxcb.so, with
# libQt6XcbQpa, libQt6Gui and libQt6DBus) links against: `readelf -d` on those files, each
# library found with `dpkg -S`. PySide6 brings its own ICU.
XCB_PACKAGES = (
    "libdbus-1-3", "libegl1", "libfontconfig1", "libfreetype6", "libgl1", "libglib2.0-0",
    "libx11-6", "libx11-xcb1", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0",
    "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0", "libxcb-render0",
    "libxcb-shape0", "libxcb-shm0", "libxcb-sync1", "libxcb-util1", "libxcb-xfixes0",
    "libxcb-xkb1", "libxcb1", "libxkbcommon-x11-0", "libxkbcommon0",
)


def screen_problem() -> str | None:
    """The catalogue id of what keeps the window from opening here, or None.

    `app.no_screen` when a Linux session has no X11 or Wayland display and no chosen
    platform; `deskc.no_xcb` when Qt would use X11 but its plugin cannot load (a library is
    missing).
    """
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not (platform or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "app.no_screen"
    uses_xcb = platform.startswith("xcb") or (not platform
                                               and not os.environ.get("WAYLAND_DISPLAY"))
    if uses_xcb and not xcb_plugin_loads():
        return "deskc.no_xcb"
    return None


def xcb_plugin_loads(plugin: Path | None = None) -> bool:
    """Whether the xcb platform plugin and every library it needs can be loaded (the
    dynamic loader answers at once; Qt would load the same files a moment later)."""
    plugin = plugin or xcb_plugin()
    if plugin is None:  # not a PySide6 wheel layout: let Qt decide
        return True
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
    except OSError:
        return False
    return True


def xcb_plugin() -> Path | None:
    """The plugin file Qt would load: from QT_QPA_PLATFORM_PLUGIN_PATH, else PySide6's."""
    folders = [Path(each) for each in
               os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if each]
    try:
        import PySide6

        folders.append(Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms")
    except ImportError:
        return None
    for folder in folders:
        if (folder / "libqxcb.so").exists():
            return folder / "libqxcb.so"
    return None
