"""The settings dialog (Fails → Iestatījumi…): everything the first run asked, and more.

One page per subject; Saglabāt stores every page in one call (one transaction) or, when a
field is wrong, stores nothing and shows the message beside that field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services import library_setup, settings
from rozupe_desk.ui import setup_fields as fields
from rozupe_desk.ui.branches_section import BranchesSection
from rozupe_desk.ui.catalog.lookup_settings import ServersSection
from rozupe_desk.ui.icons import icon

# (name, title id, icon, section): one page of the dialog each.
PAGES = (
    ("library", "setup.page.library", "start",
     lambda parent: fields.LibrarySection(parent, with_logo=True)),
    ("opening", "setup.page.opening", "calendar", fields.OpeningSection),
    ("loans", "setup.page.loans", "loan", fields.LoansSection),
    ("reminders", "setup.page.reminders", "letter", fields.ReminderSection),
    ("backups", "setup.page.backups", "backup", fields.BackupSection),
    ("appearance", "setup.page.appearance", "contrast", fields.AppearanceSection),
    ("labels", "setup.page.labels", "label", fields.LabelsSection),
    ("catalogues", "lookup.settings_page", "import", ServersSection),
    ("branches", "branches.page", "start", BranchesSection),
)


def scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    """The page in a scroll area, so large fonts never cut a field off."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def tooltip_buttons(buttons: QDialogButtonBox, tips: dict[QDialogButtonBox.StandardButton, str]
                    ) -> None:
    for which, tip in tips.items():
        buttons.button(which).setToolTip(tip)


class SettingsDialog(QDialog):
    """Emits `saved(values)` after the settings were stored."""

    saved = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("setup.settings_title"))
        self.setWindowIcon(icon("settings"))
        self.resize(900, 640)
        # A list of subjects on the left: seven tabs would not fit at a readable size.
        self.nav = QListWidget(self)
        self.nav.setObjectName("settingsNav")
        self.nav.setToolTip(tr("setup.nav_tip"))
        self.nav.setFixedWidth(220)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("settingsPages")
        self.sections: dict[str, fields.Section] = {}
        for name, title, icon_name, factory in PAGES:
            section = factory(None)
            section.setObjectName(f"settingsPage_{name}")
            self.sections[name] = section
            self.pages.addWidget(scrolled(section, self.pages))
            QListWidgetItem(icon(icon_name), tr(title), self.nav)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.message = QLabel(self)
        self.message.setObjectName("settingsMessage")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("setup.save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("setup.cancel"))
        tooltip_buttons(self.buttons, {
            QDialogButtonBox.StandardButton.Save: tr("setup.save_tip"),
            QDialogButtonBox.StandardButton.Cancel: tr("setup.cancel_tip")})
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load(settings.get_all())

    def load(self, values: dict[str, Any]) -> None:
        for section in self.sections.values():
            section.load(values)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for section in self.sections.values():
            result.update(section.values())
        return result

    def show_page(self, name: str) -> None:
        index = list(self.sections).index(name)
        self.nav.setCurrentRow(index)
        self.pages.setCurrentIndex(index)  # also when the row was already current

    def save(self) -> None:
        values = self.values()
        try:
            library_setup.save(values=values)
        except library_setup.SettingsInvalid as error:
            self.show_errors(error.errors)
            self.message.setText(str(error))
            self.message.show()
            return
        except DomainError as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.show_errors({})
        self.message.hide()
        self.sections["branches"].store()  # this PC's own setting, not the database's
        self.saved.emit(values)
        self.accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for name, section in self.sections.items():
            if section.show_errors(errors) and first is None:
                first = name
        if first is not None:
            self.show_page(first)
