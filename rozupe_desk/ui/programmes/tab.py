"""The reading programmes tab: a programme with its age groups, each group's books, the
experts registered and what each has read.

Scanning works here too: a copy's barcode (or an ISBN) in the book field adds the title to
the chosen group's collection; a reader's card in the expert field registers the reader into
the chosen group. Documents (participant list, progress sheet, certificates, poster, the
report for the central library) are written by the services, off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError, NotFound
from rozupe_desk.i18n import tr
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.programmes import documents, experts, setup
from rozupe_desk.ui.events import files
from rozupe_desk.ui.files import ask_file
from rozupe_desk.ui.programmes.dialogs import (
    GroupDialog,
    ProgrammeDialog,
    QuestionnaireDialog,
    open_form,
)
from rozupe_desk.ui.questions import ask
from rozupe_desk.ui.tasks import run_with_progress

log = logging.getLogger(__name__)

PARTICIPANT_COLUMNS = ("programmes.col.name", "programmes.col.age", "programmes.col.card",
                       "programmes.col.guardian", "programmes.col.read",
                       "programmes.col.questionnaire")
BOOK_COLUMNS = ("programmes.col.book", "programmes.col.copies", "programmes.col.on_shelf")
PROGRESS_COLUMNS = ("programmes.col.book", "programmes.col.read", "programmes.col.votes")
# Document id -> (service, file filter, suggested file name stem).
DOCUMENTS: dict[str, tuple[Callable[..., Path], str, str]] = {
    "participants": (documents.make_participant_list, "PDF (*.pdf)", "dalibnieki"),
    "progress": (documents.make_progress_sheet, "PDF (*.pdf)", "lasisanas-gaita"),
    "certificates": (documents.make_certificates, "PDF (*.pdf)", "pateicibas"),
    "poster": (documents.make_poster, "PDF (*.pdf)", "afisa"),
    "report": (documents.make_report, "PDF (*.pdf)", "parskats"),
    "report_xlsx": (documents.make_report_xlsx, "Excel (*.xlsx)", "parskats"),
}


def _table(parent: QWidget, name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([tr(c) for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
    """Rows of (id, texts); the id rides on the first cell."""
    table.setRowCount(len(rows))
    for r, (row_id, texts) in enumerate(rows):
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, row_id)
            table.setItem(r, c, item)


def _selected_id(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    return table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


class ProgrammesTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programmesTab")
        self.programmes: list[setup.Programme] = []
        self.dialog: QWidget | None = None
        self._task = None
        self.last_document: Path | None = None
        self._build()

    # -- building -------------------------------------------------------------------------
    def _button(self, key: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(tr(key), self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.choice = QComboBox(self)
        self.choice.setObjectName("programmeChoice")
        self.choice.setMinimumWidth(260)
        self.choice.currentIndexChanged.connect(self._show_programme)
        self.documents_button = QToolButton(self)
        self.documents_button.setObjectName("programmeDocuments")
        self.documents_button.setText(tr("programmes.ui.documents"))
        self.documents_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.documents_button)
        for document in DOCUMENTS:
            action = menu.addAction(tr(f"programmes.ui.document.{document}"))
            action.setObjectName(f"programmeDocument_{document}")
            action.triggered.connect(lambda _=False, d=document: self.save_document(d))
        self.documents_button.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("programmes.ui.programme"), self))
        top.addWidget(self.choice)
        top.addWidget(self._button("programmes.ui.new", "newProgrammeButton", self.new_programme))
        self.edit_button = self._button("programmes.ui.edit", "editProgrammeButton",
                                        self.edit_programme)
        self.delete_button = self._button("programmes.ui.delete", "deleteProgrammeButton",
                                          self.delete_programme)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        top.addStretch(1)
        top.addWidget(self.documents_button)
        self.info = QLabel(self)
        self.info.setObjectName("programmeInfo")
        self.info.setWordWrap(True)

        # Left: the groups and the chosen group's books.
        self.groups = QListWidget(self)
        self.groups.setObjectName("programmeGroups")
        self.groups.currentRowChanged.connect(lambda _row: self._show_group())
        self.books = _table(self, "programmeBooks", BOOK_COLUMNS)
        self.book_code = QLineEdit(self)
        self.book_code.setObjectName("programmeBookCode")
        self.book_code.setPlaceholderText(tr("programmes.ui.book_code"))
        self.book_code.returnPressed.connect(self.add_book)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(tr("programmes.ui.groups"), left))
        left_layout.addWidget(self.groups, 1)
        group_buttons = QHBoxLayout()
        group_buttons.addWidget(self._button("programmes.ui.add_group", "addGroupButton",
                                             self.add_group))
        group_buttons.addWidget(self._button("programmes.ui.edit_group", "editGroupButton",
                                             self.edit_group))
        group_buttons.addWidget(self._button("programmes.ui.delete_group", "deleteGroupButton",
                                             self.delete_group))
        left_layout.addLayout(group_buttons)
        left_layout.addWidget(QLabel(tr("programmes.ui.books"), left))
        left_layout.addWidget(self.books, 2)
        book_row = QHBoxLayout()
        book_row.addWidget(self.book_code, 1)
        book_row.addWidget(self._button("programmes.ui.remove_book", "removeBookButton",
                                        self.remove_book))
        left_layout.addLayout(book_row)

        # Right: the experts of the group and the chosen expert's books.
        self.participants = _table(self, "participantsTable", PARTICIPANT_COLUMNS)
        self.participants.itemSelectionChanged.connect(self._show_progress)
        self.expert_card = QLineEdit(self)
        self.expert_card.setObjectName("expertCard")
        self.expert_card.setPlaceholderText(tr("programmes.ui.expert_card"))
        self.expert_card.returnPressed.connect(self.register_card)
        self.progress = _table(self, "expertProgress", PROGRESS_COLUMNS)
        self.progress.itemDoubleClicked.connect(lambda _item: self.toggle_read())
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(tr("programmes.ui.experts"), right))
        right_layout.addWidget(self.participants, 3)
        expert_row = QHBoxLayout()
        expert_row.addWidget(self.expert_card, 1)
        expert_row.addWidget(self._button("programmes.ui.questionnaire",
                                          "questionnaireButton", self.questionnaire))
        expert_row.addWidget(self._button("programmes.ui.unregister", "unregisterButton",
                                          self.unregister))
        right_layout.addLayout(expert_row)
        right_layout.addWidget(QLabel(tr("programmes.ui.expert_books"), right))
        right_layout.addWidget(self.progress, 2)
        right_layout.addWidget(self._button("programmes.ui.toggle_read", "toggleReadButton",
                                            self.toggle_read))

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.message = QLabel(self)
        self.message.setObjectName("programmeMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    # -- showing --------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a11a1a" if error else "color: #1d5e20")

    def _call(self, action: Callable[[], object]) -> object | None:
        try:
            return action()
        except DomainError as error:
            self.say(str(error), error=True)
        except Exception:
            log.exception("programmes action failed")
            self.say(tr("desk.msg.unexpected"), error=True)
        return None

    def refresh(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.programme_id()
        self.programmes = self._call(setup.programmes) or []
        self.choice.blockSignals(True)
        self.choice.clear()
        for programme in self.programmes:
            self.choice.addItem(f"{programme.name} ({programme.year})", programme.id)
        index = self.choice.findData(current) if current is not None else 0
        self.choice.setCurrentIndex(max(index, 0) if self.programmes else -1)
        self.choice.blockSignals(False)
        self._show_programme()

    def programme(self) -> setup.Programme | None:
        index = self.choice.currentIndex()
        return self.programmes[index] if 0 <= index < len(self.programmes) else None

    def programme_id(self) -> int | None:
        programme = self.programme()
        return programme.id if programme else None

    def group_id(self) -> int | None:
        item = self.groups.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_programme(self) -> None:
        programme = self.programme()
        for widget in (self.edit_button, self.delete_button, self.documents_button):
            widget.setEnabled(programme is not None)
        row = max(self.groups.currentRow(), 0)
        self.groups.clear()
        if programme is None:
            self.info.setText(tr("programmes.ui.none_yet"))
            self._show_group()
            return
        self.info.setText(tr("programmes.ui.info", kind=tr(f"programmes.kind.{programme.kind}"),
                             start=_day(programme.starts_on),
                             deadline=_day(programme.deadline_on)))
        for group in programme.groups:
            item = QListWidgetItem(tr("programmes.ui.group_line", name=group.name,
                                      books=group.book_count))
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            self.groups.addItem(item)
        self.groups.setCurrentRow(min(row, self.groups.count() - 1))

    def _show_group(self) -> None:
        group_id, programme_id = self.group_id(), self.programme_id()
        if group_id is None or programme_id is None:
            _fill(self.books, [])
            _fill(self.participants, [])
            _fill(self.progress, [])
            return
        books = self._call(lambda: setup.books(group_id=group_id)) or []
        _fill(self.books, [(b.id, [b.title if not b.authors else f"{b.title} — {b.authors}",
                                   str(b.copies), str(b.on_shelf)]) for b in books])
        people = self._call(lambda: experts.participants(programme_id=programme_id,
                                                         group_id=group_id)) or []
        _fill(self.participants, [
            (p.id, [p.name or tr("programmes.erased_reader"),
                    "" if p.age is None else str(p.age), p.card_number,
                    " · ".join(x for x in (p.guardian, p.guardian_phone) if x),
                    tr("programmes.progress", read=p.read, total=p.total),
                    _day(p.questionnaire_on)]) for p in people])
        self._show_progress()

    def _show_progress(self) -> None:
        participant_id = _selected_id(self.participants)
        if participant_id is None:
            _fill(self.progress, [])
            return
        books = self._call(lambda: experts.book_progress(participant_id=participant_id)) or []
        _fill(self.progress, [(b.book_id, [b.title, tr(f"programmes.read.{b.read or 'no'}"),
                                           "" if b.vote is None else str(b.vote)])
                              for b in books])

    def _changed(self, text: str) -> None:
        self.say(text)
        group_row = self.groups.currentRow()
        self.refresh()
        if 0 <= group_row < self.groups.count():
            self.groups.setCurrentRow(group_row)

    # -- programmes and groups ------------------------------------------------------------
    def new_programme(self) -> None:
        self.dialog = open_form(ProgrammeDialog(self), lambda pid: (
            self.refresh(select_id=pid), self.say(tr("programmes.ui.saved"))))

    def edit_programme(self) -> None:
        programme = self.programme()
        if programme is not None:
            self.dialog = open_form(ProgrammeDialog(self, programme),
                                    lambda pid: self._changed(tr("programmes.ui.saved")))

    def delete_programme(self) -> None:
        programme = self.programme()
        if programme is None:
            return
        self.dialog = ask(self, title=tr("programmes.ui.delete_title"),
                          text=tr("programmes.ui.delete_question", name=programme.name),
                          yes=tr("programmes.ui.delete"), no=tr("events.ui.cancel"),
                          object_name="deleteProgrammeQuestion",
                          on_yes=lambda: self._run_change(
                              lambda: setup.delete(programme_id=programme.id),
                              tr("programmes.ui.deleted", name=programme.name)))

    def add_group(self) -> None:
        if self.programme_id() is not None:
            self.dialog = open_form(GroupDialog(self, self.programme_id()),
                                    lambda _gid: self._changed(tr("programmes.ui.saved")))

    def edit_group(self) -> None:
        programme, group_id = self.programme(), self.group_id()
        group = next((g for g in programme.groups if g.id == group_id), None) if programme \
            else None
        if group is not None:
            self.dialog = open_form(GroupDialog(self, programme.id, group),
                                    lambda _gid: self._changed(tr("programmes.ui.saved")))

    def delete_group(self) -> None:
        group_id = self.group_id()
        if group_id is not None:
            self._run_change(lambda: setup.delete_group(group_id=group_id),
                             tr("programmes.ui.group_deleted"))

    # -- books ----------------------------------------------------------------------------
    def add_book(self) -> None:
        code = self.book_code.text()
        self.book_code.clear()
        group_id = self.group_id()
        if group_id is None:
            self.say(tr("programmes.ui.choose_group"), error=True)
            return
        if self._call(lambda: setup.add_book(group_id=group_id, code=code)) is not None:
            self._changed(tr("programmes.ui.book_added"))

    def remove_book(self) -> None:
        book_id = _selected_id(self.books)
        if book_id is not None:
            self._run_change(lambda: setup.remove_book(book_id=book_id),
                             tr("programmes.ui.book_removed"))

    # -- experts --------------------------------------------------------------------------
    def register_card(self) -> None:
        card = self.expert_card.text().strip()
        self.expert_card.clear()
        programme_id, group_id = self.programme_id(), self.group_id()
        if programme_id is None or group_id is None:
            self.say(tr("programmes.ui.choose_group"), error=True)
            return

        def register() -> str:
            reader = circulation.patron_by_card(card)
            if reader is None:
                raise NotFound("programmes.error.no_card", card=card)
            participant_id = experts.register(programme_id=programme_id, patron_id=reader.id,
                                              group_id=group_id)
            found = experts.participant(participant_id=participant_id)
            return tr("programmes.registered", name=found.name, group=found.group_name)

        text = self._call(register)
        if text is not None:
            self._changed(text)

    def _participant(self) -> experts.Participant | None:
        participant_id = _selected_id(self.participants)
        if participant_id is None:
            self.say(tr("programmes.ui.choose_expert"), error=True)
            return None
        return self._call(lambda: experts.participant(participant_id=participant_id))

    def questionnaire(self) -> None:
        participant = self._participant()
        if participant is not None:
            self.dialog = open_form(QuestionnaireDialog(self, participant),
                                    lambda _pid: self._changed(
                                        tr("programmes.ui.questionnaire_saved")))

    def unregister(self) -> None:
        participant = self._participant()
        if participant is not None:
            self._run_change(lambda: experts.unregister(participant_id=participant.id),
                             tr("programmes.ui.unregistered", name=participant.name))

    def toggle_read(self) -> None:
        participant_id, book_id = _selected_id(self.participants), _selected_id(self.progress)
        if participant_id is None or book_id is None:
            self.say(tr("programmes.ui.choose_book"), error=True)
            return
        books = {b.book_id: b for b in experts.book_progress(participant_id=participant_id)}
        book = books.get(book_id)
        if book is None:
            return
        if book.read == "loan":
            self.say(tr("programmes.ui.read_from_loan"), error=True)
            return
        if book.read == "manual":
            self._run_change(lambda: experts.unmark_read(participant_id=participant_id,
                                                         book_id=book_id),
                             tr("programmes.ui.unticked", title=book.title))
        else:
            self._run_change(lambda: experts.mark_read(participant_id=participant_id,
                                                       book_id=book_id),
                             tr("programmes.ui.ticked", title=book.title))
        self._select(self.participants, participant_id)

    def _select(self, table: QTableWidget, row_id: int) -> None:
        for row in range(table.rowCount()):
            if table.item(row, 0).data(Qt.ItemDataRole.UserRole) == row_id:
                table.selectRow(row)
                return

    def _run_change(self, change: Callable[[], None], text: str) -> None:
        try:
            change()
        except DomainError as error:
            self.say(str(error), error=True)
            return
        self._changed(text)

    # -- documents ------------------------------------------------------------------------
    def save_document(self, document: str) -> None:
        programme_id = self.programme_id()
        if programme_id is None:
            return
        _make, name_filter, stem = DOCUMENTS[document]
        suffix = ".xlsx" if document == "report_xlsx" else ".pdf"
        self.dialog = ask_file(self, title=tr(f"programmes.ui.document.{document}"),
                               name_filter=name_filter, save=True,
                               suggested=f"{stem}-{programme_id}{suffix}",
                               on_chosen=lambda path: self.write_document(document, path),
                               object_name="programmeDocumentFile")

    def write_document(self, document: str, target: str) -> None:
        make = DOCUMENTS[document][0]
        programme_id = self.programme_id()
        self._task = run_with_progress(
            self, tr("programmes.ui.writing"),
            lambda _progress, _cancel: make(programme_id=programme_id, target=target),
            self._document_written, lambda message: self.say(message, error=True),
            cancellable=False)

    def _document_written(self, path: Path) -> None:
        self.say(tr("programmes.cli.saved", path=path))
        self.last_document = Path(path)
        files.open_file(path)
