"""The title form and the copy form, each a dialog that saves through the catalogue service
and shows a refusal inside itself, staying open so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.i18n.dates import numeric_date
from rozupe_desk.services.collection import catalog
from rozupe_desk.ui.catalog.common import MessageLine, type_text

DOCUMENT_TYPES = ("book", "periodical", "audiovisual", "e_resource", "game", "other")
AUDIENCES = ("adult", "children")
SOURCES = ("purchase", "gift", "central_library", "other")


class _FormDialog(QDialog):
    """A form of line edits and combos; `save(values)` returns an id or raises DomainError."""

    def __init__(self, parent: QWidget | None, title_key: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(title_key))
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.message = MessageLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("catalog.save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("catalog.cancel"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.edits: dict[str, QLineEdit | QComboBox | QCheckBox | QPlainTextEdit] = {}
        self.saved_id: int | None = None
        self.on_saved: Callable[[int], None] | None = None

    def add_line(self, key: str, label_key: str, value: str = "") -> QLineEdit:
        edit = QLineEdit(str(value), self)
        edit.setObjectName(f"field_{key}")
        self.form.addRow(tr(label_key), edit)
        self.edits[key] = edit
        return edit

    def add_choice(self, key: str, label_key: str, choices: tuple[str, ...],
                   text: Callable[[str], str], value: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"field_{key}")
        for choice in choices:
            combo.addItem(text(choice), choice)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        self.form.addRow(tr(label_key), combo)
        self.edits[key] = combo
        return combo

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, edit in self.edits.items():
            if isinstance(edit, QComboBox):
                result[key] = edit.currentData()
            elif isinstance(edit, QCheckBox):
                result[key] = edit.isChecked()
            elif isinstance(edit, QPlainTextEdit):
                result[key] = edit.toPlainText()
            else:
                result[key] = edit.text()
        return result

    def save(self, values: dict[str, Any]) -> int:
        raise NotImplementedError

    def _save(self) -> None:
        try:
            self.saved_id = self.save(self.values())
        except DomainError as error:
            self.message.error(str(error))
            return
        if self.on_saved is not None:
            self.on_saved(self.saved_id)
        self.accept()


class TitleDialog(_FormDialog):
    def __init__(self, parent: QWidget | None, *, title_id: int | None = None) -> None:
        super().__init__(parent, "catalog.edit_title" if title_id else "catalog.new_title")
        self.setObjectName("titleDialog")
        self.title_id = title_id
        v = catalog.get_title(title_id=title_id).values if title_id else catalog.TitleValues("")
        self.add_line("title", "catalog.field_title", v.title)
        self.add_line("authors", "catalog.field_authors", v.authors).setPlaceholderText(
            tr("catalog.authors_hint"))
        self.add_line("isbn", "catalog.field_isbn", v.isbn)
        self.add_line("issn", "catalog.field_issn", v.issn)
        self.add_line("publisher", "catalog.field_publisher", v.publisher)
        self.add_line("year", "catalog.field_year", "" if v.year is None else str(v.year))
        self.add_line("language", "catalog.field_language", v.language)
        self.add_choice("document_type", "catalog.field_type", DOCUMENT_TYPES, type_text,
                        v.document_type)
        self.add_line("udc", "catalog.field_udc", v.udc)
        self.add_choice("audience", "catalog.field_audience", AUDIENCES,
                        lambda a: tr(f"catalog.audience_{a}"), v.audience)
        self.add_line("subjects", "catalog.field_subjects", v.subjects)
        heritage = QCheckBox(tr("catalog.field_heritage"), self)
        heritage.setObjectName("field_heritage")
        heritage.setChecked(bool(v.heritage))
        self.form.addRow("", heritage)
        self.edits["heritage"] = heritage

    def save(self, values: dict[str, Any]) -> int:
        return catalog.save_title(values=values, title_id=self.title_id)


class CopyDialog(_FormDialog):
    def __init__(self, parent: QWidget | None, *, title_id: int,
                 copy: catalog.CopyInfo | None = None) -> None:
        super().__init__(parent, "catalog.edit_copy" if copy else "catalog.new_copy")
        self.setObjectName("copyDialog")
        self.title_id = title_id
        self.copy = copy
        self.add_line("barcode", "catalog.field_barcode", copy.barcode if copy else "")
        self.add_line("acquired_on", "catalog.field_acquired",
                      numeric_date(copy.acquired_on) if copy else "").setPlaceholderText(
            tr("catalog.date_hint"))
        self.add_choice("source", "catalog.field_source", SOURCES,
                        lambda s: tr(f"catalog.source_{s}"), copy.source if copy else "purchase")
        self.add_line("price", "catalog.field_price",
                      catalog.format_price(copy.price_cents) if copy else "")
        self.add_line("shelf", "catalog.field_shelf", copy.shelf if copy else "")
        self.add_line("notes", "catalog.field_notes", copy.notes if copy else "")

    def save(self, values: dict[str, Any]) -> int:
        if self.copy is None:
            return catalog.add_copy(title_id=self.title_id, values=values)
        catalog.update_copy(item_id=self.copy.id, values=values)
        return self.copy.id
