"""The audit log view ("Darbību žurnāls"): who did what when, newest first, filtered by
dates, kind of action and words, exported to CSV for Excel.

Every page is read off the GUI thread (a words filter may have to look through millions of
rows); a newer search makes the rows of an older one be dropped. `add_to_menu` is all the
main window needs to know.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import tr
from rozupe_desk.services.safety import audit
from rozupe_desk.ui.catalog.common import MessageLine, choose_file
from rozupe_desk.ui.columns import fit_columns
from rozupe_desk.ui.help import close_buttons
from rozupe_desk.ui.icons import icon
from rozupe_desk.ui.tasks import BackgroundTask, run_with_progress

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
_NO_DATE = QDate(2000, 1, 1)  # the date field's "no bound" value, shown as a dash


def add_to_menu(menu: QMenu, window: QWidget) -> None:
    """Add "Darbību žurnāls…" to `menu`; the view opens over `window` (one at a time)."""
    action = menu.addAction(icon("calendar"), tr("menu.audit"))
    action.setToolTip(tr("menu.audit_tip"))
    action.setStatusTip(tr("menu.audit_tip"))
    action.setObjectName("auditAction")
    action.triggered.connect(lambda: show(window))


def show(window: QWidget) -> AuditView:
    view = window.findChild(AuditView, "auditView")
    if view is None:
        view = AuditView(window)
    view.open()
    view.raise_()
    view.activateWindow()
    return view


class AuditModel(QAbstractTableModel):
    """The entries found so far; more are fetched in the background as the view scrolls."""

    COLUMNS = ("at", "actor", "action", "summary")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[audit.Entry] = []
        self.where = audit.Filter()
        self.exhausted = True
        self.loading = False
        self._generation = 0
        self._task: BackgroundTask | None = None
        self.on_change = lambda: None
        self.on_error = lambda message: None

    def search(self, where: audit.Filter) -> None:
        """Start again with a new filter; rows of an older search still coming are dropped."""
        self.beginResetModel()
        self.entries = []
        self.where = where
        self.exhausted = False
        self.endResetModel()
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
        self.loading = False
        self._load()

    def _load(self) -> None:
        if self.loading or self.exhausted:
            return
        self.loading = True
        generation, where = self._generation, self.where
        after = self.entries[-1].cursor if self.entries else None
        task = BackgroundTask(lambda _progress, cancel: audit.page(
            where, after=after, limit=PAGE, cancel=cancel), self)
        task.succeeded.connect(lambda rows: self._arrived(generation, rows))
        task.failed.connect(lambda message: self._failed(generation, message))
        self._task = task
        self.on_change()
        task.start()

    def _arrived(self, generation: int, rows: list[audit.Entry]) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.exhausted = len(rows) < PAGE
        if rows:
            first = len(self.entries)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.entries.extend(rows)
            self.endInsertRows()
        self.on_change()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.exhausted = True
        self.on_error(message)
        self.on_change()

    # -- Qt interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.exhausted and not self.loading

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._load()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "at":
                return entry.at.strftime("%d.%m.%Y %H:%M:%S")
            if key == "action":
                return entry.action_name
            if key == "summary":
                return entry.summary
            return entry.actor
        if role == Qt.ItemDataRole.ToolTipRole and key in ("action", "summary"):
            raw = json.dumps(entry.details, ensure_ascii=False, default=str, indent=1)
            return f"{audit.action_name(entry.action)} ({entry.action})\n{raw}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return tr(f"audit.col.{self.COLUMNS[section]}")
        return None


class AuditView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.setWindowTitle(tr("audit.view.title"))
        self.resize(1000, 620)

        self.start = self._date_field("auditFrom")
        self.end = self._date_field("auditTo")
        self.kind = QComboBox(self)
        self.kind.setObjectName("auditKind")
        self.kind.addItem(tr("audit.view.all_kinds"), None)
        for kind, name in audit.kind_names():
            self.kind.addItem(name, kind)
        self.text = QLineEdit(self)
        self.text.setObjectName("auditText")
        self.text.setPlaceholderText(tr("audit.view.text_hint"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(260)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search_button = QPushButton(tr("audit.view.search"), self)
        self.search_button.setObjectName("auditSearch")
        self.search_button.setDefault(True)
        self.export_button = QPushButton(tr("audit.view.export"), self)
        self.export_button.setObjectName("auditExport")

        filters = QHBoxLayout()
        for label_key, widget in (("audit.view.from", self.start), ("audit.view.to", self.end),
                                  ("audit.view.kind", self.kind),
                                  ("audit.view.text", self.text)):
            label = QLabel(tr(label_key), self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 2 if widget is self.text else 0)
        filters.addWidget(self.search_button)

        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        fit_columns(self.table, ("30.11.2026 17:44:44", "bibliotekāre", "Inventarizācijas sākums"),
                    sortable=False)

        self.status = QLabel(self)
        self.status.setObjectName("auditStatus")
        self.message = MessageLine(self)
        self.message.setObjectName("auditMessage")
        buttons = close_buttons(self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.model.on_change = self._show_status
        self.model.on_error = self.message.error
        self.search_button.clicked.connect(self.search)
        self.text.returnPressed.connect(self.search)
        self.kind.currentIndexChanged.connect(lambda _i: self.search())
        self.export_button.clicked.connect(self.export)
        self.search()

    def _date_field(self, name: str) -> QDateEdit:
        field = QDateEdit(self)
        field.setObjectName(name)
        field.setCalendarPopup(True)
        field.setDisplayFormat("dd.MM.yyyy")
        field.setMinimumDate(_NO_DATE)
        field.setSpecialValueText("—")
        field.setDate(_NO_DATE)
        return field

    def current_filter(self) -> audit.Filter:
        return audit.Filter(start=_day(self.start), end=_day(self.end),
                            kind=self.kind.currentData(), text=self.text.text().strip())

    def search(self) -> None:
        self.message.clear_message()
        where = self.current_filter()
        if where.start and where.end and where.start > where.end:
            self.message.error(tr("audit.bad_range", start=where.start.strftime("%d.%m.%Y"),
                                  end=where.end.strftime("%d.%m.%Y")))
            return
        self.model.search(where)

    def _show_status(self) -> None:
        count = len(self.model.entries)
        if self.model.loading:
            self.status.setText(tr("audit.view.loading"))
        elif count == 0:
            self.status.setText(tr("audit.view.none"))
        elif self.model.exhausted:
            self.status.setText(tr("audit.view.shown", count=count))
        else:
            self.status.setText(tr("audit.view.shown_more", count=count))

    def export(self) -> None:
        choose_file(self, caption_key="audit.view.export_title",
                    filter_key="audit.view.csv_filter", save=True, on_chosen=self.export_to,
                    default_name=tr("audit.view.default_name"))

    def export_to(self, path: str) -> BackgroundTask:
        """Write the rows the current filter selects (all of them, not only those shown)."""
        where = self.current_filter()
        if not path.lower().endswith(".csv"):
            path += ".csv"
        return run_with_progress(
            self, tr("audit.view.exporting"),
            lambda progress, cancel: audit.export_csv(
                where, path, cancel=cancel, progress=lambda n: progress(n / (n + 50_000))),
            lambda count: self.message.ok(tr("audit.view.exported", count=count, file=path)),
            self.message.error)


def _day(field: QDateEdit) -> date | None:
    value = field.date()
    return None if value == field.minimumDate() else value.toPython()
