"""The look the settings choose: readable contrast in both themes, every icon drawable,
and the high-contrast controls' pictures present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from rozupe_desk import config
from rozupe_desk.ui import icons
from rozupe_desk.ui.style import CALM, HIGH_CONTRAST, apply_style


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("theme", "least"), [(CALM, 4.5), (HIGH_CONTRAST, 7.0)])
def test_text_is_readable_in_each_theme(theme, least):
    assert contrast(theme.text, theme.base) >= least
    assert contrast(theme.text, theme.window) >= least
    assert contrast(theme.selection_text, theme.selection) >= least
    assert contrast(theme.accent_text, theme.accent) >= least
    assert contrast(theme.error, theme.window) >= 4.5


def test_high_contrast_frames_controls_and_its_pictures_exist(qtbot):
    app = QApplication.instance()
    apply_style(app, high_contrast=True, font_size=15)
    try:
        sheet = app.styleSheet()
        assert "QCheckBox::indicator" in sheet and app.font().pointSize() == 15
        for path in re.findall(r'url\("([^"]+)"\)', sheet):
            assert Path(path).is_file(), path
        assert app.palette().window().color().name() == HIGH_CONTRAST.window
    finally:
        apply_style(app, high_contrast=False, font_size=12)
    assert "QCheckBox::indicator" not in app.styleSheet()


def test_every_icon_draws(qtbot):
    folder = config.resources_dir() / "icons"
    names = sorted(p.stem for p in folder.glob("*.svg") if not p.stem.startswith("contrast-"))
    assert {"settings", "help", "keyboard", "about", "quit", "folder"} <= set(names)
    for name in names:
        assert not icons.icon(name).pixmap(24, 24).isNull(), name
    assert (folder / "rozupe-desk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert not icons.app_icon().pixmap(256, 256).isNull()
