"""The programmes tab's forms: a programme, an age group, a questionnaire with its votes.

Each is opened with `open()`; it calls the service itself and shows a refusal in red
inside the form, so what the librarian typed stays there to be corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.events import events
from rozupe_desk.services.programmes import experts, setup

DATE_FORMAT = "dd.MM.yyyy"


def date_edit(parent: QWidget, day: date, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def day_of(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class _Form(QDialog):
    """A form with OK/Cancel whose OK runs `save()`; a DomainError stays in the form."""

    saved = Signal(int)

    def __init__(self, parent: QWidget | None, title: str, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a11a1a")

    def finish_form(self) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("programmes.ui.save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("events.ui.cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(self.error)
        self.form.addRow(buttons)

    def save(self) -> int:
        raise NotImplementedError

    def _accept(self) -> None:
        try:
            saved_id = self.save()
        except DomainError as error:
            self.error.setText(str(error))
            return
        self.saved.emit(saved_id)
        self.accept()


class ProgrammeDialog(_Form):
    def __init__(self, parent: QWidget | None, programme: setup.Programme | None = None) -> None:
        super().__init__(parent, tr("programmes.ui.programme_title"), "programmeDialog")
        self.programme = programme
        today = date.today()
        self.name = QLineEdit(programme.name if programme else
                              tr("programmes.ui.default_name", year=today.year), self)
        self.name.setObjectName("programmeName")
        self.kind = QComboBox(self)
        self.kind.setObjectName("programmeKind")
        for kind in setup.KINDS:
            self.kind.addItem(tr(f"programmes.kind.{kind}"), kind)
        if programme:
            self.kind.setCurrentIndex(self.kind.findData(programme.kind))
            self.kind.setEnabled(False)  # the groups were made for the kind
        self.year = QSpinBox(self)
        self.year.setObjectName("programmeYear")
        self.year.setRange(2000, 2200)
        self.year.setValue(programme.year if programme else today.year)
        self.starts = date_edit(self, programme.starts_on if programme else today,
                                "programmeStarts")
        self.deadline = date_edit(self, programme.deadline_on if programme else
                                  date(today.year, 12, 31), "programmeDeadline")
        self.closing = QComboBox(self)
        self.closing.setObjectName("programmeClosingEvent")
        self.closing.addItem(tr("programmes.ui.no_event"), None)
        for event in events.list_events(limit=200):
            self.closing.addItem(f"{event['starts_at']:%d.%m.%Y} {event['title']}", event["id"])
        if programme and programme.closing_event_id:
            self.closing.setCurrentIndex(self.closing.findData(programme.closing_event_id))
        self.notes = QLineEdit(programme.notes if programme else "", self)
        self.notes.setObjectName("programmeNotes")
        for label, widget in (("programmes.ui.name", self.name), ("programmes.ui.kind", self.kind),
                              ("programmes.ui.year", self.year),
                              ("programmes.ui.starts", self.starts),
                              ("programmes.ui.deadline", self.deadline),
                              ("programmes.ui.closing_event", self.closing),
                              ("programmes.ui.notes", self.notes)):
            self.form.addRow(tr(label), widget)
        self.finish_form()

    def save(self) -> int:
        values = dict(name=self.name.text(), year=self.year.value(),
                      starts_on=day_of(self.starts), deadline_on=day_of(self.deadline),
                      kind=self.kind.currentData(), closing_event_id=self.closing.currentData(),
                      notes=self.notes.text())
        if self.programme is None:
            return setup.create(**values)
        setup.update(programme_id=self.programme.id, **values)
        return self.programme.id


class GroupDialog(_Form):
    def __init__(self, parent: QWidget | None, programme_id: int,
                 group: setup.Group | None = None) -> None:
        super().__init__(parent, tr("programmes.ui.group_title"), "programmeGroupDialog")
        self.programme_id, self.group = programme_id, group
        self.name = QLineEdit(group.name if group else "", self)
        self.name.setObjectName("groupName")
        self.min_age = QLineEdit("" if group is None or group.min_age is None
                                 else str(group.min_age), self)
        self.min_age.setObjectName("groupMinAge")
        self.max_age = QLineEdit("" if group is None or group.max_age is None
                                 else str(group.max_age), self)
        self.max_age.setObjectName("groupMaxAge")
        self.adults = QCheckBox(tr("programmes.ui.adults_group"), self)
        self.adults.setObjectName("groupAdults")
        self.adults.setChecked(bool(group and group.adults))
        self.form.addRow(tr("programmes.ui.group_name"), self.name)
        self.form.addRow(tr("programmes.ui.min_age"), self.min_age)
        self.form.addRow(tr("programmes.ui.max_age"), self.max_age)
        self.form.addRow(self.adults)
        self.finish_form()

    def save(self) -> int:
        values = dict(name=self.name.text(), min_age=self.min_age.text().strip(),
                      max_age=self.max_age.text().strip(), adults=self.adults.isChecked())
        if self.group is None:
            return setup.add_group(programme_id=self.programme_id, **values)
        setup.update_group(group_id=self.group.id, **values)
        return self.group.id


class QuestionnaireDialog(_Form):
    """The questionnaire handed in: its date and, if typed in, a score for each book."""

    def __init__(self, parent: QWidget | None, participant: experts.Participant) -> None:
        super().__init__(parent, tr("programmes.ui.questionnaire_title"),
                         "questionnaireDialog")
        self.participant = participant
        self.form.addRow(QLabel(tr("programmes.ui.questionnaire_of", name=participant.name,
                                   group=participant.group_name), self))
        self.day = date_edit(self, participant.questionnaire_on or date.today(),
                             "questionnaireDate")
        self.form.addRow(tr("programmes.ui.questionnaire_date"), self.day)
        self.votes: dict[int, QSpinBox] = {}
        for book in experts.book_progress(participant_id=participant.id):
            spin = QSpinBox(self)
            spin.setObjectName(f"vote{book.book_id}")
            spin.setRange(0, experts.MAX_VOTE)
            spin.setSpecialValueText(tr("programmes.ui.no_vote"))
            spin.setValue(book.vote or 0)
            self.votes[book.book_id] = spin
            self.form.addRow(book.title, spin)
        self.finish_form()

    def save(self) -> int:
        votes = {book: spin.value() for book, spin in self.votes.items() if spin.value()}
        experts.receive_questionnaire(participant_id=self.participant.id,
                                      on=day_of(self.day), votes=votes)
        return self.participant.id


def open_form(dialog: _Form, on_saved: Callable[[int], None]) -> _Form:
    dialog.saved.connect(on_saved)
    dialog.open()
    return dialog
