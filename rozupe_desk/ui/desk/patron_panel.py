"""`patronPanel`: who is at the desk - name, card, age group, family, missing consents,
loans, overdue copies and the holds waiting for her."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from rozupe_desk.i18n import tr


class PatronPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patronPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(260)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("patronName")
        self.name_label.setWordWrap(True)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name_label.setFont(font)
        self.details = QLabel(self)
        self.details.setObjectName("patronDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(self.details, 1)
        self.show_nobody()

    def show_nobody(self) -> None:
        self.name_label.setText(tr("desk.no_patron"))
        self.details.setText(escape(tr("desk.panel.hint")))

    def show_reader(self, panel) -> None:
        """Fill in from a `services.circulation.desk.ReaderPanel`."""
        self.name_label.setText(panel.name)
        age = (tr(f"desk.age_group.{panel.age_group}") if panel.age is None else
               tr(f"desk.age_group_years.{panel.age_group}", years=panel.age))
        lines = [tr("desk.panel.card", card=panel.card_number),
                 tr("desk.panel.age", age=age) if panel.category == "other" else
                 tr("desk.panel.age_category", age=age,
                    category=tr(f"desk.category.{panel.category}"))]
        html = [escape(line) for line in lines]
        if panel.blocked:
            html.append(_strong(tr("desk.panel.blocked"), "#a11a1a"))
        if panel.family:
            html.append(escape(tr("desk.panel.family", names=", ".join(panel.family))))
        if panel.consents_missing:
            missing = ", ".join(tr(key) for key in panel.consents_missing)
            html.append(_strong(tr("desk.panel.consents_missing", what=missing), "#8a5a00"))
        if panel.id:  # id 0: offline, from this PC's copy of the readers, without loans
            html.append(escape(tr("desk.panel.loans", count=panel.loans)))
        if panel.overdue:
            html.append(_strong(tr("desk.panel.overdue", count=panel.overdue), "#a11a1a"))
        if panel.holds_ready:
            html.append(_strong(tr("desk.panel.holds_ready", titles="; ".join(panel.holds_ready)),
                                "#1d5e20"))
        if panel.holds_waiting:
            html.append(escape(tr("desk.panel.holds_waiting", count=panel.holds_waiting)))
        for reading in panel.reading:
            html.append(_strong(tr("programmes.desk.progress", programme=reading.programme,
                                   group=reading.group, read=reading.read,
                                   total=reading.total), "#1d4e89"))
            if reading.on_shelf:
                html.append(escape(tr("programmes.desk.on_shelf",
                                      titles="; ".join(reading.on_shelf))))
        if panel.notes:
            html.append(escape(tr("desk.panel.notes", notes=panel.notes)))
        self.details.setText("<br>".join(html))


def _strong(text: str, colour: str) -> str:
    return f'<b style="color:{colour}">{escape(text)}</b>'
