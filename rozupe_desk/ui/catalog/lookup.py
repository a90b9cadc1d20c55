"""Krājums → Jauns eksemplārs: scan a new book's ISBN (or type an ISSN, or a title and an
author), see the union catalogues' records side by side, pick one with Enter, give the
copy's barcode and call number, and save (issue 17).

The look-up runs off the GUI thread (`BackgroundTask`) and can be cancelled. When no
catalogue answers, the code waits in the offline list (looked up later in one go) and the
ordinary title form is a click away; when nothing is found, that form opens prefilled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.collection.lookup import bounded, pending, save, search
from rozupe_desk.services.collection.lookup.records import Candidate
from rozupe_desk.ui.catalog.common import MessageLine
from rozupe_desk.ui.catalog.forms import CopyDialog, TitleDialog
from rozupe_desk.ui.tasks import BackgroundTask

# (candidate field or "server", header id): the candidates side by side.
COLUMNS = (("title", "catalog.col_title"), ("authors", "catalog.col_authors"),
           ("year", "catalog.col_year"), ("publisher", "catalog.field_publisher"),
           ("server", "lookup.col_source"))


class Offline:
    """What a look-up hands back when no catalogue could be asked."""

    def __init__(self, message: str) -> None:
        self.message = message


class _EnterPicks(QObject):
    """Enter (or the scanner's Return) on the candidates table picks the current row."""

    def __init__(self, pick: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.pick = pick

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pick()
            return True
        return False


class LookupDialog(QDialog):
    """Emits `saved(title_id)` after a copy (or title) was added."""

    saved = Signal(int)
    # Emitted with the look-up's outcome once it is on screen (tests and the benchmark
    # wait for it): "found", "nothing", "offline", "failed" or "cancelled".
    shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lookupDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one dialog per new book
        self.setWindowTitle(tr("lookup.title"))
        self.resize(980, 620)
        self.task: BackgroundTask | None = None
        self.candidates: list[Candidate] = []
        self.picked: Candidate | None = None
        self.title_dialog: TitleDialog | None = None
        self.copy_dialog: CopyDialog | None = None

        self.code = QLineEdit(self)
        self.code.setObjectName("lookupInput")
        self.code.setPlaceholderText(tr("lookup.input_placeholder"))
        self.code.setClearButtonEnabled(True)
        self.author = QLineEdit(self)
        self.author.setObjectName("lookupAuthor")
        self.author.setPlaceholderText(tr("lookup.author_placeholder"))
        self.search_button = QPushButton(tr("lookup.search"), self)
        self.search_button.setObjectName("lookupSearch")
        self.cancel_button = QPushButton(tr("lookup.cancel_search"), self)
        self.cancel_button.setObjectName("lookupCancel")
        self.cancel_button.setEnabled(False)
        self.manual_button = QPushButton(tr("lookup.manual"), self)
        self.manual_button.setObjectName("lookupManual")
        self.manual_button.setToolTip(tr("lookup.manual_tip"))

        self.message = MessageLine(self)
        self.message.setObjectName("lookupMessage")
        # Two lines of an offline message must show whole, above the table that yields.
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("lookupCandidates")
        self.table.setHorizontalHeaderLabels([tr(key) for _field, key in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 190)
        header.resizeSection(2, 60)
        header.resizeSection(3, 190)
        header.resizeSection(4, 170)
        self.table.installEventFilter(_EnterPicks(self.pick, self.table))
        self.table.doubleClicked.connect(lambda _index: self.pick())

        self.picked_label = QLabel(self)
        self.picked_label.setObjectName("lookupPicked")
        self.picked_label.setWordWrap(True)
        self.barcode = QLineEdit(self)
        self.barcode.setObjectName("lookupBarcode")
        self.shelf = QLineEdit(self)
        self.shelf.setObjectName("lookupShelf")
        self.shelf.setPlaceholderText(tr("lookup.shelf_placeholder"))
        self.save_button = QPushButton(tr("lookup.save"), self)
        self.save_button.setObjectName("lookupSave")
        self.copy_form = QWidget(self)
        copy_layout = QFormLayout(self.copy_form)
        copy_layout.setContentsMargins(0, 0, 0, 0)
        copy_layout.addRow(self.picked_label)
        copy_layout.addRow(tr("catalog.field_barcode"), self.barcode)
        copy_layout.addRow(tr("lookup.field_call_number"), self.shelf)
        copy_layout.addRow("", self.save_button)
        self.copy_form.setEnabled(False)

        self.pending_list = QListWidget(self)
        self.pending_list.setObjectName("lookupPendingList")
        self.pending_list.setMaximumHeight(110)
        self.pending_button = QPushButton(self)
        self.pending_button.setObjectName("lookupPendingRun")
        self.pending_button.setToolTip(tr("lookup.pending_tip"))

        top = QHBoxLayout()
        top.addWidget(self.code, 3)
        top.addWidget(self.author, 2)
        top.addWidget(self.search_button)
        top.addWidget(self.cancel_button)
        pending_row = QHBoxLayout()
        pending_row.addWidget(self.pending_button)
        pending_row.addStretch(1)
        pending_row.addWidget(self.manual_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.copy_form)
        layout.addLayout(pending_row)
        layout.addWidget(self.pending_list)

        # Enter belongs to the fields (scan, pick, next field, save), never to a default button.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.code.returnPressed.connect(self.start_search)
        self.author.returnPressed.connect(self.start_search)
        self.search_button.clicked.connect(self.start_search)
        self.cancel_button.clicked.connect(self.cancel_search)
        self.manual_button.clicked.connect(lambda: self.open_title_form())
        self.barcode.returnPressed.connect(self.shelf.setFocus)
        self.shelf.returnPressed.connect(self.save_copy)
        self.save_button.clicked.connect(self.save_copy)
        self.pending_button.clicked.connect(self.look_up_pending)
        self.pending_list.currentItemChanged.connect(self._pending_chosen)
        self._pending_results: dict[str, search.Result] = {}
        self.refresh_pending()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.code.setFocus()  # the scanner types into it at once

    # -- looking up ---------------------------------------------------------------------
    def start_search(self) -> None:
        """Ask the catalogues for what the fields hold, on the thread pool."""
        text, author = self.code.text(), self.author.text()
        self.cancel_search()
        self.show_candidates([])
        self.message.ok(tr("lookup.searching", query=" / ".join(filter(None, (text, author)))))

        def work(_progress, cancel):
            try:
                return search.look_up(text=text, author=author, cancel=cancel)
            except bounded.Unreachable as error:
                return Offline(str(error))

        self._run(work, lambda outcome: self._looked_up(text, outcome))

    def _run(self, work, on_done: Callable[[object], None]) -> None:
        task = BackgroundTask(work, self)
        self.task = task

        def done(value: object) -> None:
            if self.task is task:  # a newer search replaced this one: drop its answer
                self._idle()
                on_done(value)

        def failed(message: str) -> None:
            if self.task is task:
                self._idle()
                self.message.error(message)
                self.shown.emit("cancelled" if task.cancel_event.is_set() else "failed")

        task.succeeded.connect(done)
        task.failed.connect(failed)
        self.cancel_button.setEnabled(True)
        self.search_button.setEnabled(False)
        task.start()

    def _idle(self) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self.search_button.setEnabled(True)

    def cancel_search(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _looked_up(self, text: str, outcome: object) -> None:
        if isinstance(outcome, Offline):
            try:
                kept = pending.add(code=text)
            except DomainError:
                kept = False
            self.refresh_pending()
            self.message.error(outcome.message + " " + tr(
                "lookup.kept_for_later" if kept else "lookup.form_usable"))
            self.shown.emit("offline")
            return
        result: search.Result = outcome  # type: ignore[assignment]
        if not result.candidates:
            self.message.ok(tr("lookup.nothing_found", query=result.query.text))
            self.shown.emit("nothing")
            self.open_title_form(result.query)
            return
        self.show_candidates(result.candidates)
        notes = " ".join(result.failures)
        self.message.ok(" ".join(filter(None, (
            tr("lookup.found", count=len(result.candidates), server=result.answered_by),
            tr("lookup.pick_hint"), notes))))
        self.shown.emit("found")

    def show_candidates(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.picked = None
        self.copy_form.setEnabled(False)
        self.picked_label.clear()
        self.table.setRowCount(len(candidates))
        for row, candidate in enumerate(candidates):
            for column, (field, _key) in enumerate(COLUMNS):
                text = candidate.server if field == "server" else candidate.fields.get(field, "")
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if candidates:
            self.table.selectRow(0)
            self.table.setFocus()

    # -- picking and saving ---------------------------------------------------------------
    def pick(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.candidates):
            return
        self.picked = self.candidates[row]
        fields = self.picked.fields
        self.picked_label.setText(tr("lookup.picked", title=fields.get("title", ""),
                                     authors=fields.get("authors") or "—",
                                     server=self.picked.server))
        self.copy_form.setEnabled(True)
        self.barcode.setFocus()

    def save_copy(self) -> None:
        if self.picked is None:
            self.message.error(tr("lookup.pick_first"))
            return
        try:
            saved = save.import_candidate(candidate=self.picked, barcode=self.barcode.text(),
                                          shelf=self.shelf.text())
        except DomainError as error:
            self.message.error(str(error))
            return
        self.message.ok(saved.summary.text())
        self.barcode.clear()
        self.shelf.clear()
        self.copy_form.setEnabled(False)
        self.code.clear()
        self.code.setFocus()  # ready for the next book's scan
        if saved.title_id is not None:
            self.saved.emit(saved.title_id)

    def open_title_form(self, query: search.Query | None = None) -> TitleDialog:
        """The ordinary title form, with the ISBN or ISSN (or title) already filled in."""
        dialog = TitleDialog(self)
        if query is not None:
            target = {"isbn": "isbn", "issn": "issn"}.get(query.kind, "title")
            dialog.edits[target].setText(query.terms[0])
        dialog.on_saved = self._title_made
        dialog.open()
        self.title_dialog = dialog
        return dialog

    def _title_made(self, title_id: int) -> None:
        """A title described by hand is a new book too: its copy's form comes next."""
        self.saved.emit(title_id)
        copy = CopyDialog(self, title_id=title_id)
        copy.on_saved = lambda _item_id: self.saved.emit(title_id)
        copy.open()
        self.copy_dialog = copy

    # -- the offline list ---------------------------------------------------------------
    def refresh_pending(self) -> None:
        waiting = pending.waiting()
        self.pending_button.setText(tr("lookup.pending_run", count=len(waiting)))
        self.pending_button.setEnabled(bool(waiting))
        self.pending_list.clear()
        for item in waiting:
            entry = QListWidgetItem(tr("lookup.pending_item", code=item["code"],
                                       at=item["scanned_at"]), self.pending_list)
            entry.setData(Qt.ItemDataRole.UserRole, item["code"])
        self.pending_list.setVisible(bool(waiting) or bool(self._pending_results))

    def look_up_pending(self) -> None:
        self.cancel_search()
        self.message.ok(tr("lookup.pending_searching"))
        self._run(lambda progress, cancel: pending.look_up_all(cancel=cancel,
                                                               progress=progress),
                  self._pending_done)

    def _pending_done(self, outcomes: object) -> None:
        self._pending_results = {}
        self.refresh_pending()
        self.pending_list.clear()  # the outcomes instead of the list as it was
        found = 0
        for outcome in outcomes:  # type: ignore[union-attr]
            if outcome.result is not None:
                self._pending_results[outcome.code] = outcome.result
                found += bool(outcome.result.candidates)
                text = tr("lookup.pending_found", code=outcome.code,
                          count=len(outcome.result.candidates))
            else:
                text = tr("lookup.pending_still", code=outcome.code, reason=outcome.message)
            entry = QListWidgetItem(text, self.pending_list)
            entry.setData(Qt.ItemDataRole.UserRole, outcome.code)
        self.pending_list.setVisible(True)
        self.message.ok(tr("lookup.pending_done", answered=len(self._pending_results),
                           found=found, total=len(outcomes)))  # type: ignore[arg-type]
        self.shown.emit("found" if found else "nothing")

    def _pending_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        result = self._pending_results.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        if result is not None:
            self.code.setText(result.query.text)
            self.show_candidates(result.candidates)

    def done(self, code: int) -> None:
        self.cancel_search()
        super().done(code)
