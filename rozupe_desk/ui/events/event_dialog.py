"""The event form: title, kind, start and end, place, audience, for children, partners,
link, description and a picture. Saving calls the events service; a refusal is shown in
the form, which stays open with everything the librarian typed."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.branches.branches import desk_branch_id, several_branches
from rozupe_desk.services.events import events
from rozupe_desk.services.events.events import EventFields, EventView
from rozupe_desk.ui.branch_choice import branch_combo
from rozupe_desk.ui.date_fields import date_time_field
from rozupe_desk.ui.events import files

KINDS = ("reading", "exhibition", "lesson", "club", "workshop", "meeting", "other")
DATE_TIME_FORMAT = "dd.MM.yyyy HH:mm"
EXHIBITION_DAYS = 21


class EventDialog(QDialog):
    saved = Signal(int)

    def __init__(self, parent: QWidget | None = None, event: EventView | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self.shown_event = event
        self.picture_source: str | None = None
        self.remove_picture = False
        self.setWindowTitle(tr("events.ui.edit_title" if event else "events.ui.new_title"))
        self.setMinimumWidth(560)

        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("eventTitle")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("eventKind")
        for kind in KINDS:
            self.kind_combo.addItem(tr(f"events.kind.{kind}"), kind)
        self.starts_edit = self._date_time_edit("eventStarts")
        self.has_end = QCheckBox(tr("events.ui.has_end"), self)
        self.has_end.setObjectName("eventHasEnd")
        self.ends_edit = self._date_time_edit("eventEnds")
        self.has_end.toggled.connect(self.ends_edit.setEnabled)
        self.place_edit = QLineEdit(self)
        self.place_edit.setObjectName("eventPlace")
        self.audience_edit = QLineEdit(self)
        self.audience_edit.setObjectName("eventAudience")
        self.audience_edit.setPlaceholderText(tr("events.ui.audience_hint"))
        self.children_check = QCheckBox(tr("events.ui.for_children"), self)
        self.children_check.setObjectName("eventForChildren")
        self.partners_edit = QLineEdit(self)
        self.partners_edit.setObjectName("eventPartners")
        self.link_edit = QLineEdit(self)
        self.link_edit.setObjectName("eventLink")
        self.link_edit.setPlaceholderText(tr("events.ui.link_hint"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("eventDescription")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(90)
        # The desk's branch for a new event; shown only where there is a choice.
        self.branch_combo = branch_combo(
            self, "eventBranch", selected=event.branch_id if event else desk_branch_id())

        self.picture_label = QLabel(self)
        self.picture_label.setObjectName("eventPicture")
        self.picture_label.setFixedSize(160, 100)
        self.picture_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture_label.setStyleSheet("border: 1px solid palette(mid);")
        choose = QPushButton(tr("events.ui.choose_picture"), self)
        choose.setObjectName("choosePictureButton")
        choose.clicked.connect(lambda: files.ask_picture(self, self.set_picture))
        remove = QPushButton(tr("events.ui.remove_picture"), self)
        remove.setObjectName("removePictureButton")
        remove.clicked.connect(self.clear_picture)
        picture_buttons = QVBoxLayout()
        picture_buttons.addWidget(choose)
        picture_buttons.addWidget(remove)
        picture_buttons.addStretch(1)
        picture_row = QHBoxLayout()
        picture_row.addWidget(self.picture_label)
        picture_row.addLayout(picture_buttons)
        picture_row.addStretch(1)

        end_row = QHBoxLayout()
        end_row.addWidget(self.has_end)
        end_row.addWidget(self.ends_edit, 1)

        form = QFormLayout()
        form.addRow(tr("events.ui.field.title"), self.title_edit)
        form.addRow(tr("events.ui.field.kind"), self.kind_combo)
        form.addRow(tr("events.ui.field.starts"), self.starts_edit)
        form.addRow(tr("events.ui.field.ends"), end_row)
        form.addRow(tr("events.ui.field.place"), self.place_edit)
        if several_branches():
            form.addRow(tr("branches.field"), self.branch_combo)
        else:
            self.branch_combo.hide()
        form.addRow(tr("events.ui.field.audience"), self.audience_edit)
        form.addRow("", self.children_check)
        form.addRow(tr("events.ui.field.partners"), self.partners_edit)
        form.addRow(tr("events.ui.field.link"), self.link_edit)
        form.addRow(tr("events.ui.field.description"), self.description_edit)
        form.addRow(tr("events.ui.field.picture"), picture_row)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("eventError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setObjectName("eventButtons")
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("events.ui.save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("events.ui.cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._fill(event)
        self._last_start = self.starts_edit.dateTime()
        self.starts_edit.dateTimeChanged.connect(self._keep_duration)
        self.kind_combo.currentIndexChanged.connect(self._exhibition_runs_for_weeks)

    def _date_time_edit(self, name: str) -> QDateTimeEdit:
        return date_time_field(self, name, DATE_TIME_FORMAT)

    def _fill(self, event: EventView | None) -> None:
        if event is None:
            start = (datetime.now() + timedelta(days=7)).replace(hour=14, minute=0, second=0,
                                                                  microsecond=0)
            self.starts_edit.setDateTime(QDateTime(start))
            self.ends_edit.setDateTime(QDateTime(start + timedelta(hours=1, minutes=30)))
            self.has_end.setChecked(True)
            self._show_picture("")
            return
        self.title_edit.setText(event.title)
        self.kind_combo.setCurrentIndex(KINDS.index(event.kind))
        self.starts_edit.setDateTime(QDateTime(event.starts_at))
        self.has_end.setChecked(event.ends_at is not None)
        self.ends_edit.setEnabled(event.ends_at is not None)
        self.ends_edit.setDateTime(QDateTime(event.ends_at or event.starts_at))
        self.place_edit.setText(event.place)
        self.audience_edit.setText(event.audience)
        self.children_check.setChecked(event.for_children)
        self.partners_edit.setText(event.partners)
        self.link_edit.setText(event.link_url)
        self.description_edit.setPlainText(event.description)
        self._show_picture(event.image_path)

    def _keep_duration(self, start: QDateTime) -> None:
        """Moving the start moves the end with it, so the event keeps its length."""
        shift = self._last_start.secsTo(start)
        self._last_start = start
        self.ends_edit.setDateTime(self.ends_edit.dateTime().addSecs(shift))

    def _exhibition_runs_for_weeks(self) -> None:
        """An exhibition usually runs for weeks: offer three when it ends the day it opens."""
        starts, ends = self.starts_edit.dateTime(), self.ends_edit.dateTime()
        if self.kind_combo.currentData() == "exhibition" and ends.date() <= starts.date():
            self.has_end.setChecked(True)
            self.ends_edit.setDateTime(QDateTime(starts.date().addDays(EXHIBITION_DAYS),
                                                 QTime(18, 0)))

    # -- the picture -------------------------------------------------------------------
    def set_picture(self, path: str) -> None:
        """Take a chosen picture (checked at once, copied only when the event is saved)."""
        try:
            events.check_image(source=path)
        except DomainError as error:
            self.show_error(str(error))
            return
        self.picture_source = path
        self.remove_picture = False
        self.error_label.hide()
        self._show_picture(path)

    def clear_picture(self) -> None:
        self.picture_source = None
        self.remove_picture = True
        self._show_picture("")

    def _show_picture(self, path: str) -> None:
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.picture_label.setPixmap(QPixmap())
            self.picture_label.setText(tr("events.ui.no_picture"))
            return
        self.picture_label.setPixmap(pixmap.scaled(
            self.picture_label.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    # -- saving ------------------------------------------------------------------------
    def fields(self) -> EventFields:
        return EventFields(
            title=self.title_edit.text(), kind=self.kind_combo.currentData(),
            starts_at=self.starts_edit.dateTime().toPython(),
            ends_at=self.ends_edit.dateTime().toPython() if self.has_end.isChecked() else None,
            place=self.place_edit.text(), audience=self.audience_edit.text(),
            description=self.description_edit.toPlainText(),
            partners=self.partners_edit.text(), link_url=self.link_edit.text(),
            for_children=self.children_check.isChecked(),
            branch_id=self.branch_combo.currentData())

    def save(self) -> None:
        try:
            if self.shown_event is None:
                event_id = events.create_event(fields=self.fields(),
                                               image_source=self.picture_source)
            else:
                event_id = self.shown_event.id
                events.update_event(event_id=event_id, fields=self.fields(),
                                    image_source=self.picture_source,
                                    remove_image=self.remove_picture)
        except DomainError as error:
            self.show_error(str(error))
            return
        self.saved.emit(event_id)
        self.accept()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
