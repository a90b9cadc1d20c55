"""The reader's form: the fields with their own error line, age group, registration year,
consents with dates, family links and the loan history.

It holds no rules of its own: on save it hands the typed text to the patrons service and
shows what comes back (every wrong field says so beside itself; nothing is saved half).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError, InvalidInput
from rozupe_desk.i18n import plural, tr
from rozupe_desk.i18n.dates import numeric_date
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.ages import age_group, age_in_years
from rozupe_desk.services.readers.patron_fields import (
    PATRON_CATEGORIES,
    FieldErrors,
    category_for_age,
    parse_birth,
)
from rozupe_desk.ui.table_model import Column, LazyTableModel

ERROR_STYLE = "color: #b00020;"
SCANNED = ("card_number", "guardian_card")
TEXT_FIELDS = ("first_name", "last_name", "card_number", "birth", "phone", "email", "address",
               "village", "guardian_card")


HISTORY_COLUMNS = [
    Column("issued_at", "patrons.history.issued", formatter=numeric_date),
    Column("due_on", "patrons.history.due", formatter=numeric_date),
    Column("returned_at", "patrons.history.returned", formatter=numeric_date),
    Column("barcode", "patrons.history.barcode"),
    Column("title", "patrons.history.title"),
]


class PatronForm(QWidget):
    """Shows one reader (or a new one) for editing; emits `saved(id)` after a save."""

    saved = Signal(int)
    open_patron = Signal(int)  # a family member chosen in the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patronForm")
        self.patron_id: int | None = None
        self.details: patrons.PatronDetails | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("patronHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel(self)
        self.summary.setObjectName("patronSummary")
        self.summary.setWordWrap(True)

        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        # Two columns with each label above its field: the whole form fits beside the list
        # at the window's opening size (1200×780), with no scrolling.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        for name in TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"patron_{name}")
            # A scanner ends a card number with Enter: there it moves on, elsewhere it saves.
            edit.returnPressed.connect(self.focusNextChild if name in SCANNED else self.save)
            self.inputs[name] = edit
        self.inputs["birth"].setPlaceholderText(tr("patrons.birth_placeholder"))
        self.inputs["birth"].textChanged.connect(self._show_age)
        self.inputs["card_number"].setToolTip(tr("patrons.card_tooltip"))
        self.inputs["guardian_card"].setPlaceholderText(tr("patrons.guardian_placeholder"))
        self.inputs["phone"].setPlaceholderText("26123456")
        self.inputs["email"].setPlaceholderText(tr("patrons.email_placeholder"))
        self.age_label = QLabel(self)
        self.age_label.setObjectName("patronAge")
        self.category = QComboBox(self)
        self.category.setObjectName("patron_category")
        for key in PATRON_CATEGORIES:
            self.category.addItem(tr(f"patrons.category.{key}"), key)
        # A new reader's category follows the typed age until she chooses one herself.
        self.category_chosen = False
        self.category.activated.connect(self._category_activated)
        birth = QWidget(self)
        birth_column = QVBoxLayout(birth)
        birth_column.setContentsMargins(0, 0, 0, 0)
        birth_column.setSpacing(0)
        birth_column.addWidget(self._with_error("birth", self.inputs["birth"]))
        birth_column.addWidget(self.age_label)
        cells = {
            "first_name": (0, 0), "last_name": (1, 0), "card_number": (2, 0), "birth": (3, 0),
            "category": (4, 0), "phone": (0, 1), "email": (1, 1), "address": (2, 1),
            "village": (3, 1), "guardian_card": (4, 1),
        }
        for name, (row, column) in cells.items():
            field = (birth if name == "birth" else
                     self._with_error(name, self.category if name == "category"
                                      else self.inputs[name]))
            grid.addWidget(self._labelled(tr(f"patrons.field.{name}"), field), row, column)
        self.consent_data = QCheckBox(tr("patrons.field.consent_data"), self)
        self.consent_data.setObjectName("patron_consent_data")
        self.consent_photo = QCheckBox(tr("patrons.field.consent_photo"), self)
        self.consent_photo.setObjectName("patron_consent_photo")
        grid.addWidget(self.consent_data, 5, 0, 1, 2)
        grid.addWidget(self.consent_photo, 6, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("patron_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)

        self.message = QLabel(self)
        self.message.setObjectName("patronFormMessage")
        self.message.setWordWrap(True)
        self.message.hide()  # takes room only while it has something to say
        self.save_button = QPushButton(tr("patrons.save"), self)
        self.save_button.setObjectName("patronSave")
        self.save_button.clicked.connect(self.save)
        self.save_button.setDefault(True)
        self.add_child_button = QPushButton(tr("patrons.add_child"), self)
        self.add_child_button.setObjectName("patronAddChild")
        self.add_child_button.setToolTip(tr("patrons.add_child_tooltip"))
        self.add_child_button.clicked.connect(self.new_child)
        self.buttons = QHBoxLayout()  # the tab adds its reader-card button here
        self.buttons.addWidget(self.save_button)
        self.buttons.addWidget(self.add_child_button)
        self.buttons.addStretch(1)

        self.family_list = QListWidget(self)
        self.family_list.setObjectName("familyList")
        self.family_list.itemActivated.connect(self._family_chosen)
        self.family_list.setWordWrap(True)  # a long name and relation wraps, never cut
        family_box = QGroupBox(tr("patrons.family"), self)
        family_layout = QVBoxLayout(family_box)
        family_layout.addWidget(self.family_list)
        family_page = QWidget(self)
        family_page_layout = QVBoxLayout(family_page)
        family_page_layout.addWidget(family_box, 1)
        family_page_layout.addWidget(self._labelled(tr("patrons.field.notes"),
                                                    self._with_error("notes", self.notes)))

        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(4, 4, 4, 0)
        details_layout.addLayout(grid)
        details_layout.addStretch(1)
        # Only a window smaller than the opening size scrolls the fields.
        scroll = QScrollArea(self)
        scroll.setObjectName("patronDetailsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.history_model = LazyTableModel(HISTORY_COLUMNS, self._fetch_history, parent=self)
        self.history = QTableView(self)
        self.history.setObjectName("patronHistoryTable")
        self.history.setModel(self.history_model)
        self.history.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.history.setSortingEnabled(True)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().hide()
        self.history.setAlternatingRowColors(True)

        self.pages = QTabWidget(self)
        self.pages.setObjectName("patronPages")
        self.pages.addTab(scroll, tr("patrons.page.details"))
        self.pages.addTab(family_page, tr("lvw.patrons.page_family"))
        self.pages.addTab(self.history, tr("patrons.page.history"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons)
        self.new_patron()

    def _labelled(self, text: str, field: QWidget) -> QWidget:
        """The field with its label above it."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        label = QLabel(text, box)
        column.addWidget(label)
        column.addWidget(field)
        return box

    def _with_error(self, name: str, field: QWidget) -> QWidget:
        """The field with its error line under it (hidden while there is nothing to say)."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(field)
        error = QLabel(box)
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.errors[name] = error
        return box

    # -- showing a reader -------------------------------------------------------------------
    def new_patron(self, *, guardian_card: str = "", address: str = "", village: str = "",
                   last_name: str = "") -> None:
        """An empty form for registration, with the next free card number offered."""
        self.patron_id = None
        self.details = None
        self._fill(patrons.PatronFields(card_number=patrons.next_card_number(),
                                        guardian_card=guardian_card, address=address,
                                        village=village, last_name=last_name))
        self.category_chosen = False  # consent stays unticked: the reader must agree first
        self.heading.setText(tr("patrons.new_heading"))
        self.summary.setText(tr("patrons.new_summary"))
        self.family_list.clear()
        self.add_child_button.setEnabled(False)
        self.history_model.reload()
        self.pages.setCurrentIndex(0)
        self.inputs["first_name"].setFocus()

    def new_child(self) -> None:
        """Register a child of the reader shown: guardian, address and surname filled in."""
        if self.details is None:
            return
        self.new_patron(guardian_card=self.details.card_number, address=self.details.address,
                        village=self.details.village)

    def load(self, patron_id: int) -> None:
        try:
            details = patrons.get(patron_id=patron_id)
        except DomainError as error:
            self.show_message(str(error), error=True)
            return
        self.patron_id = patron_id
        self.details = details
        self._fill(details.fields())
        self.heading.setText(details.name if not details.anonymized else tr("patrons.erased"))
        self.summary.setText(self._summary(details))
        self.family_list.clear()
        for member in details.family:
            item = QListWidgetItem(tr("patrons.family_line", name=member.name,
                                      card=member.card_number,
                                      relation=tr(f"patrons.relation.{member.relation}"),
                                      age_group=tr(f"patrons.age_group.{member.age_group}")))
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            if member.relation == "self":
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.family_list.addItem(item)
        if not details.family:
            self.family_list.addItem(tr("patrons.no_family"))
        self.add_child_button.setEnabled(not details.anonymized)
        self.save_button.setEnabled(not details.anonymized)
        self.history_model.reload()

    def _summary(self, details: patrons.PatronDetails) -> str:
        kind, year = details.registration
        parts = [tr(f"patrons.{kind}_in", year=year)]
        if year < date.today().year:
            parts.append(tr("patrons.not_this_year", year=date.today().year))
        parts.append(tr("patrons.since", day=numeric_date(details.registered_on)))
        if details.open_loans:
            parts.append(plural("patrons.open_loans", count=details.open_loans))
        for key, day in (("consent_data", details.consent_data_on),
                         ("consent_photo", details.consent_photo_on)):
            if day is not None:
                parts.append(tr(f"patrons.{key}_on", day=numeric_date(day)))
        return " · ".join(parts)

    def _fill(self, fields: patrons.PatronFields) -> None:
        for name, edit in self.inputs.items():
            edit.setText(getattr(fields, name))
        self.category.setCurrentIndex(max(0, self.category.findData(fields.category)))
        self.consent_data.setChecked(fields.consent_data)
        self.consent_photo.setChecked(fields.consent_photo)
        self.notes.setPlainText(fields.notes)
        self.clear_errors()
        self.message.clear()
        self.message.hide()
        self._show_age()

    def fields(self) -> patrons.PatronFields:
        """What the form holds now, as typed."""
        return patrons.PatronFields(
            **{name: edit.text() for name, edit in self.inputs.items()},
            category=self.category.currentData(), consent_data=self.consent_data.isChecked(),
            consent_photo=self.consent_photo.isChecked(), notes=self.notes.toPlainText())

    def _show_age(self) -> None:
        today = date.today()
        try:
            born, year = parse_birth(self.inputs["birth"].text(), today)
        except InvalidInput:
            self.age_label.setText(tr("patrons.age_unknown"))
            return
        age = age_in_years(born, year, today)
        if age is None:
            self.age_label.setText(tr("patrons.age_unknown"))
            return
        self.age_label.setText(tr("patrons.age_line", age=age,
                                  group=tr(f"patrons.age_group.{age_group(born, year, today)}")))
        if self.patron_id is None and not self.category_chosen:
            self.category.setCurrentIndex(self.category.findData(category_for_age(age)
                                                                 or "other"))

    def _category_activated(self, _index: int) -> None:
        self.category_chosen = True

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the form through the service; show each problem beside its field."""
        self.clear_errors()
        try:
            if self.patron_id is None:
                patron_id = patrons.register(fields=self.fields())
                message = tr("patrons.registered", card=self.inputs["card_number"].text()
                             or patrons.get(patron_id=patron_id).card_number)
            else:
                patron_id = self.patron_id
                patrons.update(patron_id=patron_id, fields=self.fields())
                message = tr("patrons.saved")
        except FieldErrors as error:
            self.show_errors(error)
            return False
        except DomainError as error:
            self.show_message(str(error), error=True)
            return False
        self.load(patron_id)
        self.show_message(message)
        self.saved.emit(patron_id)
        return True

    def show_errors(self, error: FieldErrors) -> None:
        first = None
        for name, problem in error.errors.items():
            label = self.errors.get(name)
            if label is None:
                continue
            label.setText(str(problem))
            label.show()
            first = first or name
        self.show_message(tr("patrons.fix_fields"), error=True)
        if first in self.inputs:
            self.inputs[first].setFocus()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _family_chosen(self, item: QListWidgetItem) -> None:
        member = item.data(Qt.ItemDataRole.UserRole)
        if member is not None and member != self.patron_id:
            self.open_patron.emit(member)

    def _fetch_history(self, offset: int, limit: int, sort: str | None, descending: bool):
        if self.patron_id is None:
            return []
        return patrons.loan_history(patron_id=self.patron_id, offset=offset, limit=limit,
                                    sort=sort, descending=descending if sort else True)
