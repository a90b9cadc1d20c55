"""The collection's tools: import and export of items, stocktaking, discard acts, labels and
the local heritage list. Dialogs are non-blocking (`open()`), long work runs in the
background with progress and cancel, every refusal is shown as its message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import plural, tr
from rozupe_desk.i18n.dates import numeric_date
from rozupe_desk.reports.discard_act import write_discard_act
from rozupe_desk.reports.heritage_list import write_heritage_list
from rozupe_desk.reports.labels import KINDS, LAYOUTS, LabelData, write_labels
from rozupe_desk.reports.stocktake_report import write_stocktake_report
from rozupe_desk.services import settings
from rozupe_desk.services.branches.branches import desk_branch_id, several_branches
from rozupe_desk.services.collection import catalog, catalog_import, discards, heritage, stocktake
from rozupe_desk.ui.branch_choice import branch_combo
from rozupe_desk.ui.catalog.common import MessageLine, choose_file
from rozupe_desk.ui.tasks import run_with_progress

if TYPE_CHECKING:
    from rozupe_desk.ui.catalog.tab import CatalogTab


# -- import, export, heritage list -------------------------------------------------------------
def import_items(tab: CatalogTab) -> None:
    """The tab's own import: the same as File → Ielasīt → Krājums, summary dialog included
    (a tab shown without the main window only says it on its message line)."""
    menu = getattr(tab.window(), "import_menu", None)
    choose_file(tab, caption_key="catalog.import", filter_key="catalog.filter_items",
                save=False, on_chosen=lambda path: (
                    menu.start("items", path) if menu is not None
                    else import_items_file(tab, path)))


def import_items_file(tab: CatalogTab, path: str, *,
                      on_done: Callable[[catalog_import.ImportSummary], None] | None = None,
                      on_failed: Callable[[str], None] | None = None) -> None:
    """Import the file in the background; the tab says how it went (and the callbacks let
    File → Ielasīt show its summary too)."""
    def done(summary: catalog_import.ImportSummary) -> None:
        say = tab.message.error if summary.refused else tab.message.ok
        say(summary.text())
        tab.refresh()
        if on_done is not None:
            on_done(summary)

    def failed(message: str) -> None:
        tab.message.error(message)
        if on_failed is not None:
            on_failed(message)

    run_with_progress(
        tab, tr("catalog.importing", name=Path(path).name),
        lambda progress, cancel: catalog_import.import_items(
            path=path, progress=progress, cancel=cancel),
        done, failed)


def export_items(tab: CatalogTab) -> None:
    def start(path: str) -> None:
        run_with_progress(
            tab, tr("catalog.exporting"),
            lambda progress, cancel: catalog_import.export_items(
                path=path, progress=progress, cancel=cancel),
            lambda count: tab.message.ok(tr("catalog.export_done", count=count, name=path)),
            tab.message.error)

    choose_file(tab, caption_key="catalog.export", filter_key="marc.filter_export", save=True,
                on_chosen=start, default_name="katalogs.mrc")


def save_pdf(parent: QWidget, message: MessageLine, default_name: str,
             write: Callable[[str], object]) -> None:
    """Ask where to save, write the PDF there and say so (or say what went wrong)."""
    def chosen(path: str) -> None:
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write(path)
        except DomainError as error:
            message.error(str(error))
        except OSError as error:
            message.error(tr("catalog.file_unwritable", name=path, reason=error.strerror or ""))
        else:
            message.ok(tr("catalog.pdf_saved", name=path))

    choose_file(parent, caption_key="catalog.save_pdf", filter_key="catalog.filter_pdf",
                save=True, on_chosen=chosen, default_name=default_name)


def heritage_list(tab: CatalogTab) -> None:
    save_pdf(tab, tab.message, "novadpetnieciba.pdf", lambda path: write_heritage_list(
        heritage.heritage_list(), path, library_name=settings.get("library_name")))


def _scan_field(parent: QWidget, placeholder_key: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setPlaceholderText(tr(placeholder_key))
    font = field.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    field.setFont(font)
    return field


def _fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def _table(parent: QWidget, header_keys: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(header_keys), parent)
    table.setHorizontalHeaderLabels([tr(key) for key in header_keys])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


# -- stocktaking --------------------------------------------------------------------------------
class StocktakeDialog(QDialog):
    """Start (or resume) a stocktaking, scan the shelves, see the counts, finish."""

    def __init__(self, tab: CatalogTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.setObjectName("stocktakeDialog")
        self.setWindowTitle(tr("catalog.stocktake"))
        self.resize(640, 520)
        self.session_id = stocktake.open_session()
        self.shelf = QLineEdit(self)
        self.shelf.setPlaceholderText(tr("stocktake.shelf_hint"))
        self.start_button = QPushButton(tr("stocktake.start"), self)
        self.start_button.clicked.connect(self.start)
        # A branch counts its own copies (the desk's by default), or all branches together.
        self.branch = branch_combo(self, "stocktakeBranch", selected=desk_branch_id(),
                                   with_all=True)
        self.branch.setToolTip(tr("branches.stocktake_branch_tip"))
        self.several = several_branches()
        self.branch.setVisible(self.several)
        self.scan_input = _scan_field(self, "stocktake.scan_hint")
        self.scan_input.setObjectName("stocktakeScan")
        self.scan_input.returnPressed.connect(self.scan)
        self.log = QListWidget(self)
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.mark_lost = QCheckBox(tr("stocktake.mark_lost"), self)
        self.mark_lost.setChecked(True)
        self.refresh_button = QPushButton(tr("stocktake.refresh"), self)
        self.refresh_button.clicked.connect(self.show_counts)
        self.finish_button = QPushButton(tr("stocktake.finish"), self)
        self.finish_button.clicked.connect(self.finish)
        self.message = MessageLine(self)

        start_row = QHBoxLayout()
        start_row.addWidget(QLabel(tr("stocktake.shelf"), self))
        start_row.addWidget(self.shelf, 1)
        start_row.addWidget(self.branch)
        start_row.addWidget(self.start_button)
        end_row = QHBoxLayout()
        end_row.addWidget(self.mark_lost, 1)
        end_row.addWidget(self.refresh_button)
        end_row.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.addLayout(start_row)
        layout.addWidget(self.scan_input)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.counts)
        layout.addLayout(end_row)
        layout.addWidget(self.message)
        self._update_state()

    def _update_state(self) -> None:
        running = self.session_id is not None
        self.shelf.setEnabled(not running)
        self.branch.setEnabled(not running)
        self.start_button.setEnabled(not running)
        for widget in (self.scan_input, self.refresh_button, self.finish_button,
                       self.mark_lost):
            widget.setEnabled(running)
        if running:
            self.show_counts()
            self.scan_input.setFocus()

    def start(self) -> None:
        try:
            self.session_id = stocktake.start(
                shelf=self.shelf.text(),
                branch_id=self.branch.currentData() if self.several else None)
        except DomainError as error:
            self.message.error(str(error))
            return
        self.message.ok(tr("stocktake.started"))
        self._update_state()

    def scan(self) -> None:
        barcode = self.scan_input.text().strip()
        self.scan_input.clear()
        if not barcode or self.session_id is None:
            return
        try:
            result = stocktake.scan(session_id=self.session_id, barcode=barcode)
        except DomainError as error:
            self.message.error(str(error))
            return
        key = ("branches.scan_other_branch" if result.kind == "other_branch"
               else f"stocktake.scan_{result.kind}")
        text = tr(key, barcode=barcode, title=result.title, shelf=result.shelf,
                  branch=result.branch)
        self.log.insertItem(0, text)
        self.counts.setText(tr("stocktake.scanned_so_far", count=stocktake.scanned_count(
            session_id=self.session_id)))
        if result.kind == "ok":
            self.message.ok(text)
        else:
            self.message.error(text)

    def show_counts(self) -> None:
        if self.session_id is None:
            return
        now = stocktake.outcome(session_id=self.session_id)
        self.counts.setText(tr("stocktake.counts", scanned=now.scanned, expected=now.expected,
                               missing=len(now.missing), on_loan=len(now.on_loan),
                               misplaced=len(now.misplaced), unknown=len(now.unknown)))

    def finish(self) -> None:
        if self.session_id is None:
            return
        try:
            result = stocktake.finish(session_id=self.session_id,
                                      mark_missing_lost=self.mark_lost.isChecked())
        except DomainError as error:
            self.message.error(str(error))
            return
        self.session_id = None
        self._update_state()
        self.message.ok(tr("stocktake.finished_ok", missing=len(result.missing),
                           marked=result.marked_lost))
        self.tab.refresh()
        save_pdf(self, self.message, f"inventarizacija-{result.session_id}.pdf",
                 lambda path: write_stocktake_report(
                     result, path, library_name=settings.get("library_name")))


# -- discard acts -------------------------------------------------------------------------------
class DiscardDialog(QDialog):
    """Scan the copies to discard, give the reason, create the numbered act and its PDF."""

    COLUMNS = ("discard.col_inventory", "discard.col_title", "discard.col_author",
               "discard.col_year", "discard.col_price")

    def __init__(self, tab: CatalogTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.setObjectName("discardDialog")
        self.setWindowTitle(tr("catalog.discard"))
        self.resize(720, 560)
        self.chosen: list[discards.Candidate] = []
        today = date.today()
        self.number = QLineEdit(discards.next_number(year=today.year), self)
        self.act_date = QLineEdit(numeric_date(today), self)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        for reason in discards.REASONS:
            self.reason.addItem(tr(f"discard.reason_{reason}"))
        # A branch discards its own copies (the desk's by default); "all" for the library.
        self.branch = branch_combo(self, "discardBranch", selected=desk_branch_id(),
                                   with_all=True)
        self.branch.setToolTip(tr("branches.discard_branch_tip"))
        self.several = several_branches()
        self.branch.currentIndexChanged.connect(lambda _index: self._fill_previous())
        self.scan_input = _scan_field(self, "discard.scan_hint")
        self.scan_input.setObjectName("discardScan")
        self.scan_input.returnPressed.connect(self.add)
        self.table = _table(self, self.COLUMNS)
        self.totals = QLabel(self)
        remove = QPushButton(tr("discard.remove"), self)
        remove.clicked.connect(self.remove)
        self.create_button = QPushButton(tr("discard.create"), self)
        self.create_button.setObjectName("createActButton")
        self.create_button.clicked.connect(self.create)
        self.previous = QComboBox(self)
        reprint = QPushButton(tr("discard.print"), self)
        reprint.clicked.connect(self.reprint)
        self.message = MessageLine(self)

        form = QFormLayout()
        form.addRow(tr("discard.number"), self.number)
        form.addRow(tr("discard.date"), self.act_date)
        form.addRow(tr("discard.reason"), self.reason)
        if self.several:
            form.addRow(tr("branches.field"), self.branch)
        else:
            self.branch.hide()
        actions = QHBoxLayout()
        actions.addWidget(remove)
        actions.addWidget(self.totals, 1)
        actions.addWidget(self.create_button)
        history = QHBoxLayout()
        history.addWidget(QLabel(tr("discard.previous"), self))
        history.addWidget(self.previous, 1)
        history.addWidget(reprint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.scan_input)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(history)
        layout.addWidget(self.message)
        self._show()
        self._fill_previous()
        self.scan_input.setFocus()

    def _fill_previous(self) -> None:
        self.previous.clear()
        for act in discards.list_acts(branch_id=self._branch_id()):
            self.previous.addItem(tr("discard.act_line", number=act.number,
                                     date=numeric_date(act.act_date), count=act.count), act.id)

    def add(self) -> None:
        barcode = self.scan_input.text().strip()
        self.scan_input.clear()
        if not barcode:
            return
        if any(c.barcode == barcode for c in self.chosen):
            self.message.error(tr("discard.already_listed", barcode=barcode))
            return
        try:
            self.chosen.append(discards.candidate(barcode=barcode,
                                                  branch_id=self._branch_id()))
        except DomainError as error:
            self.message.error(str(error))
            return
        self.message.clear_message()
        self._show()

    def remove(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.chosen[row]
        self._show()

    def _show(self) -> None:
        _fill_table(self.table, [(c.barcode, c.title, c.authors, str(c.year or ""),
                                  catalog.format_price(c.price_cents)) for c in self.chosen])
        total = sum(c.price_cents or 0 for c in self.chosen)
        self.totals.setText(tr("discard.totals", count=len(self.chosen),
                               sum=catalog.format_price(total)))
        self.create_button.setEnabled(bool(self.chosen))

    def create(self) -> None:
        try:
            act_id = discards.create_act(
                barcodes=[c.barcode for c in self.chosen], reason=self.reason.currentText(),
                act_date=catalog.parse_date(self.act_date.text()) or date.today(),
                number=self.number.text(), branch_id=self._branch_id())
        except DomainError as error:
            self.message.error(str(error))
            return
        document = discards.act_document(act_id=act_id)
        self.chosen = []
        self._show()
        self._fill_previous()
        self.number.setText(discards.next_number(year=date.today().year))
        self.message.ok(tr("discard.created", number=document.number, count=document.count))
        self.tab.refresh()
        self._save(document)

    def _branch_id(self) -> int | None:
        """The branch chosen; every branch in a library of one (as before branches)."""
        return self.branch.currentData() if self.several else None

    def reprint(self) -> None:
        act_id = self.previous.currentData()
        if act_id is not None:
            self._save(discards.act_document(act_id=act_id))

    def _save(self, document: discards.ActDocument) -> None:
        name = f"norakstisanas-akts-{document.number.replace('/', '-')}.pdf"
        save_pdf(self, self.message, name, lambda path: write_discard_act(document, path))


# -- labels -------------------------------------------------------------------------------------
class LabelsDialog(QDialog):
    """Choose the copies (scanned or the current title's), the sheet layout and label kind."""

    def __init__(self, tab: CatalogTab, *, title_id: int | None = None) -> None:
        super().__init__(tab)
        self.setObjectName("labelsDialog")
        self.setWindowTitle(tr("catalog.labels"))
        self.resize(460, 420)
        self.barcodes = QPlainTextEdit(self)
        self.barcodes.setObjectName("labelBarcodes")
        self.barcodes.setPlaceholderText(tr("labels.barcodes_hint"))
        if title_id is not None:
            rows = catalog.label_rows(title_id=title_id)
            self.barcodes.setPlainText("\n".join(row["barcode"] for row in rows))
        self.layout_choice = QComboBox(self)
        for name, sheet in LAYOUTS.items():
            self.layout_choice.addItem(plural("labels.layout", count=sheet.per_sheet,
                                          width=f"{sheet.width:.3g}", height=f"{sheet.height:.3g}"),
                                       name)
        self.kind = QComboBox(self)
        for kind in KINDS:
            self.kind.addItem(tr(f"labels.kind_{kind}"), kind)
        self.skip = QSpinBox(self)
        self.skip.setRange(0, 64)
        self.skip.setToolTip(tr("labels.skip_hint"))
        self.message = MessageLine(self)
        make = QPushButton(tr("labels.make"), self)
        make.clicked.connect(self.make)
        form = QFormLayout()
        form.addRow(tr("labels.sheet"), self.layout_choice)
        form.addRow(tr("labels.kind"), self.kind)
        form.addRow(tr("labels.skip"), self.skip)
        layout = QVBoxLayout(self)
        layout.addWidget(self.barcodes, 1)
        layout.addLayout(form)
        layout.addWidget(make, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)

    def labels(self) -> list[LabelData]:
        wanted = self.barcodes.toPlainText().split()
        if not wanted:
            raise DomainError("labels.none")
        return [LabelData(**row) for row in catalog.label_rows(barcodes=wanted)]

    def make(self) -> None:
        try:
            labels = self.labels()
        except DomainError as error:
            self.message.error(str(error))
            return
        save_pdf(self, self.message, "uzlimes.pdf", lambda path: write_labels(
            labels, path, layout=self.layout_choice.currentData(),
            kind=self.kind.currentData(), skip=self.skip.value(),
            library_name=settings.get("library_name")))
