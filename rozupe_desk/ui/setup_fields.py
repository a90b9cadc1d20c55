"""The groups of setting fields that the first-run and the settings dialogs share.

Each section shows some settings, `load`s them from a dict of values, gives them back with
`values()` and shows the service's messages next to the fields they concern
(`show_errors`). Field names follow `services.library_setup` (`loan_days.book`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import LANGUAGES, tr
from rozupe_desk.services import library_setup
from rozupe_desk.ui import files
from rozupe_desk.ui.icons import icon


def object_name(field: str) -> str:
    """The object name of a field's widget: `setting_loan_days_book`."""
    return "setting_" + field.replace(".", "_")


def hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    return label


class Section(QWidget):
    """A form of fields, each with an error line below it that shows only when needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setVerticalSpacing(6)
        self.form.setHorizontalSpacing(14)
        self._errors: dict[str, QLabel] = {}

    def field(self, field: str, label: str, widget: QWidget, tooltip: str) -> QWidget:
        """Add `widget` for setting `field`, labelled and explained by a tooltip."""
        widget.setObjectName(object_name(field))
        widget.setToolTip(tooltip)
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.error_label(field, holder))
        title = QLabel(label, self)
        title.setBuddy(widget)
        self.form.addRow(title, holder)
        return widget

    def error_label(self, field: str, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName("error_" + field.replace(".", "_"))
        label.setProperty("role", "error")
        label.setWordWrap(True)
        label.hide()
        self._errors[field] = label
        return label

    def fields(self) -> set[str]:
        return set(self._errors)

    def show_errors(self, errors: dict[str, str]) -> bool:
        """Show the messages meant for this section's fields; True when there was one."""
        found = False
        for field, label in self._errors.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
            found = found or bool(message)
        return found

    def load(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError


def line_edit(parent: QWidget, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def spin_box(parent: QWidget, limits: tuple[int, int], suffix: str = "") -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(*limits)
    box.setSuffix(suffix)
    box.setMinimumWidth(110)
    box.setMaximumWidth(180)  # a number, not a line of text
    return box


class PathField(QWidget):
    """A path typed or chosen with a picker (opened with `open()`, never blocking)."""

    def __init__(self, parent: QWidget, *, pick_folder: bool, filter_text: str = "",
                 button_tooltip: str = "") -> None:
        super().__init__(parent)
        self.edit = line_edit(self)
        self.button = QPushButton(icon("folder"), tr("setup.browse"), self)
        self.button.setObjectName("browseButton")
        self.button.setToolTip(button_tooltip)
        self.button.clicked.connect(self.browse)
        self.pick_folder = pick_folder
        self.filter_text = filter_text
        self.dialog: QFileDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.edit.setToolTip(text)

    def browse(self) -> None:
        self.dialog = files.file_dialog(
            self, title=tr("setup.choose_folder" if self.pick_folder else "setup.choose_logo"),
            name_filter="" if self.pick_folder else self.filter_text,
            object_name="pathPicker", folders=self.pick_folder)
        if self.edit.text():
            self.dialog.setDirectory(self.edit.text())
        self.dialog.fileSelected.connect(self.edit.setText)
        self.dialog.open()

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)


class LibrarySection(Section):
    """Name, address and contacts of the library; the logo in the settings dialog."""

    def __init__(self, parent: QWidget | None = None, *, with_logo: bool = False) -> None:
        super().__init__(parent)
        self.name = self.field("library_name", tr("setup.library_name"),
                               line_edit(self, tr("setup.library_name_placeholder")),
                               tr("setup.library_name_tip"))
        self.address = self.field("library_address", tr("setup.library_address"),
                                  line_edit(self, tr("setup.library_address_placeholder")),
                                  tr("setup.library_address_tip"))
        self.phone = self.field("library_phone", tr("setup.library_phone"),
                                line_edit(self, "+371 …"), tr("setup.library_phone_tip"))
        self.email = self.field("library_email", tr("setup.library_email"),
                                line_edit(self, "…@…"), tr("setup.library_email_tip"))
        self.logo: PathField | None = None
        if with_logo:
            self.logo = PathField(self, pick_folder=False, filter_text=tr("setup.logo_filter"),
                                  button_tooltip=tr("setup.logo_browse_tip"))
            self.field("logo_path", tr("setup.logo"), self.logo, tr("setup.logo_tip"))

    def load(self, values: dict[str, Any]) -> None:
        self.name.setText(values["library_name"])
        self.address.setText(values["library_address"])
        self.phone.setText(values["library_phone"])
        self.email.setText(values["library_email"])
        if self.logo is not None:
            self.logo.setText(values["logo_path"])

    def values(self) -> dict[str, Any]:
        result = {"library_name": self.name.text(), "library_address": self.address.text(),
                  "library_phone": self.phone.text(), "library_email": self.email.text()}
        if self.logo is not None:
            result["logo_path"] = self.logo.text()
        return result


class OpeningSection(Section):
    """A row per weekday: open or closed, and the hours when open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form.addRow(hint(tr("setup.opening_hint"), self))
        self.form.addRow(self.error_label("closed_weekdays", self))
        self.open_boxes: list[QCheckBox] = []
        self.hours: list[QLineEdit] = []
        for day in library_setup.WEEKDAYS:
            row = QWidget(self)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            box = QCheckBox(tr("setup.open"), row)
            box.setObjectName(f"openDay{day}")
            box.setToolTip(tr("setup.open_tip", day=tr(f"setup.weekday.{day}")))
            hours = line_edit(row, "10:00-18:00")
            # room for "10:00-18:00" and the clear button at any font size
            hours.setMinimumWidth(hours.fontMetrics().horizontalAdvance("00:00-00:00 ") + 56)
            box.toggled.connect(hours.setEnabled)
            layout.addWidget(box)
            layout.addWidget(hours)
            layout.addStretch(1)
            self.field(f"opening_hours.{day}", tr(f"setup.weekday.{day}"), row,
                       tr("setup.hours_tip"))
            hours.setToolTip(tr("setup.hours_tip"))
            self.open_boxes.append(box)
            self.hours.append(hours)

    def load(self, values: dict[str, Any]) -> None:
        closed = set(values["closed_weekdays"])
        for day in library_setup.WEEKDAYS:
            self.open_boxes[day].setChecked(day not in closed)
            self.hours[day].setEnabled(day not in closed)
            text = values["opening_hours"].get(str(day), "")
            parsed = library_setup.parse_hours(text)
            self.hours[day].setText(library_setup.format_hours(*parsed) if parsed else text)

    def values(self) -> dict[str, Any]:
        closed = [day for day in library_setup.WEEKDAYS if not self.open_boxes[day].isChecked()]
        hours = {str(day): self.hours[day].text() for day in library_setup.WEEKDAYS
                 if day not in closed}
        return {"closed_weekdays": closed, "opening_hours": hours}


class LoansSection(Section):
    """Loan periods by document type, renewals, the most loans at once, holds kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        days = tr("setup.days_suffix")
        self.loan_days: dict[str, QSpinBox] = {}
        for kind in library_setup.DOCUMENT_TYPES:
            self.loan_days[kind] = self.field(
                f"loan_days.{kind}", tr(f"setup.doctype.{kind}"),
                spin_box(self, library_setup.LIMITS["loan_days"], days),
                tr("setup.loan_days_tip", kind=tr(f"setup.doctype.{kind}").lower()))
        self.renewals = self.field("renewals_allowed", tr("setup.renewals"),
                                   spin_box(self, library_setup.LIMITS["renewals_allowed"]),
                                   tr("setup.renewals_tip"))
        self.max_loans = self.field("max_loans", tr("setup.max_loans"),
                                    spin_box(self, library_setup.LIMITS["max_loans"]),
                                    tr("setup.max_loans_tip"))
        self.hold_days = self.field("hold_keep_days", tr("setup.hold_days"),
                                    spin_box(self, library_setup.LIMITS["hold_keep_days"], days),
                                    tr("setup.hold_days_tip"))

    def load(self, values: dict[str, Any]) -> None:
        for kind, box in self.loan_days.items():
            box.setValue(values["loan_days"].get(kind, 14))
        self.renewals.setValue(values["renewals_allowed"])
        self.max_loans.setValue(values["max_loans"])
        self.hold_days.setValue(values["hold_keep_days"])

    def values(self) -> dict[str, Any]:
        return {"loan_days": {kind: box.value() for kind, box in self.loan_days.items()},
                "renewals_allowed": self.renewals.value(), "max_loans": self.max_loans.value(),
                "hold_keep_days": self.hold_days.value()}


class BackupSection(Section):
    """Where the backup copies go (a USB stick or another disk is best)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form.addRow(hint(tr("setup.backup_hint"), self))
        self.folder = PathField(self, pick_folder=True,
                                button_tooltip=tr("setup.backup_browse_tip"))
        self.field("backup_folder", tr("setup.backup_folder"), self.folder,
                   tr("setup.backup_folder_tip"))
        self.warn_days = self.field(
            "backup_warn_days", tr("setup.backup_warn_days"),
            spin_box(self, library_setup.LIMITS["backup_warn_days"], tr("setup.days_suffix")),
            tr("setup.backup_warn_days_tip"))

    def load(self, values: dict[str, Any]) -> None:
        self.folder.setText(values["backup_folder"])
        self.warn_days.setValue(values["backup_warn_days"])

    def values(self) -> dict[str, Any]:
        return {"backup_folder": self.folder.text(), "backup_warn_days": self.warn_days.value()}


class ReminderSection(Section):
    """The wording of overdue reminder letters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form.addRow(hint(tr("setup.reminder_hint"), self))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(tr("setup.reminder_placeholder"))
        self.text.setMinimumHeight(160)
        self.field("reminder_text", tr("setup.reminder_text"), self.text,
                   tr("setup.reminder_tip"))

    def load(self, values: dict[str, Any]) -> None:
        self.text.setPlainText(values["reminder_text"])

    def values(self) -> dict[str, Any]:
        return {"reminder_text": self.text.toPlainText()}


def choice_box(parent: QWidget, choices: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox(parent)
    for value, text in choices:
        box.addItem(text, value)
    return box


def select(box: QComboBox, value: str) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


class AppearanceSection(Section):
    """Language (after a restart), high contrast and the size of the letters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = self.field(
            "language", tr("setup.language"),
            choice_box(self, [(lang, tr(f"setup.language.{lang}")) for lang in LANGUAGES]),
            tr("setup.language_tip"))
        self.form.addRow("", hint(tr("setup.language_restart"), self))
        self.contrast = self.field("high_contrast", tr("setup.high_contrast"),
                                   QCheckBox(tr("setup.high_contrast_box"), self),
                                   tr("setup.high_contrast_tip"))
        self.font_size = self.field(
            "font_size", tr("setup.font_size"),
            spin_box(self, (library_setup.FONT_SIZES[0], library_setup.FONT_SIZES[-1]),
                     tr("setup.points_suffix")), tr("setup.font_size_tip"))

    def load(self, values: dict[str, Any]) -> None:
        select(self.language, values["language"])
        self.contrast.setChecked(bool(values["high_contrast"]))
        self.font_size.setValue(values["font_size"])

    def values(self) -> dict[str, Any]:
        return {"language": self.language.currentData(),
                "high_contrast": self.contrast.isChecked(), "font_size": self.font_size.value()}


class LabelsSection(Section):
    """Which sheet of labels the spine and barcode labels are printed on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form.addRow(hint(tr("setup.labels_hint"), self))
        choices = [(key, tr(f"setup.label_layout.{key}"))
                   for key in library_setup.LABEL_LAYOUTS]
        self.layout_box = self.field("label_layout", tr("setup.label_layout"),
                                     choice_box(self, choices), tr("setup.label_layout_tip"))

    def load(self, values: dict[str, Any]) -> None:
        select(self.layout_box, values["label_layout"])

    def values(self) -> dict[str, Any]:
        return {"label_layout": self.layout_box.currentData()}

