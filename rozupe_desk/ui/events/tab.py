"""The events tab (Pasākumi): the list of events beside a month calendar, and the actions
on them: new, edit, attendance, delete, poster and flyer, the month's plan, thank-you
certificates."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QShortcut,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.reports import latvian_dates
from rozupe_desk.services.circulation import calendar
from rozupe_desk.services.events import event_documents, events
from rozupe_desk.ui.columns import fit_columns
from rozupe_desk.ui.events import files
from rozupe_desk.ui.events.attendance_dialog import AttendanceDialog
from rozupe_desk.ui.events.certificates_dialog import CertificatesDialog
from rozupe_desk.ui.events.document_dialog import DocumentDialog
from rozupe_desk.ui.events.event_dialog import EventDialog
from rozupe_desk.ui.shortcuts import shortcut
from rozupe_desk.ui.table_model import Column, LazyTableModel

EVENT_DAY_COLOUR = QColor("#FFE3A3")


def _when(value: datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


COLUMNS = (
    Column("starts_at", "events.ui.col.starts", formatter=_when),
    Column("title", "events.ui.col.title"),
    Column("kind", "events.ui.col.kind", formatter=lambda kind: tr(f"events.kind.{kind}")),
    Column("for_children", "events.ui.col.for_children",
           formatter=lambda flag: tr("events.ui.yes") if flag else ""),
    Column("attendance_children", "events.ui.col.children", sortable=False, align_right=True,
           formatter=_count),
    Column("attendance_adults", "events.ui.col.adults", sortable=False, align_right=True,
           formatter=_count),
    Column("attendance", "events.ui.col.total", align_right=True, formatter=_count),
    Column("place", "events.ui.col.place"),
)


class EventsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsTab")
        self.day_filter: date | None = None
        self.dialog = None  # the open dialog, kept so tests and the window can reach it

        self.model = LazyTableModel(COLUMNS, self._fetch, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("eventsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        # The title keeps room to be read and the attendance figures stay in sight; the
        # place, nearly always the library itself, comes last and takes what is left.
        fit_columns(self.table, ("00.00.0000 00:00", "M" * 16, "Radošā d.", "jā", "000",
                                 "000", "000"))
        self.table.horizontalHeader().setStretchLastSection(True)

        self.buttons: dict[str, QPushButton] = {}
        toolbar = QHBoxLayout()
        for name, key, slot in (
            ("newEventButton", "events.ui.new", self.new_event),
            ("editEventButton", "events.ui.edit", self.edit_selected),
            ("attendanceButton", "events.ui.attendance", self.attendance_selected),
            ("posterButton", "events.ui.poster", lambda: self.documents_selected("poster_a4")),
            ("flyerButton", "events.ui.flyer", lambda: self.documents_selected("flyer")),
            ("deleteEventButton", "events.ui.delete", self.delete_selected),
        ):
            button = QPushButton(tr(key), self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            toolbar.addWidget(button)
            self.buttons[name] = button
        toolbar.addStretch(1)

        self.filter_label = QLabel(self)
        self.filter_label.setObjectName("eventsFilter")
        self.show_all = QPushButton(tr("events.ui.show_all"), self)
        self.show_all.setObjectName("showAllEvents")
        self.show_all.clicked.connect(lambda: self.filter_day(None))
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_label, 1)
        filter_row.addWidget(self.show_all)

        self.message = QLabel(self)
        self.message.setObjectName("eventsMessage")
        self.message.setWordWrap(True)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(toolbar)
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.message)

        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("eventsCalendar")
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        # P O T C P S S, as Latvian calendars print them: "ceturtd." at a readable size made
        # the calendar half the window wide and pushed the attendance figures out of sight.
        self.calendar.setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(lambda qdate: self.filter_day(qdate.toPython()))
        self.calendar.currentPageChanged.connect(lambda _y, _m: self.mark_calendar())
        self.month_label = QLabel(self)
        self.month_label.setObjectName("monthSummary")
        self.month_label.setWordWrap(True)
        plan = QPushButton(tr("events.ui.plan"), self)
        plan.setObjectName("planButton")
        plan.clicked.connect(self.month_plan)
        plan_text = QPushButton(tr("events.ui.plan_text"), self)
        plan_text.setObjectName("planTextButton")
        plan_text.setToolTip(tr("events.ui.plan_text_tip"))
        plan_text.clicked.connect(self.copy_month_plan)
        self.buttons["planTextButton"] = plan_text
        certificates = QPushButton(tr("events.ui.certificates"), self)
        certificates.setObjectName("certificatesButton")
        certificates.clicked.connect(self.open_certificates)
        self.buttons["planButton"] = plan
        self.buttons["certificatesButton"] = certificates
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.calendar)
        right_layout.addWidget(self.month_label)
        right_layout.addWidget(plan)
        right_layout.addWidget(plan_text)
        right_layout.addWidget(certificates)
        right_layout.addStretch(1)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)  # a wider window widens the list, not the calendar
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([950, 310])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        # Enter on a row "activates" it (the view's own key handling): edit that event.
        self.table.activated.connect(lambda _index: self.edit_selected())
        # Ctrl+N is the window-wide "new reader", so a new event has its own keys.
        for keys, slot, where in ((shortcut("events.new"), self.new_event, self),
                                  (shortcut("events.delete"), self.delete_selected,
                                   self.table)):
            key = QShortcut(keys, where)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(slot)
        self.refresh()

    def showEvent(self, event) -> None:
        # Events may have changed elsewhere (demo data, another tab): show them fresh.
        super().showEvent(event)
        selected = self.selected_id()
        self.refresh()
        if selected is not None:
            self.select_event(selected)

    # -- data --------------------------------------------------------------------------
    def _fetch(self, offset: int, limit: int, sort_key: str | None, descending: bool):
        return events.list_events(offset=offset, limit=limit, sort_key=sort_key,
                                  descending=descending, on_day=self.day_filter)

    def refresh(self) -> None:
        self.model.reload()
        self.mark_calendar()
        self._show_filter()
        self._update_buttons()

    def filter_day(self, day: date | None) -> None:
        self.day_filter = day
        if day is not None:
            self.calendar.setSelectedDate(QDate(day))
        self.refresh()

    def _show_filter(self) -> None:
        if self.day_filter is None:
            self.filter_label.setText(tr("events.ui.all_events"))
            self.show_all.hide()
        else:
            self.filter_label.setText(tr("events.ui.events_on",
                                         day=latvian_dates.day_phrase(self.day_filter)))
            self.show_all.show()

    def mark_calendar(self) -> None:
        """Shade and embolden the days of the shown month that have events."""
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear all
        days = events.event_days(year=year, month=month)
        marked = QTextCharFormat()
        marked.setBackground(QBrush(EVENT_DAY_COLOUR))
        font = marked.font()
        font.setBold(True)
        marked.setFont(font)
        for day in days:
            self.calendar.setDateTextFormat(QDate(day), marked)
        # Holidays look like Sundays (the due dates skip them too), named in the tooltip.
        sunday = self.calendar.weekdayTextFormat(Qt.DayOfWeek.Sunday).foreground()
        for day, name in calendar.holidays_in_month(year, month).items():
            holiday = QTextCharFormat(marked if day in days else QTextCharFormat())
            holiday.setForeground(sunday)
            holiday.setToolTip(name or tr("lvw.calendar.closed_by_hand"))
            self.calendar.setDateTextFormat(QDate(day), holiday)
        count = events.count_in_month(year=year, month=month)
        self.month_label.setText(tr("events.ui.month_summary",
                                    month=latvian_dates.month_title(year, month), count=count))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_data(rows[0].row())["id"] if rows else None

    def select_event(self, event_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.row_data(row)["id"] == event_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        for name in ("editEventButton", "attendanceButton", "posterButton", "flyerButton",
                     "deleteEventButton"):
            self.buttons[name].setEnabled(chosen)

    # -- actions -----------------------------------------------------------------------
    def _open(self, dialog) -> None:
        self.dialog = dialog
        if hasattr(dialog, "saved"):
            dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, event_id: int) -> None:
        self.refresh()
        self.select_event(event_id)
        self.message.setText(tr("events.ui.saved_event"))

    def _selected_event(self):
        event_id = self.selected_id()
        if event_id is None:
            return None
        try:
            return events.get_event(event_id=event_id)
        except DomainError as error:
            self.message.setText(str(error))
            self.refresh()
            return None

    def new_event(self) -> None:
        self._open(EventDialog(self))

    def edit_selected(self) -> None:
        event = self._selected_event()
        if event is not None:
            self._open(EventDialog(self, event))

    def attendance_selected(self) -> None:
        event = self._selected_event()
        if event is not None:
            self._open(AttendanceDialog(self, event))

    def documents_selected(self, document: str) -> None:
        event = self._selected_event()
        if event is not None:
            self._open(DocumentDialog(self, event, document))

    def delete_selected(self) -> None:
        event = self._selected_event()
        if event is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("events.ui.delete_title"),
                          tr("events.ui.delete_question", title=event.title),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("deleteEventQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText(tr("events.ui.delete"))
        box.button(QMessageBox.StandardButton.No).setText(tr("events.ui.cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self.delete_event(event.id)

        box.finished.connect(answered)
        self.dialog = box
        box.open()

    def delete_event(self, event_id: int) -> None:
        try:
            events.delete_event(event_id=event_id)
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.message.setText(tr("events.ui.deleted"))
        self.refresh()

    def month_plan(self) -> None:
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        files.ask_save_pdf(self, tr("events.ui.plan_file_name", year=year, month=f"{month:02d}"),
                           lambda target: self.save_month_plan(year, month, target))

    def save_month_plan(self, year: int, month: int, target: str) -> None:
        try:
            path = event_documents.make_event_plan(year=year, month=month, target=target)
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.message.setText(tr("events.ui.saved", path=path))
        files.open_file(path)

    def copy_month_plan(self) -> None:
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        QGuiApplication.clipboard().setText(event_documents.event_plan_text(year=year,
                                                                           month=month))
        self.message.setText(tr("events.ui.plan_copied",
                                month=latvian_dates.month_title(year, month)))

    def open_certificates(self) -> None:
        self._open(CertificatesDialog(self))
