"""File → Ielasīt: the librarian's own files read in from one place.

Readers from CSV and the collection from MARC or CSV go through the same code as the
readers' and collection tabs' own import buttons (the tab is shown and says what happened);
a KOC file of offline loans is replayed here. Each runs off the GUI thread behind a progress
dialog, then a summary dialog says in words what was taken and what was refused, line by line.
The first-run choice "start with my own files" offers the same three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import plural, tr
from rozupe_desk.services.circulation import koc
from rozupe_desk.services.collection import catalog_import
from rozupe_desk.services.readers import patrons
from rozupe_desk.ui.catalog.tools import import_items_file
from rozupe_desk.ui.files import ask_file
from rozupe_desk.ui.tasks import BackgroundTask, run_with_progress

if TYPE_CHECKING:
    from rozupe_desk.ui.main_window import MainWindow

KINDS = ("patrons", "items", "koc")
FILTERS = {"patrons": "rimport.filter", "items": "catalog.filter_items",
           "koc": "imports.koc_filter"}


@dataclass
class Outcome:
    """What became of one file: a heading, the counts in words, and the refused lines."""

    heading: str
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    refused: bool = False


def patrons_outcome(summary: patrons.ImportSummary) -> Outcome:
    return Outcome(tr("imports.done", file=summary.file_name),
                   plural("patrons.imported", count=summary.imported, file=summary.file_name))


def items_outcome(path: str, summary: catalog_import.ImportSummary) -> Outcome:
    """Found / imported / already there / merged / refused in words; the first refusals by
    number, 001 and title, then the merges and warnings; where the refused records went."""
    name = Path(path).name
    text = summary.text()
    if summary.rejected_list:
        text += " " + tr("marc.rejected_files", records=summary.rejected_records or "-",
                         listing=summary.rejected_list)
    return Outcome(tr("marc.partly" if summary.refused else "imports.done", file=name), text,
                   [*_first(summary.refusals), *_first(summary.notes)])


def _first(lines: list[str]) -> list[str]:
    shown = catalog_import.SHOWN_REFUSALS
    more = [tr("marc.more_refusals", count=len(lines) - shown)] if len(lines) > shown else []
    return [*lines[:shown], *more]


def koc_outcome(path: str, report: koc.ReplayReport) -> Outcome:
    name = Path(path).name
    heading = ("imports.koc_cancelled" if report.cancelled else
               "imports.partly" if report.rejected else "imports.done")
    problems = [tr("imports.line", line=line, text=reason) for line, reason in report.rejected]
    problems += [tr("imports.line_note", line=line, text=note) for line, note in report.notes]
    problems += [tr("kocimport.repeated", line=line, first=first)
                 for line, first in report.repeated]
    return Outcome(tr(heading, file=name),
                   tr("cli.koc.summary", total=report.total, applied=report.applied,
                      rejected=len(report.rejected), skipped=report.skipped), problems)


def refused_outcome(path: str, message: str) -> Outcome:
    """A file refused as a whole (a bad line refuses every line): nothing was changed."""
    return Outcome(tr("imports.refused", file=Path(path).name), tr("imports.nothing_changed"),
                   [message], refused=True)


class ImportSummaryDialog(QDialog):
    """The outcome of one import, in words; the refused lines in a list she can copy."""

    def __init__(self, outcome: Outcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importSummaryDialog")
        self.setWindowTitle(tr("imports.summary_title"))
        self.resize(620, 380 if outcome.problems else 200)
        self.heading = QLabel(outcome.heading, self)
        self.heading.setObjectName("importHeading")
        self.heading.setWordWrap(True)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.summary = QLabel(outcome.summary, self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.problems = QPlainTextEdit("\n".join(outcome.problems), self)
        self.problems.setObjectName("importProblems")
        self.problems.setReadOnly(True)
        self.problems.setToolTip(tr("imports.problems_tip"))
        self.problems.setVisible(bool(outcome.problems))
        problems_label = QLabel(tr("imports.problems"), self)
        problems_label.setVisible(bool(outcome.problems))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(problems_label)
        layout.addWidget(self.problems, 1)
        if not outcome.problems:
            layout.addStretch(1)
        layout.addWidget(buttons)


class ImportMenu(QMenu):
    """The File menu's "Ielasīt" submenu: one action per kind of file."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(tr("imports.menu"), window)
        self.setObjectName("importMenu")
        self.setToolTipsVisible(True)
        self.main_window = window
        self.task: BackgroundTask | None = None
        self.summary: ImportSummaryDialog | None = None
        self.note: QMessageBox | None = None
        self.kind_actions: dict[str, QAction] = {}
        for kind in KINDS:
            action = QAction(tr(f"imports.{kind}"), self)
            action.setObjectName(f"import_{kind}")
            action.setToolTip(tr(f"imports.{kind}_tip"))
            action.setStatusTip(tr(f"imports.{kind}_tip"))
            action.triggered.connect(lambda _=False, k=kind: self.choose(k))
            self.addAction(action)
            self.kind_actions[kind] = action

    def choose(self, kind: str) -> None:
        """Ask for the file, then read it in."""
        ask_file(self.main_window, title=tr(f"imports.{kind}_title"),
                 name_filter=tr(FILTERS[kind]), save=False,
                 on_chosen=lambda path: self.start(kind, path), object_name="importFileDialog")

    def start(self, kind: str, path: str) -> None:
        window = self.main_window

        def refused(message: str) -> None:
            self.show_summary(refused_outcome(path, message))

        if kind == "patrons":
            window.tabs.setCurrentWidget(window.patrons)
            window.patrons.import_file(
                path, on_done=lambda summary: self.show_summary(patrons_outcome(summary)),
                on_failed=refused)
        elif kind == "items":
            window.tabs.setCurrentWidget(window.catalog)
            import_items_file(
                window.catalog, path,
                on_done=lambda summary: self.show_summary(items_outcome(path, summary)),
                on_failed=refused)
        else:
            def replayed(report: koc.ReplayReport) -> None:
                window.desk.refresh_reader()
                window.desk.refresh_counts()
                self.show_summary(koc_outcome(path, report))

            self.task = run_with_progress(
                window, tr("imports.koc_progress", name=Path(path).name),
                lambda progress, cancel: koc.replay_file(path=path, progress=progress,
                                                         cancel=cancel),
                replayed, refused)

    def show_summary(self, outcome: Outcome) -> ImportSummaryDialog:
        self.summary = ImportSummaryDialog(outcome, self.main_window)
        self.summary.open()
        return self.summary

    def after_setup(self, choice: str) -> None:
        """After the first run: "start with my own files" offers the three imports."""
        if choice != "import":
            return
        self.note = QMessageBox(QMessageBox.Icon.Information, tr("setup.import_note_title"),
                                tr("setup.import_note"), QMessageBox.StandardButton.NoButton,
                                self.main_window)
        self.note.setObjectName("importNote")
        for kind in KINDS:
            button = self.note.addButton(tr(f"imports.{kind}_button"),
                                         QMessageBox.ButtonRole.ActionRole)
            button.setObjectName(f"importNote_{kind}")
            button.setToolTip(tr(f"imports.{kind}_tip"))
        self.note.addButton(tr("imports.later"), QMessageBox.ButtonRole.RejectRole)
        self.note.buttonClicked.connect(self._note_clicked)
        self.note.open()

    def _note_clicked(self, button) -> None:
        kind = button.objectName().removeprefix("importNote_")
        if kind in KINDS:
            self.choose(kind)


def add_import_menu(window: MainWindow, file_menu: QMenu) -> ImportMenu:
    """Put File → Ielasīt into the window's File menu."""
    menu = ImportMenu(window)
    file_menu.addMenu(menu)
    return menu
