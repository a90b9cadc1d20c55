"""Counting who came to an event, by age group."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.reports import latvian_dates
from rozupe_desk.services.events import events
from rozupe_desk.services.events.events import MAX_ATTENDANCE, EventView


class AttendanceDialog(QDialog):
    saved = Signal(int)

    def __init__(self, parent: QWidget | None, event: EventView) -> None:
        super().__init__(parent)
        self.setObjectName("attendanceDialog")
        self.shown_event = event
        self.setWindowTitle(tr("events.ui.attendance_title"))
        self.setMinimumWidth(380)
        heading = QLabel(f"<b>{html.escape(event.title)}</b><br>"
                         f"{latvian_dates.when(event.starts_at, event.ends_at)}", self)
        heading.setWordWrap(True)
        self.children_spin = self._spin("attendanceChildren", event.attendance_children)
        self.adults_spin = self._spin("attendanceAdults", event.attendance_adults)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("attendanceTotal")
        form = QFormLayout()
        form.addRow(tr("events.ui.children"), self.children_spin)
        form.addRow(tr("events.ui.adults"), self.adults_spin)
        form.addRow(tr("events.ui.total"), self.total_label)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("attendanceError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("events.ui.save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("events.ui.cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.children_spin.valueChanged.connect(self._update_total)
        self.adults_spin.valueChanged.connect(self._update_total)
        self._update_total()

    def _spin(self, name: str, value: int | None) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(0, MAX_ATTENDANCE)
        spin.setValue(value or 0)
        return spin

    def _update_total(self) -> None:
        self.total_label.setText(str(self.children_spin.value() + self.adults_spin.value()))

    def save(self) -> None:
        try:
            events.record_attendance(event_id=self.shown_event.id, children=self.children_spin.value(),
                                     adults=self.adults_spin.value())
        except DomainError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.saved.emit(self.shown_event.id)
        self.accept()
