"""The circulation desk (Izsniegšana): one scan field, the reader, the loans, a message."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import tr


class DeskTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskTab")
        self.scan_input = QLineEdit(self)
        self.scan_input.setObjectName("scanInput")
        self.scan_input.setPlaceholderText(tr("desk.scan_placeholder"))
        self.scan_input.setToolTip(tr("desk.scan_tooltip"))
        font = self.scan_input.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.scan_input.setFont(font)

        self.patron_panel = QFrame(self)
        self.patron_panel.setObjectName("patronPanel")
        self.patron_panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel_layout = QVBoxLayout(self.patron_panel)
        self.patron_label = QLabel(tr("desk.no_patron"), self.patron_panel)
        self.patron_label.setWordWrap(True)
        panel_layout.addWidget(self.patron_label)
        panel_layout.addStretch(1)

        self.loans_table = QTableView(self)
        self.loans_table.setObjectName("loansTable")

        self.message_bar = QLabel(tr("desk.ready"), self)
        self.message_bar.setObjectName("messageBar")
        self.message_bar.setMinimumHeight(36)

        body = QHBoxLayout()
        body.addWidget(self.patron_panel, 1)
        body.addWidget(self.loans_table, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scan_input)
        layout.addLayout(body, 1)
        layout.addWidget(self.message_bar)

    def focus_scan(self) -> None:
        self.scan_input.setFocus()
