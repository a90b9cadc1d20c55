"""The reports tab (Pārskati): pick a month or a year (and, in a library with branches, all
branches or one), make the monthly or annual report or the reminder letters off the GUI
thread, preview the PDF inside the window, print, save."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk import documents
from rozupe_desk.i18n import tr
from rozupe_desk.services.branches.branches import branch_by_code, list_branches
from rozupe_desk.ui import files
from rozupe_desk.ui.reports.printing import print_document
from rozupe_desk.ui.tasks import run_with_progress


def previous_month(today: date) -> tuple[int, int]:
    """The month a librarian reports on: the one before today's."""
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


class ReportsTab(QWidget):
    """Emits `reportReady(path)` when a new PDF is shown in the preview."""

    reportReady = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsTab")
        self._folder = Path(tempfile.mkdtemp(prefix="rozupe-reports-"))
        self._counter = 0
        self.current_pdf: Path | None = None
        self._made_month: tuple[int, int] | None = None
        self._made_branch: str | None = None

        year, month = previous_month(today or date.today())
        self.year_box = QSpinBox(self)
        self.year_box.setObjectName("reportYear")
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(year)
        self.month_box = QComboBox(self)
        self.month_box.setObjectName("reportMonth")
        for number in range(1, 13):
            self.month_box.addItem(tr(f"month.{number}"), number)
        self.month_box.setCurrentIndex(month - 1)
        self.branch_box = QComboBox(self)
        self.branch_box.setObjectName("reportBranch")
        self.branch_label = QLabel(tr("branch_stats.ui.branch"), self)
        self.refresh_branches()

        self.monthly_button = self._button("ui.reports.monthly", "monthlyButton",
                                           self.make_monthly)
        self.annual_button = self._button("ui.reports.annual", "annualButton", self.make_annual)
        self.reminders_button = self._button("ui.reports.reminders", "remindersButton",
                                             self.make_reminders)
        self.print_button = self._button("ui.reports.print", "printButton", self.print_report)
        self.save_button = self._button("ui.reports.save", "saveButton", self.save_report)
        self.table_button = self._button("ui.reports.save_csv", "saveTableButton",
                                         self.save_table)
        for button in (self.print_button, self.save_button, self.table_button):
            button.setEnabled(False)

        self.view = QPdfView(self)
        self.view.setObjectName("reportPreview")
        # Created after the view, so Qt deletes it after the view that renders from it.
        self.document = QPdfDocument(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(tr("ui.reports.empty"), self)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)

        heading = QLabel(tr("ui.reports.heading"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        picker = QHBoxLayout()
        picker.addWidget(QLabel(tr("ui.reports.month"), self))
        picker.addWidget(self.month_box)
        picker.addWidget(QLabel(tr("ui.reports.year"), self))
        picker.addWidget(self.year_box)
        picker.addWidget(self.branch_label)
        picker.addWidget(self.branch_box)
        picker.addSpacing(16)
        for button in (self.monthly_button, self.annual_button, self.reminders_button):
            picker.addWidget(button)
        picker.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        for button in (self.print_button, self.save_button, self.table_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(picker)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)

    def _button(self, key: str, name: str, slot) -> QPushButton:
        button = QPushButton(tr(key), self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- making -----------------------------------------------------------------------
    def _next_pdf(self, stem: str) -> Path:
        self._counter += 1
        return self._folder / f"{stem}-{self._counter}.pdf"

    def selected_month(self) -> tuple[int, int]:
        return self.year_box.value(), self.month_box.currentData()

    def refresh_branches(self) -> None:
        """List the branches, keeping the choice; the choice shows only when there are
        several (a library of one branch reports as it always did)."""
        chosen = self.branch_box.currentData()
        self.branch_box.clear()
        self.branch_box.addItem(tr("branch_stats.ui.all_branches"), None)
        for branch in list_branches():
            self.branch_box.addItem(branch.shown_name, branch.code)
        self.branch_box.setCurrentIndex(max(0, self.branch_box.findData(chosen)))
        several = self.branch_box.count() > 2
        self.branch_box.setVisible(several)
        self.branch_label.setVisible(several)

    def selected_branch(self) -> str | None:
        """The chosen branch's code; None for all branches."""
        return self.branch_box.currentData()

    def selected_branch_id(self) -> int | None:
        """The chosen branch's id; None for all branches."""
        code = self.selected_branch()
        chosen = branch_by_code(code) if code is not None else None
        return chosen.id if chosen is not None else None

    def showEvent(self, event) -> None:
        self.refresh_branches()  # a branch may have been added in the settings meanwhile
        super().showEvent(event)

    def make_monthly(self) -> None:
        year, month = self.selected_month()
        branch = self.selected_branch()
        pdf = self._next_pdf(f"parskats-{year}-{month:02d}")
        self._made_month, self._made_branch = (year, month), branch
        self._run(lambda progress, _cancel: documents.monthly(
            year=year, month=month, pdf=pdf, progress=progress, branch=branch), table=True)

    def make_annual(self) -> None:
        year = self.year_box.value()
        branch = self.selected_branch()
        pdf = self._next_pdf(f"gada-parskats-{year}")
        self._run(lambda progress, _cancel: documents.annual(year=year, pdf=pdf,
                                                            progress=progress, branch=branch))

    def make_reminders(self) -> None:
        pdf = self._next_pdf("atgadinajumi")
        branch_id = self.selected_branch_id()  # a branch writes about its own copies
        self._run(lambda progress, _cancel: documents.reminders(pdf=pdf, progress=progress,
                                                                branch_id=branch_id))

    def _run(self, work, *, table: bool = False) -> None:
        self._set_busy(True)
        run_with_progress(
            self, tr("ui.reports.working"), work,
            lambda made: self._show(made, table=table), self._failed, cancellable=False)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.monthly_button, self.annual_button, self.reminders_button):
            button.setEnabled(not busy)

    def _show(self, made: documents.Made, *, table: bool) -> None:
        self._set_busy(False)
        self.current_pdf = made.pdf
        self.document.load(str(made.pdf))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.table_button.setEnabled(table)
        self.status.setText(tr("ui.reports.ready", name=made.pdf.name))
        if made.pdf.name.startswith("atgadinajumi") and made.letters == 0:
            self.status.setText(tr("ui.reports.no_letters"))
        self.reportReady.emit(str(made.pdf))

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.status.setText(message)
        box = QMessageBox(QMessageBox.Icon.Warning, tr("ui.reports.error_title"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("reportError")
        box.open()

    # -- print and save ---------------------------------------------------------------
    def print_report(self) -> None:
        if self.current_pdf is None:
            return
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(self._printer, self)
        dialog.setObjectName("printDialog")
        dialog.accepted.connect(lambda: print_document(self.document, self._printer))
        dialog.open()

    def save_report(self) -> None:
        if self.current_pdf is None:
            return
        name = self.current_pdf.name.rsplit("-", 1)[0] + ".pdf"
        self._save_dialog(name, tr("ui.reports.pdf_filter"), self.save_pdf_to)

    def save_table(self) -> None:
        if self._made_month is None:
            return
        year, month = self._made_month
        self._save_dialog(f"parskats-{year}-{month:02d}.csv", tr("ui.reports.table_filter"),
                          self.save_table_to)

    def _save_dialog(self, name: str, filters: str, on_chosen) -> None:
        files.ask_file(self, title=tr("ui.reports.save_title"), name_filter=filters,
                       on_chosen=on_chosen, save=True, suggested=name, object_name="saveDialog")

    def save_pdf_to(self, target: str) -> None:
        try:
            shutil.copyfile(self.current_pdf, target)
        except OSError as error:
            self._failed(tr("report.cannot_write", path=target, reason=error.strerror or ""))
            return
        self.status.setText(tr("ui.reports.saved", path=target))

    def save_table_to(self, target: str) -> None:
        year, month = self._made_month
        branch = self._made_branch
        self._run_save(lambda _progress, _cancel: documents.monthly_tables(
            year=year, month=month, path=Path(target), branch=branch), target)

    def _run_save(self, work, target: str) -> None:
        run_with_progress(
            self, tr("ui.reports.working"), work,
            lambda _path: self.status.setText(tr("ui.reports.saved", path=target)),
            self._failed, cancellable=False)
