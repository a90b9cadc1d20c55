"""The first run (object name `firstRunDialog`): three short steps on a fresh database.

1. where the data live (this PC alone, or the library's server: ui/server_choice.py), the
   library: name, address, contacts;  2. opening days and hours, loan periods;
3. the backup folder and how to start: empty, with her own files, or with demo data.
Nothing is stored until "Sākt darbu"; then the settings are one `settings.update` call.
Demo data is made on a worker thread behind a progress dialog, before the settings are
stored, so a failed or cancelled fill leaves the database as it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services import demo, library_setup, settings
from rozupe_desk.services.server import connect
from rozupe_desk.ui import setup_fields as fields
from rozupe_desk.ui.icons import app_icon
from rozupe_desk.ui.server_choice import ServerChoice, reopen_window
from rozupe_desk.ui.settings_dialog import scrolled
from rozupe_desk.ui.tasks import run_with_progress

START_CHOICES = ("empty", "import", "demo")
DEFAULT_NAME_KEY = "setup.default_library_name"


def heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    return label


class FirstRunDialog(QDialog):
    """Emits `completed(choice)` once the library is set up ("empty", "import", "demo")."""

    completed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle(tr("setup.first_run_title"))
        self.setWindowIcon(app_icon())
        self.setModal(True)
        self.resize(820, 660)
        self.task = None
        self.note: QMessageBox | None = None

        self.where = ServerChoice()
        self.where.setVisible(not connect.on_server())  # on a server: its own first run
        self.library = fields.LibrarySection()
        self.opening = fields.OpeningSection()
        self.loans = fields.LoansSection()
        self.backup = fields.BackupSection()
        self.sections = (self.library, self.opening, self.loans, self.backup)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("firstRunSteps")
        self.steps = (
            self._step(tr("setup.step1_title"), tr("setup.step1_intro"),
                       [self.where, self.library]),
            self._step(tr("setup.step2_title"), tr("setup.step2_intro"),
                       [self.opening, self.loans]),
            self._step(tr("setup.step3_title"), tr("setup.step3_intro"),
                       [self.backup, self._start_choice()]),
        )
        for step in self.steps:
            self.stack.addWidget(step)

        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("firstRunStep")
        self.progress_label.setProperty("role", "hint")
        self.message = QLabel(self)
        self.message.setObjectName("firstRunMessage")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.later_button = self._button("firstRunLater", "setup.later", "setup.later_tip")
        self.back_button = self._button("firstRunBack", "setup.back", "setup.back_tip")
        self.next_button = self._button("firstRunNext", "setup.next", "setup.next_tip")
        self.finish_button = self._button("firstRunFinish", "setup.finish", "setup.finish_tip")
        self.finish_button.setProperty("primary", True)
        self.next_button.setDefault(True)
        self.later_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(lambda: self.go_to(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(self.next_step)
        self.finish_button.clicked.connect(self.finish)
        self.where.mode_changed.connect(self.server_chosen)
        self.where.connected.connect(self.connected)

        buttons = QHBoxLayout()
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress_label)
        buttons.addSpacing(12)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading(tr("setup.welcome"), self))
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        values = settings.get_all()
        if not values["library_name"]:
            values["library_name"] = tr(DEFAULT_NAME_KEY)
        for section in self.sections:
            section.load(values)
        self.go_to(0)

    # -- building ---------------------------------------------------------------------
    def _button(self, name: str, text_key: str, tip_key: str) -> QPushButton:
        button = QPushButton(tr(text_key), self)
        button.setObjectName(name)
        button.setToolTip(tr(tip_key))
        button.setAutoDefault(False)
        return button

    def _step(self, title: str, intro: str, parts: list[QWidget]) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(heading(title, page))
        column.addWidget(fields.hint(intro, page))
        if len(parts) == 2 and parts[0] is self.opening:
            row = QHBoxLayout()
            row.setSpacing(24)
            for part in parts:
                row.addWidget(part, 1, Qt.AlignmentFlag.AlignTop)
            column.addLayout(row)
        else:
            for part in parts:
                column.addWidget(part)
        column.addStretch(1)
        return scrolled(page, self)

    def _start_choice(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 12, 0, 0)
        column.addWidget(heading(tr("setup.start_title"), box))
        self.choice = QButtonGroup(box)
        self.choice_buttons: dict[str, QRadioButton] = {}
        for choice in START_CHOICES:
            button = QRadioButton(tr(f"setup.start.{choice}"), box)
            button.setObjectName(f"start_{choice}")
            button.setToolTip(tr(f"setup.start.{choice}_tip"))
            self.choice.addButton(button)
            self.choice_buttons[choice] = button
            column.addWidget(button)
            explanation = fields.hint(tr(f"setup.start.{choice}_hint"), box)
            explanation.setContentsMargins(28, 0, 0, 6)  # under the radio button's text
            column.addWidget(explanation)
        self.choice_buttons["empty"].setChecked(True)
        return box

    # -- steps ------------------------------------------------------------------------
    def go_to(self, index: int) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        self.stack.setCurrentIndex(index)
        last = index == len(self.steps) - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        self.finish_button.setDefault(last)
        self.next_button.setDefault(not last)
        self.progress_label.setText(tr("setup.step_of", step=index + 1, count=len(self.steps)))

    def server_chosen(self, on_server: bool) -> None:
        """On the server the library's own settings come from there: only the connection."""
        self.library.setVisible(not on_server)
        self.next_button.setEnabled(not on_server)

    def connected(self, url: str) -> None:
        """This PC now works on the server at `url`: the window opens again there (and asks
        for the library's settings there if nobody gave them yet)."""
        try:
            self.new_window = reopen_window(self.parentWidget(), url)
        except DomainError as error:
            self.where.undo()
            self.show_message(str(error))
            return
        self.accept()

    def step_sections(self, index: int) -> list[fields.Section]:
        return [section for section in self.sections
                if self.steps[index].isAncestorOf(section)]

    def values(self, sections: list[fields.Section] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for section in sections if sections is not None else self.sections:
            result.update(section.values())
        return result

    def check(self, sections: list[fields.Section]) -> bool:
        """Show the field messages of `sections`; True when they are all right."""
        errors = library_setup.validate(self.values(sections))
        for section in sections:
            section.show_errors(errors)
        self.show_message(tr("setup.fix_fields") if errors else "")
        return not errors

    def next_step(self) -> None:
        index = self.stack.currentIndex()
        if self.check(self.step_sections(index)):
            self.go_to(index + 1)

    def selected_choice(self) -> str:
        return next(name for name, button in self.choice_buttons.items()
                    if button.isChecked())

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- finishing --------------------------------------------------------------------
    def finish(self) -> None:
        for index in range(len(self.steps)):
            if not self.check(self.step_sections(index)):
                self.go_to(index)
                return
        choice = self.selected_choice()
        if choice == "demo":
            self.setEnabled(False)
            self.task = run_with_progress(
                self, tr("setup.demo_progress"),
                lambda progress, cancel: demo.fill_demo(scale="small", progress=progress,
                                                        cancel=cancel),
                lambda _summary: self.store(choice), self.demo_failed)
        else:
            self.store(choice)

    def demo_failed(self, message: str) -> None:
        self.setEnabled(True)
        self.show_message(message)

    def store(self, choice: str) -> None:
        self.setEnabled(True)
        try:
            library_setup.save(values=self.values())
        except DomainError as error:
            self.show_message(str(error))
            return
        self.accept()
        # "import": the window offers File → Ielasīt's three imports (ui/import_menu.py).
        self.completed.emit(choice)
