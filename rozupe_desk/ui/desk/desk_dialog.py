"""A question or notice at the desk that a scanner cannot answer by accident.

Enter takes the default button and Esc the other, as in any dialog; but the buttons never
take the focus, and what a scanner types while the dialog is open (a code, then Enter) is
kept, closes the dialog with `SCANNED` and goes back to the desk's queue, so a fast scanner
neither confirms a question nor loses a code.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

SCANNED = 2  # the dialog's result when a code was scanned into it
_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
              | Qt.KeyboardModifier.MetaModifier)


class DeskDialog(QDialog):
    def __init__(self, parent: QWidget, *, name: str, title: str, text: str, accept_text: str,
                 reject_text: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.scanned = ""
        label = QLabel(text, self)
        label.setObjectName("deskDialogText")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        label.setFont(font)
        label.setMinimumWidth(label.fontMetrics().averageCharWidth() * 60)
        self.accept_button = QPushButton(accept_text, self)
        self.accept_button.setObjectName("deskDialogAccept")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept)
        self.reject_button = QPushButton(reject_text, self)
        self.reject_button.setObjectName("deskDialogReject")
        self.reject_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.accept_button, self.reject_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys reach keyPressEvent below
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()  # the keys come here, not to the scan field behind
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Tab and self.scanned.strip():  # a scanner's other end
            self.done(SCANNED)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.scanned.strip():
                self.done(SCANNED)
            else:
                self.accept()
            return
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & _MODIFIERS:
            self.scanned += text
            return
        super().keyPressEvent(event)  # Esc rejects
