"""`offlineRegister`: a new reader while the server is away - the few fields the desk needs
(the full form waits for the server: its checks need the database)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.offline.link import DeskLink
from rozupe_desk.services.readers.patron_fields import PATRON_CATEGORIES, FieldErrors, PatronFields

ERROR_STYLE = "color: #b00020;"


class OfflineRegisterDialog(QDialog):
    def __init__(self, parent: QWidget | None, link: DeskLink) -> None:
        super().__init__(parent)
        self.setObjectName("offlineRegister")
        self.setWindowTitle(tr("offline.register.window"))
        self.link = link
        self.card: str | None = None  # her card number once registered
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in ("first_name", "last_name", "birth", "guardian_card"):
            field = QLineEdit(self)
            field.setObjectName(f"offline_{name}")
            self.inputs[name] = field
            form.addRow(tr(f"patrons.field.{name}"), field)
        self.inputs["birth"].setPlaceholderText(tr("patrons.birth_placeholder"))
        self.category = QComboBox(self)
        self.category.setObjectName("offline_category")
        for key in PATRON_CATEGORIES:
            self.category.addItem(tr(f"patrons.category.{key}"), key)
        self.category.setCurrentIndex(self.category.findData(PatronFields.category))
        form.addRow(tr("patrons.field.category"), self.category)
        self.consent_data = QCheckBox(tr("patrons.field.consent_data"), self)
        self.consent_data.setObjectName("offline_consent_data")
        self.error = QLabel(self)
        self.error.setObjectName("offlineRegisterError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(self)
        save = buttons.addButton(tr("offline.register.save"),
                                 QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("offlineRegisterSave")
        save.setDefault(True)
        buttons.addButton(tr("offline.register.cancel"),
                          QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.consent_data)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def fields(self) -> PatronFields:
        text = {name: field.text().strip() for name, field in self.inputs.items()}
        return PatronFields(category=self.category.currentData(),
                            consent_data=self.consent_data.isChecked(), **text)

    def save(self) -> None:
        try:
            self.card = self.link.register(fields=self.fields())
        except FieldErrors as errors:
            self.error.setText(errors.message)
            return
        except (DomainError, OSError) as error:
            self.error.setText(str(error))
            return
        self.accept()
