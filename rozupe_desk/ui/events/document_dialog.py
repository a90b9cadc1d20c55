"""Poster and flyer for one event: choose the paper and the design, see the page as it
will print, save it as PDF."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services.events import event_documents
from rozupe_desk.services.events.events import EventView
from rozupe_desk.text import fold
from rozupe_desk.ui.events import files

DOCUMENTS = ("poster_a4", "poster_a3", "flyer")
PREVIEW_SIZE = 520


def safe_file_name(text: str) -> str:
    """`pasaku-rits` from "Pasaku rīts": no diacritics or punctuation in a file name."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:50] or "pasakums"


class DocumentDialog(QDialog):
    def __init__(self, parent: QWidget | None, event: EventView,
                 document: str = "poster_a4") -> None:
        super().__init__(parent)
        self.setObjectName("posterDialog")
        self.shown_event = event
        self.setWindowTitle(tr("events.ui.poster_title", title=event.title))
        self._folder = tempfile.TemporaryDirectory(prefix="rozupe-poster-")
        self.last_saved: Path | None = None

        self.document_combo = QComboBox(self)
        self.document_combo.setObjectName("documentKind")
        for name in DOCUMENTS:
            self.document_combo.addItem(tr(f"events.ui.document.{name}"), name)
        self.document_combo.setCurrentIndex(DOCUMENTS.index(document))
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("documentTemplate")
        self.template_combo.addItem(tr("events.ui.template.auto"), None)
        for name in event_documents.TEMPLATES:
            self.template_combo.addItem(tr(f"events.ui.template.{name}"), name)
        self.preview = QLabel(self)
        self.preview.setObjectName("documentPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_SIZE, PREVIEW_SIZE)
        self.message = QLabel(self)
        self.message.setObjectName("documentMessage")
        self.message.setWordWrap(True)
        save = QPushButton(tr("events.ui.save_pdf_button"), self)
        save.setObjectName("documentSave")
        save.setDefault(True)
        save.clicked.connect(self.choose_target)
        close = QPushButton(tr("events.ui.close"), self)
        close.clicked.connect(self.accept)

        form = QFormLayout()
        form.addRow(tr("events.ui.document"), self.document_combo)
        form.addRow(tr("events.ui.template"), self.template_combo)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.document_combo.currentIndexChanged.connect(self.refresh_preview)
        self.template_combo.currentIndexChanged.connect(self.refresh_preview)
        self.finished.connect(lambda _result: self._folder.cleanup())
        self.refresh_preview()

    @property
    def document(self) -> str:
        return self.document_combo.currentData()

    @property
    def template(self) -> str | None:
        return self.template_combo.currentData()

    def write(self, target: str | Path) -> Path:
        if self.document == "flyer":
            return event_documents.make_flyer(event_id=self.shown_event.id, target=target,
                                              template=self.template)
        size = "A3" if self.document == "poster_a3" else "A4"
        return event_documents.make_poster(event_id=self.shown_event.id, target=target, size=size,
                                           template=self.template)

    def refresh_preview(self) -> None:
        try:
            path = self.write(Path(self._folder.name) / "preview.pdf")
        except DomainError as error:
            self.message.setText(str(error))
            return
        document = QPdfDocument(self)
        document.load(str(path))
        points = document.pagePointSize(0)
        # Fit the page in a square box: a portrait poster and a landscape flyer sheet alike.
        scale = PREVIEW_SIZE / max(points.width(), points.height(), 1)
        image = document.render(0, QSize(int(points.width() * scale),
                                         int(points.height() * scale)))
        document.close()
        self.preview.setPixmap(QPixmap.fromImage(image))

    def choose_target(self) -> None:
        name = f"{self.document.split('_')[0]}-{safe_file_name(self.shown_event.title)}.pdf"
        files.ask_save_pdf(self, name, self.save_to)

    def save_to(self, target: str) -> None:
        try:
            path = self.write(target)
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.last_saved = path
        self.message.setText(tr("events.ui.saved", path=path))
        files.open_file(path)
