"""The look: one calm theme readable at desk distance, and a high-contrast variant.

Qt's Fusion style with our palette looks the same on Windows and Linux; a short
stylesheet adds room around controls, the big scan field and red field errors. Colours
live in `Theme`, so the icons (ui/icons.py) are drawn in the theme's ink.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from rozupe_desk import config
from rozupe_desk.services import settings


@dataclass(frozen=True)
class Theme:
    window: str
    base: str
    alternate: str
    text: str
    muted: str
    accent: str
    accent_text: str
    selection: str
    selection_text: str
    error: str
    border: str
    icon: str


CALM = Theme(window="#f4f5f2", base="#ffffff", alternate="#eef3f1", text="#1d2521",
             muted="#55625c", accent="#1f6f6a", accent_text="#ffffff", selection="#cfe5e1",
             selection_text="#10201d", error="#b3261e", border="#b9c4bf", icon="#1f6f6a")
# WCAG AAA contrast: white and yellow on black, no greys for text.
HIGH_CONTRAST = Theme(window="#000000", base="#000000", alternate="#1a1a1a", text="#ffffff",
                      muted="#ffffff", accent="#ffff00", accent_text="#000000",
                      selection="#ffff00", selection_text="#000000", error="#ff8080",
                      border="#ffffff", icon="#ffff00")

_current = CALM


def current_theme() -> Theme:
    return _current


def palette(theme: Theme) -> QPalette:
    colour = QColor
    result = QPalette()
    role = QPalette.ColorRole
    for roles, value in (
        ((role.Window,), theme.window),
        ((role.Base,), theme.base),
        ((role.AlternateBase,), theme.alternate),
        ((role.WindowText, role.Text, role.ButtonText, role.ToolTipText), theme.text),
        ((role.PlaceholderText,), theme.muted),
        ((role.Button,), theme.alternate),
        ((role.ToolTipBase,), theme.base),
        ((role.Highlight,), theme.selection),
        ((role.HighlightedText,), theme.selection_text),
        ((role.Link,), theme.accent),
        ((role.BrightText,), theme.error),
    ):
        for each in roles:
            result.setColor(each, colour(value))
    disabled = QPalette.ColorGroup.Disabled
    for each in (role.WindowText, role.Text, role.ButtonText):
        result.setColor(disabled, each, colour(theme.muted))
    return result


def stylesheet(theme: Theme, font_size: int) -> str:
    """The base size comes from the application font (apply_style), not from a rule here:
    a stylesheet font would override the fonts the tabs set on their own widgets."""
    scan_size = round(font_size * 1.6)
    border = 2 if theme is HIGH_CONTRAST else 1
    return f"""
QToolTip {{ color: {theme.text}; background: {theme.base}; border: 1px solid {theme.border};
           padding: 4px; }}
QLineEdit, QPlainTextEdit {{
    border: {border}px solid {theme.border}; border-radius: 4px; padding: 4px 6px;
    background: {theme.base}; color: {theme.text}; min-height: 1.6em; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {theme.accent}; }}
QLineEdit:disabled {{ color: {theme.muted}; background: {theme.window}; }}
QLineEdit#scanInput {{ font-size: {scan_size}pt; padding: 8px 12px;
    border: 2px solid {theme.accent}; border-radius: 6px; }}
QPushButton {{ padding: 6px 16px; min-height: 1.6em; border-radius: 4px;
    border: {border}px solid {theme.border}; background: {theme.alternate};
    color: {theme.text}; }}
QPushButton:hover {{ border-color: {theme.accent}; }}
QToolButton[popupMode="2"] {{ padding: 4px 22px 4px 8px; }}
QPushButton:default, QPushButton[primary="true"] {{ background: {theme.accent};
    color: {theme.accent_text}; border-color: {theme.accent}; }}
QPushButton:disabled {{ color: {theme.muted}; }}
QTabBar::tab {{ padding: 8px 18px; }}
QTabBar::tab:selected {{ color: {theme.accent}; }}
QListWidget#settingsNav::item {{ padding: 8px 10px; }}
QListWidget#settingsNav::item:selected {{ background: {theme.selection};
    color: {theme.selection_text}; }}
