"""Help: the user guide (F1) and the list of keyboard shortcuts, inside the program.

The guide is HTML in `resources/help/guide_<lang>.html`; its `<!-- SHORTCUTS -->` marker is
replaced by the table of `ui.shortcuts.SHORTCUTS`, the same list the shortcuts dialog shows.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk import config
from rozupe_desk.i18n import DEFAULT_LANGUAGE, current_language, tr
from rozupe_desk.ui.icons import icon
from rozupe_desk.ui.shortcuts import SHORTCUTS

MARKER = "<!-- SHORTCUTS -->"


def guide_path(language: str):
    folder = config.resources_dir() / "help"
    path = folder / f"guide_{language}.html"
    return path if path.exists() else folder / f"guide_{DEFAULT_LANGUAGE}.html"


def shortcuts_html() -> str:
    rows = "".join(
        f"<tr><td><b>{escape(each.native_text())}</b></td><td>{escape(tr(each.where))}</td>"
        f"<td>{escape(tr(each.what))}</td></tr>" for each in SHORTCUTS)
    return (f'<table class="keys" cellpadding="4" cellspacing="0" border="1">'
            f"<tr><th>{escape(tr('help.keys'))}</th><th>{escape(tr('help.where'))}</th>"
            f"<th>{escape(tr('help.what'))}</th></tr>{rows}</table>")


def guide_html(language: str | None = None) -> str:
    text = guide_path(language or current_language()).read_text(encoding="utf-8")
    return text.replace(MARKER, shortcuts_html())


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setText(tr("help.close"))
    close.setToolTip(tr("help.close_tip"))
    buttons.rejected.connect(dialog.reject)
    return buttons


class HelpDialog(QDialog):
    """The user guide, beside the window (not modal: she can read while she works)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(tr("help.title"))
        self.setWindowIcon(icon("help"))
        self.resize(780, 720)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpBrowser")
        self.browser.setToolTip(tr("help.browser_tip"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(config.resources_dir() / "help")])
        self.browser.setHtml(guide_html())
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close_buttons(self))


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut in a table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(tr("help.shortcuts_title"))
        self.setWindowIcon(icon("keyboard"))
        self.resize(820, 560)
        self.table = QTableWidget(len(SHORTCUTS), 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setToolTip(tr("help.shortcuts_tip"))
        self.table.setHorizontalHeaderLabels([tr("help.keys"), tr("help.where"),
                                              tr("help.what")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        for row, each in enumerate(SHORTCUTS):
            for column, text in enumerate((each.native_text(), tr(each.where), tr(each.what))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(close_buttons(self))
