"""The readers tab (Lasītāji): search as you type, the list of readers and the reader's form,
with the file and privacy acts (CSV, cards, a reader's data, erasure, old history)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import plural, plural_form, tr
from rozupe_desk.i18n.dates import numeric_date
from rozupe_desk.i18n.people import reader
from rozupe_desk.reports import reader_cards, reader_data
from rozupe_desk.services import settings
from rozupe_desk.services.readers import patrons, privacy
from rozupe_desk.ui.columns import fit_columns
from rozupe_desk.ui.patrons.absent import AbsentDialog
from rozupe_desk.ui.patrons.dialogs import ask_file, confirm
from rozupe_desk.ui.patrons.form import PatronForm
from rozupe_desk.ui.shortcuts import shortcut
from rozupe_desk.ui.table_model import Column, LazyTableModel
from rozupe_desk.ui.tasks import run_with_progress

SEARCH_DELAY_MS = 150  # type-ahead: wait for a pause in typing before asking the database

COLUMNS = [
    Column("card_number", "patrons.column.card_number"),
    Column("last_name", "patrons.field.last_name"),
    Column("first_name", "patrons.field.first_name"),
    Column("birth", "patrons.column.birth"),
    Column("age_group", "patrons.age_group", sortable=False,
           formatter=lambda group: tr(f"patrons.age_group.{group}")),
    Column("phone", "patrons.field.phone"),
    Column("email", "patrons.field.email"),
    Column("village", "patrons.field.village"),
    Column("year", "patrons.column.year", sortable=False, align_right=True),
]
DEFAULT_SORT_COLUMN = 1  # last name, the index the list walks


class PatronsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patronsTab")
        self._dialogs: list[QWidget] = []  # keeps open non-modal dialogs alive
        self.search = QLineEdit(self)
        self.search.setObjectName("patronSearch")
        self.search.setPlaceholderText(tr("patrons.search_placeholder"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self._search_now_and_open_first)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("patronsCount")

        self.model = LazyTableModel(COLUMNS, self._fetch, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("patronsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(DEFAULT_SORT_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        fit_columns(self.table, ("R000000", "Bērziņa-Kalniņa", "Margarita", "00.00.0000",
                                 "pieaugušais", "+371 20000000", "vards.uzvards@inbox.lv",
                                 "Rožupe"))
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.new_button = QPushButton(tr("patrons.new"), self)
        self.new_button.setObjectName("patronNew")
        self.new_button.setToolTip(tr("patrons.new_tooltip"))
        self.new_button.clicked.connect(self.new_patron)
        self.more_button = QPushButton(tr("patrons.more"), self)
        self.more_button.setObjectName("patronsMore")
        self.more_button.setMenu(self._build_menu())

        self.form = PatronForm(self)
        self.form.saved.connect(self._saved)
        self.form.open_patron.connect(self.show_patron)
        self.card_button = QPushButton(tr("patrons.print_card"), self)
        self.card_button.setObjectName("patronPrintCard")
        self.card_button.clicked.connect(self._ask_card_file)
        self.data_button = QPushButton(tr("patrons.export_data"), self)
        self.data_button.setObjectName("patronExportData")
        self.data_button.setToolTip(tr("patrons.export_data_tooltip"))
        self.data_button.clicked.connect(self._ask_data_file)
        self.erase_button = QPushButton(tr("patrons.erase"), self)
        self.erase_button.setObjectName("patronErase")
        self.erase_button.setToolTip(tr("patrons.erase_tooltip"))
        self.erase_button.clicked.connect(self.ask_erase)
        self.message = QLabel(self)
        self.message.setObjectName("patronsMessage")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)
        top.addWidget(self.more_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.message)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.form, 1)
        # The card beside the form's own buttons, the rest in one row under them: the form
        # keeps its width, the list gets the rest of the window, and nothing scrolls.
        self.form.buttons.insertWidget(2, self.card_button)
        acts = QHBoxLayout()
        acts.addWidget(self.data_button)
        acts.addWidget(self.erase_button)
        acts.addStretch(1)
        right_layout.addLayout(acts)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)  # a wider window widens the list, not the form
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([800, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_acts()
        self.run_search()

    def _build_menu(self) -> QMenu:
        menu = QMenu(self)
        for key, slot in (
            ("patrons.menu.import", self._ask_import_file),
            ("patrons.menu.export", self._ask_export_file),
            ("patrons.menu.cards", self._ask_cards_file),
            ("patrons.menu.anonymize", self.ask_anonymize),
            ("patrons.menu.absent", self.show_absent),
        ):
            action = QAction(tr(key), self)
            action.triggered.connect(slot)
            menu.addAction(action)
        return menu

    # -- search and list ------------------------------------------------------------------
    def _fetch(self, offset: int, limit: int, sort: str | None, descending: bool):
        try:
            return patrons.search(text=self.search.text(), offset=offset, limit=limit,
                                  sort=sort, descending=descending)
        except DomainError as error:
            self.show_message(str(error), error=True)
            return []

    def run_search(self) -> None:
        """Ask the database for the text typed (the debounce timer calls this)."""
        self.search_timer.stop()
        self.model.reload()
        text = self.search.text()
        count = patrons.count(text=text)
        if count > patrons.BROAD and patrons.is_search(text):
            self.count_label.setText(tr("patrons.count_many", count=patrons.BROAD))
            self.count_label.setToolTip(tr("patrons.count_many_tooltip"))
        else:
            singular = plural_form(count) == "one"  # 21 lasītājs, 11 lasītāji
            self.count_label.setText(tr("patrons.count_one" if singular else "patrons.count",
                                        count=count))
            self.count_label.setToolTip("")

    def _search_now_and_open_first(self) -> None:
        self.run_search()
        if self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # The reader shown already (just saved) keeps the form and its message.
        if current.isValid() and self.model.row_data(current.row())["id"] != self.form.patron_id:
            self.form.load(self.model.row_data(current.row())["id"])
            self._update_acts()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_data(row)["id"] for row in rows]

    def show_patron(self, patron_id: int) -> None:
        """Show the reader in the form and, when listed, select the row."""
        self.form.load(patron_id)
        self._select_row(patron_id)

    def _select_row(self, patron_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_data(row)["id"] == patron_id:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                break
        self._update_acts()

    def new_patron(self) -> None:
        """Registration: an empty form, next card number filled in, cursor in first name."""
        self.table.setCurrentIndex(QModelIndex())  # a click on any row loads it again
        self.table.clearSelection()
        self.form.new_patron()
        self._update_acts()
        self.form.inputs["first_name"].setFocus()

    def registration_action(self, tabs: QTabWidget) -> QAction:
        """The window-wide Ctrl+N: switch to this tab with an empty registration form."""
        action = QAction(tr("patrons.new"), self)
        action.setObjectName("newPatronAction")
        action.setShortcut(shortcut("patrons.new"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

        def start() -> None:
            tabs.setCurrentWidget(self)
            self.new_patron()

        action.triggered.connect(start)
        return action

    def _saved(self, patron_id: int) -> None:
        self.run_search()
        self._select_row(patron_id)

    def _update_acts(self) -> None:
        shown = self.form.details is not None and not self.form.details.anonymized
        for button in (self.card_button, self.data_button, self.erase_button):
            button.setEnabled(shown)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)

    def _keep(self, dialog: QWidget) -> QWidget:
        self._dialogs = [d for d in self._dialogs if d.isVisible()] + [dialog]
        return dialog

    # -- CSV -----------------------------------------------------------------------------
    def _ask_import_file(self) -> None:
        ask_file(self, title=tr("patrons.menu.import"), name_filter=tr("rimport.filter"),
                 on_chosen=self.import_file, save=False)

    def import_file(self, path: str, *,
                    on_done: Callable[[patrons.ImportSummary], None] | None = None,
                    on_failed: Callable[[str], None] | None = None) -> None:
        """Import in the background behind a progress dialog; all rows or none. The
        callbacks let File → Ielasīt show its summary too."""
        def work(progress, cancel):
            return patrons.import_csv(path=path, progress=progress, cancel=cancel)

        def done(summary: patrons.ImportSummary) -> None:
            self.show_message(plural("patrons.imported", count=summary.imported,
                                 file=summary.file_name))
            self.run_search()
            if on_done is not None:
                on_done(summary)

        def failed(message: str) -> None:
            self.show_message(message, error=True)
            if on_failed is not None:
                on_failed(message)

        self.import_task = run_with_progress(self, tr("patrons.importing"), work, done, failed)

    def _ask_export_file(self) -> None:
        ask_file(self, title=tr("patrons.menu.export"), name_filter=tr("patrons.csv_filter"),
                 on_chosen=self.export_file, save=True, suggested="lasitaji.csv")

    def export_file(self, path: str) -> None:
        try:
            count = patrons.export_csv(path=path)
        except DomainError as error:
            self.show_message(str(error), error=True)
            return
        self.show_message(plural("patrons.exported", count=count, file=path))

    # -- cards and a reader's data ----------------------------------------------------------
    def _ask_card_file(self) -> None:
        if self.form.details is not None:
            ask_file(self, title=tr("patrons.print_card"), name_filter=tr("patrons.pdf_filter"),
                     save=True, suggested=f"karte-{self.form.details.card_number}.pdf",
                     on_chosen=lambda path: self.write_cards(path, [self.form.patron_id],
                                                             layout="card"))

    def _ask_cards_file(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.show_message(tr("patrons.select_for_cards"), error=True)
            return
        ask_file(self, title=tr("patrons.menu.cards"), name_filter=tr("patrons.pdf_filter"),
                 save=True, suggested="kartes.pdf",
                 on_chosen=lambda path: self.write_cards(path, ids, layout="a4"))

    def write_cards(self, path: str, patron_ids: list[int], *, layout: str) -> None:
        holders = patrons.card_holders(patron_ids=patron_ids)
        try:
            reader_cards.build([reader_cards.ReaderCard(name, card) for name, card in holders],
                               path, library_name=settings.get("library_name"), layout=layout)
        except OSError as error:
            self.show_message(tr("patrons.file_error", file=path, reason=str(error)), error=True)
            return
        self.show_message(plural("patrons.cards_written", count=len(holders), file=path))

    def _ask_data_file(self) -> None:
        if self.form.details is not None:
            ask_file(self, title=tr("patrons.export_data"), name_filter=tr("patrons.pdf_filter"),
                     save=True, suggested=f"dati-{self.form.details.card_number}.pdf",
                     on_chosen=self.write_patron_data)

    def write_patron_data(self, path: str) -> None:
        """The reader's own data as a PDF and, beside it, the same as JSON."""
        if self.form.patron_id is None:
            return
        pdf = Path(path)
        try:
            data = privacy.patron_data(patron_id=self.form.patron_id)
            reader_data.build(data, pdf)
            privacy.write_json(data=data, path=pdf.with_suffix(".json"))
        except (DomainError, OSError) as error:
            self.show_message(str(error), error=True)
            return
        self.show_message(tr("patrons.data_written", file=str(pdf),
                             json=str(pdf.with_suffix(".json"))))

    # -- privacy ------------------------------------------------------------------------------
    def ask_erase(self) -> None:
        details = self.form.details
        if details is None or details.anonymized:
            return
        self.confirmation = confirm(self, text=tr("patrons.erase_confirm",
                                                  reader=reader(details.name, "genitive"),
                                                  card=details.card_number),
                                    on_yes=self.erase_current)

    def erase_current(self) -> None:
        patron_id = self.form.patron_id
        if patron_id is None:
            return
        try:
            privacy.erase_patron(patron_id=patron_id)
        except DomainError as error:
            self.show_message(str(error), error=True)
            return
        self.run_search()
        self.form.new_patron()
        self._update_acts()
        self.show_message(tr("patrons.erased_done"))

    def ask_anonymize(self) -> None:
        days = settings.get("anonymize_after_days")
        self.confirmation = confirm(self, text=plural("patrons.anonymize_confirm", days=days, count_param="days"),
                                    on_yes=self.anonymize_history)

    def anonymize_history(self) -> None:
        def done(summary: privacy.AnonymizeSummary) -> None:
            self.show_message(tr("patrons.anonymized", loans=summary.loans,
                                 visits=summary.visits, cutoff=numeric_date(summary.cutoff)))
            if self.form.patron_id is not None:
                self.form.load(self.form.patron_id)

        self.anonymize_task = run_with_progress(
            self, tr("patrons.anonymizing"), lambda progress, cancel:
            privacy.anonymize_history(progress=progress, cancel=cancel), done,
            lambda message: self.show_message(message, error=True))

    def show_absent(self) -> AbsentDialog:
        dialog = AbsentDialog(self, on_erased=lambda _count: self.run_search())
        self._keep(dialog)
        dialog.open()
        return dialog
