"""Registering the reader at the desk into a reading programme: Ctrl+J, then Enter.

The group of her age is chosen already; a group outside her age asks first. The dialog
shows her guardian, as the programme's participant list does.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.programmes import experts, setup
from rozupe_desk.ui.questions import ask


class RegisterDialog(QDialog):
    registered = Signal(str)  # the message for the desk

    def __init__(self, parent: QWidget | None, *, patron_id: int) -> None:
        super().__init__(parent)
        self.setObjectName("programmeRegisterDialog")
        self.setWindowTitle(tr("programmes.register.title"))
        self.patron_id = patron_id
        today = date.today()
        self.reader = experts.reader(patron_id=patron_id, today=today)
        self.programmes = setup.open_for_registration(day=today)
        self.who = QLabel(self)
        self.who.setObjectName("programmeRegisterReader")
        self.who.setWordWrap(True)
        self.programme_box = QComboBox(self)
        self.programme_box.setObjectName("programmeRegisterProgramme")
        self.group_box = QComboBox(self)
        self.group_box.setObjectName("programmeRegisterGroup")
        self.error = QLabel(self)
        self.error.setObjectName("programmeRegisterError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a11a1a")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("programmes.register.ok"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("events.ui.cancel"))
        buttons.accepted.connect(self.register)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.who)
        form.addRow(tr("programmes.register.programme"), self.programme_box)
        form.addRow(tr("programmes.register.group"), self.group_box)
        form.addRow(self.error)
        form.addRow(buttons)
        for programme in self.programmes:
            self.programme_box.addItem(programme.name, programme.id)
        self.programme_box.currentIndexChanged.connect(self._fill_groups)
        self._show_reader()
        self._fill_groups()
        self.group_box.setFocus()

    def has_programmes(self) -> bool:
        return bool(self.programmes)

    def _show_reader(self) -> None:
        age = "?" if self.reader.age is None else str(self.reader.age)
        text = tr("programmes.register.reader", name=self.reader.name, age=age)
        if self.reader.guardian:
            guardian = " · ".join(p for p in (self.reader.guardian, self.reader.guardian_phone)
                                  if p)
            text += "\n" + tr("programmes.register.guardian", guardian=guardian)
        self.who.setText(text)

    def _programme(self) -> setup.Programme | None:
        index = self.programme_box.currentIndex()
        return self.programmes[index] if 0 <= index < len(self.programmes) else None

    def _fill_groups(self) -> None:
        self.group_box.clear()
        programme = self._programme()
        if programme is None:
            return
        suggested = next((g for g in programme.groups if g.admits(self.reader.age)), None)
        for group in programme.groups:
            self.group_box.addItem(group.name, group.id)
        if suggested is not None:
            self.group_box.setCurrentIndex(self.group_box.findData(suggested.id))

    def register(self) -> None:
        programme = self._programme()
        if programme is None or self.group_box.currentIndex() < 0:
            return
        group = programme.groups[self.group_box.currentIndex()]
        if group.admits(self.reader.age):
            self._register(programme, group, ignore_age=False)
            return
        age = "?" if self.reader.age is None else self.reader.age
        self.question = ask(self, title=tr("programmes.register.title"),
                            text=tr("programmes.register.age_question", name=self.reader.name,
                                    group=group.name, age=age),
                            yes=tr("programmes.register.ok"), no=tr("events.ui.cancel"),
                            object_name="programmeAgeQuestion",
                            on_yes=lambda: self._register(programme, group, ignore_age=True))

    def _register(self, programme: setup.Programme, group: setup.Group, *,
                  ignore_age: bool) -> None:
        try:
            experts.register(programme_id=programme.id, patron_id=self.patron_id,
                             group_id=group.id, ignore_age=ignore_age)
        except DomainError as error:
            self.error.setText(str(error))
            return
        self.registered.emit(tr("programmes.registered", name=self.reader.name,
                                group=group.name))
        self.accept()
