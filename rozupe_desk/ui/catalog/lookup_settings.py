"""Iestatījumi → Kopkatalogi: the catalogues the look-up asks, in order (issue 17).

A table, one catalogue a row, edited in place; rows are added empty or from the presets
(only servers whose addresses their own documentation gives), removed and moved up or
down. The service checks the rows when the dialog saves.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.i18n import tr
from rozupe_desk.services.collection.lookup import servers
from rozupe_desk.ui.setup_fields import Section, hint

# (server field, header id); protocol and record schema are chosen from a list.
COLUMNS = (("name", "lookup.server_name"), ("url", "lookup.server_url"),
           ("protocol", "lookup.server_protocol"), ("database", "lookup.server_database"),
           ("record_schema", "lookup.server_schema"), ("charset", "lookup.server_charset"),
           ("timeout", "lookup.server_timeout"))
CHOICES = {"protocol": servers.PROTOCOLS, "record_schema": servers.SCHEMAS}


class ServersSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form.addRow(hint(tr("lookup.servers_hint"), self))
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(COLUMNS), holder)
        self.table.setObjectName("lookupServersTable")
        self.table.setToolTip(tr("lookup.servers_table_tip"))
        self.table.setHorizontalHeaderLabels([tr(key) for _field, key in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:  # Qt's own select-all button, hidden with the row numbers
            corner.setToolTip(tr("lookup.servers_table_tip"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        # Wide enough for a name, an address and each header; the rest scrolls sideways.
        for index, sample in enumerate(("Library of Congress (SRU)",
                                         "http://lx2.loc.gov:210/LCDB", "Z39.50 ▾",
                                         "LCDB_MARC8", "marcxml ▾", "utf-8", "120")):
            header_text = tr(COLUMNS[index][1])
            header.resizeSection(index, max(metrics.horizontalAdvance(sample),
                                             metrics.horizontalAdvance(header_text)) + 28)
        self.table.setMinimumHeight(220)
        buttons = QHBoxLayout()
        self.add_button = self._button(holder, "lookup.server_add", self.add_row, buttons)
        self.preset_button = QToolButton(holder)
        self.preset_button.setObjectName("lookupPresets")
        self.preset_button.setText(tr("lookup.server_presets"))
        self.preset_button.setToolTip(tr("lookup.server_presets_tip"))
        self.preset_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.preset_button)
        for preset in servers.PRESETS:
            action = menu.addAction(preset.name)
            action.triggered.connect(lambda _checked=False, p=preset: self.add_row(
                p.as_setting()))
        self.preset_button.setMenu(menu)
        buttons.addWidget(self.preset_button)
        self._button(holder, "lookup.server_remove", self.remove_row, buttons)
        self._button(holder, "lookup.server_up", lambda: self.move_row(-1), buttons)
        self._button(holder, "lookup.server_down", lambda: self.move_row(1), buttons)
        buttons.addStretch(1)
        column.addWidget(self.table)
        column.addLayout(buttons)
        column.addWidget(self.error_label("lookup_servers", holder))
        self.form.addRow(holder)

    @staticmethod
    def _button(parent: QWidget, key: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(tr(key), parent)
        button.setObjectName(key.replace(".", "_"))
        button.setToolTip(tr(f"{key}_tip"))
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    def add_row(self, values: dict[str, Any] | None = None) -> None:
        values = values or {"protocol": "sru", "record_schema": "marcxml", "charset": "utf-8",
                            "timeout": servers.DEFAULT_TIMEOUT}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (field, _key) in enumerate(COLUMNS):
            if field in CHOICES:
                box = QComboBox(self.table)
                box.setToolTip(tr(f"lookup.server_{field}_tip"))
                box.setEditable(field == "record_schema")  # a server may name its own
                for choice in CHOICES[field]:
                    box.addItem(tr(f"lookup.protocol_{choice}") if field == "protocol"
                                else choice, choice)
                value = str(values.get(field) or CHOICES[field][0])
                index = box.findData(value)
                if index >= 0:
                    box.setCurrentIndex(index)
                else:
                    box.setEditText(value)
                self.table.setCellWidget(row, column, box)
            else:
                value = values.get(field, "")
                text = f"{value:g}" if isinstance(value, float) else str(value or "")
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setCurrentCell(row, 0)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        rows = self.rows()
        target = row + step
        if row < 0 or not 0 <= target < len(rows):
            return
        rows[row], rows[target] = rows[target], rows[row]
        self._fill(rows)
        self.table.setCurrentCell(target, 0)

    def rows(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for column, (field, _key) in enumerate(COLUMNS):
                widget = self.table.cellWidget(row, column)
                if isinstance(widget, QComboBox):
                    index = widget.findText(widget.currentText())
                    values[field] = (widget.itemData(index) if index >= 0
                                     else widget.currentText().strip())
                else:
                    item = self.table.item(row, column)
                    values[field] = item.text().strip() if item is not None else ""
            with suppress(ValueError):  # else left as typed: the service names the row
                values["timeout"] = float(values["timeout"].replace(",", "."))
            result.append(values)
        return result

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)
        self.table.horizontalScrollBar().setValue(0)

    def load(self, values: dict[str, Any]) -> None:
        stored = values.get("lookup_servers")
        self._fill([servers.PRESETS[0].as_setting()] if stored is None else list(stored))

    def values(self) -> dict[str, Any]:
        return {"lookup_servers": self.rows()}