QLabel#messageBar {{ padding: 6px 12px; border-radius: 4px; background: {theme.alternate}; }}
QLabel[role="error"] {{ color: {theme.error}; font-weight: bold; }}
QLabel[role="hint"] {{ color: {theme.muted}; }}
QLabel[role="heading"] {{ font-size: {round(font_size * 1.35)}pt; font-weight: bold;
    color: {theme.accent}; }}
QGroupBox {{ font-weight: bold; margin-top: 1.2em; padding-top: 0.6em;
    border: {border}px solid {theme.border}; border-radius: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QTableView {{ gridline-color: {theme.border}; }}
QHeaderView::section {{ padding: 4px 8px; background: {theme.alternate}; color: {theme.text};
    border: none; border-bottom: {border}px solid {theme.border}; font-weight: bold; }}
"""


def _url(name: str) -> str:
    """A stylesheet url() of an icon file; quoted, as the install folder may hold spaces."""
    return 'url("{}")'.format((config.resources_dir() / "icons" / name).as_posix())


def contrast_controls(theme: Theme) -> str:
    """Fusion draws control frames a shade darker than the window: on black, that is
    invisible. In high contrast, boxes, spin buttons and arrows get white frames."""
    frame = f"2px solid {theme.border}"
    return f"""
QCheckBox::indicator, QRadioButton::indicator {{ width: 0.9em; height: 0.9em;
    border: {frame}; background: {theme.base}; }}
QCheckBox::indicator {{ border-radius: 3px; }}
QRadioButton::indicator {{ border-radius: 0.55em; }}
QCheckBox::indicator:checked {{ background: {theme.accent}; image: {_url("contrast-check.svg")}; }}
QRadioButton::indicator:checked {{ background: {theme.accent}; }}
QSpinBox, QComboBox {{ border: {frame}; border-radius: 4px; padding: 3px 6px;
    background: {theme.base}; color: {theme.text}; }}
QSpinBox:focus, QComboBox:focus {{ border-color: {theme.accent}; }}
QSpinBox::up-button, QSpinBox::down-button {{ subcontrol-origin: border; width: 1.3em;
    border-left: {frame}; background: {theme.alternate}; }}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow {{ image: {_url("contrast-arrow-up.svg")}; width: 0.6em; height: 0.6em; }}
QSpinBox::down-arrow, QComboBox::down-arrow {{ image: {_url("contrast-arrow-down.svg")};
    width: 0.6em; height: 0.6em; }}
QComboBox::drop-down {{ width: 1.5em; border-left: {frame}; }}
QComboBox QAbstractItemView {{ border: {frame}; background: {theme.base}; color: {theme.text};
    selection-background-color: {theme.selection}; selection-color: {theme.selection_text}; }}
QScrollBar {{ background: {theme.base}; border: 1px solid {theme.border}; }}
QScrollBar::handle {{ background: {theme.text}; min-height: 2em; min-width: 2em; }}
"""


def apply_style(app: QApplication, *, high_contrast: bool = False, font_size: int = 12) -> None:
    """Give the whole application its look; safe to call again when the settings change."""
    global _current
    _current = HIGH_CONTRAST if high_contrast else CALM
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(palette(_current))
    font = QFont(app.font())
    font.setPointSize(font_size)
    app.setFont(font)
    sheet = stylesheet(_current, font_size)
    if high_contrast:
        sheet += contrast_controls(_current)
    app.setStyleSheet(sheet)


def apply_look(*, saved: bool = True) -> None:
    """The look the settings ask for (high contrast, font size), with the program's icon;
    `saved=False`: the program's defaults (the settings are on a server out of reach)."""
    from rozupe_desk.ui.icons import app_icon

    app = QApplication.instance()
    if app is None:
        return
    value = settings.get if saved else settings.DEFAULTS.get
    apply_style(app, high_contrast=bool(value("high_contrast")),
                font_size=int(value("font_size")))
    app.setWindowIcon(app_icon())
