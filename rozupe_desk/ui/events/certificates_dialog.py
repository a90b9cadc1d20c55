"""Thank-you certificates: find the most active readers of a period (all, or children),
tick the ones to thank, save one PDF with a page for each."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.events import event_documents
from rozupe_desk.services.readers import active_readers
from rozupe_desk.services.readers.active_readers import ActiveReader
from rozupe_desk.ui.date_fields import DateField
from rozupe_desk.ui.events import files
from rozupe_desk.ui.tasks import run_with_progress


class CertificatesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificatesDialog")
        self.setWindowTitle(tr("events.ui.certificates_title"))
        self.resize(620, 560)
        self.readers: list[ActiveReader] = []
        self.last_saved = None
        year = (today or date.today()).year - 1
        self.from_edit = self._date_edit("certFrom", date(year, 1, 1))
        self.to_edit = self._date_edit("certTo", date(year, 12, 31))
        self.children_check = QCheckBox(tr("events.ui.cert_children"), self)
        self.children_check.setObjectName("certChildren")
        self.top_spin = QSpinBox(self)
        self.top_spin.setObjectName("certTop")
        self.top_spin.setRange(1, active_readers.MAX_READERS)
        self.top_spin.setValue(10)
        self.top_spin.setMaximumWidth(110)
        find = QPushButton(tr("events.ui.cert_find"), self)
        find.setObjectName("certFind")
        find.clicked.connect(self.find)

        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("certReaders")
        self.table.setHorizontalHeaderLabels([tr("events.ui.col.reader"),
                                              tr("events.ui.col.card"),
                                              tr("events.ui.col.loans")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(tr("events.ui.cert_hint"), self)
        self.message.setObjectName("certMessage")
        self.message.setWordWrap(True)
        make = QPushButton(tr("events.ui.cert_make"), self)
        make.setObjectName("certMake")
        make.clicked.connect(self.choose_target)
        close = QPushButton(tr("events.ui.close"), self)
        close.clicked.connect(self.accept)

        period = QHBoxLayout()
        period.addWidget(self.from_edit)
        period.addWidget(QLabel("–", self))
        period.addWidget(self.to_edit)
        period.addStretch(1)
        form = QFormLayout()
        form.addRow(tr("events.ui.cert_period"), period)
        form.addRow(tr("events.ui.cert_top"), self.top_spin)
        form.addRow("", self.children_check)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(make)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(find, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _date_edit(self, name: str, value: date) -> QDateEdit:
        edit = DateField(QDate(value), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        return edit

    @property
    def period(self) -> tuple[date, date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()

    def find(self) -> None:
        first_day, last_day = self.period
        children, limit = self.children_check.isChecked(), self.top_spin.value()

        def work(_progress, cancel) -> list[ActiveReader]:
            return active_readers.most_active(first_day=first_day, last_day=last_day,
                                              children=children, limit=limit, cancel=cancel)

        self.message.setText(tr("events.ui.cert_searching"))
        run_with_progress(self, tr("events.ui.cert_searching"), work, self.show_readers,
                          self.message.setText)

    def show_readers(self, readers: list[ActiveReader]) -> None:
        self.readers = list(readers)
        self.table.setRowCount(len(readers))
        for row, reader in enumerate(readers):
            name = QTableWidgetItem(reader.name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(reader.card_number))
            loans = QTableWidgetItem(str(reader.loans))
            loans.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 2, loans)
        self.message.setText(tr("events.ui.cert_found", count=len(readers)) if readers
                             else tr("certificates.no_readers"))

    def chosen(self) -> list[ActiveReader]:
        return [reader for row, reader in enumerate(self.readers)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def choose_target(self) -> None:
        if not self.chosen():
            self.message.setText(tr("certificates.none_chosen"))
            return
        files.ask_save_pdf(self, tr("events.ui.cert_file_name"), self.save_to)

    def save_to(self, target: str) -> None:
        first_day, last_day = self.period
        try:
            path = event_documents.make_certificates(
                readers=self.chosen(), first_day=first_day, last_day=last_day,
                children=self.children_check.isChecked(), target=target)
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.last_saved = path
        self.message.setText(tr("events.ui.saved", path=path))
        files.open_file(path)
