"""The collection tab (Krājums): search as you type, the titles with copy counts, and the
chosen title's copies (who has them) and attachments; the collection's tools in a menu."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.i18n.dates import numeric_date
from rozupe_desk.services.branches.branches import several_branches
from rozupe_desk.services.circulation import fingerprints
from rozupe_desk.services.collection import catalog, heritage
from rozupe_desk.ui.catalog import tools
from rozupe_desk.ui.catalog.common import MessageLine, choose_file, status_text, type_text
from rozupe_desk.ui.catalog.forms import CopyDialog, TitleDialog
from rozupe_desk.ui.catalog.lookup import LookupDialog
from rozupe_desk.ui.catalog.transit_dialog import TransitDialog
from rozupe_desk.ui.columns import fit_columns
from rozupe_desk.ui.table_model import Column, LazyTableModel
from rozupe_desk.ui.watch import Watch

PREVIEW_SIZE = 110  # px, the photo preview beside the attachments
SEARCH_DELAY_MS = 180  # typing pauses this long before the search runs
COLUMNS = [
    Column("title", "catalog.col_title"),
    Column("authors", "catalog.col_authors"),
    Column("year", "catalog.col_year", align_right=True),
    Column("document_type", "catalog.col_type", formatter=type_text),
    Column("copies", "catalog.col_copies", sortable=False, align_right=True),
    Column("available", "catalog.col_available", sortable=False, align_right=True),
    Column("on_loan", "catalog.col_on_loan", sortable=False, align_right=True),
]
# The short "Inventāra nr." leaves the narrow panel room for the shelf and status; the
# branch, where there are branches, is shown beside the status.
COPY_HEADERS = ("lvw.catalog.col_barcode", "catalog.col_status", "catalog.field_shelf",
                "catalog.field_price", "catalog.field_acquired", "catalog.col_borrower",
                "catalog.col_due", "branches.field")
BRANCH_COLUMN = len(COPY_HEADERS) - 1


class CatalogTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogTab")
        self._query = ""
        self._title_id: int | None = None
        self._copies: list[catalog.CopyInfo] = []
        # Another desk lending or taking back a copy of the title shown (ui/watch.py).
        self.copies_watch = Watch(self, lambda key: fingerprints.copies_fingerprint(title_id=key))
        self.copies_watch.changed.connect(self._copies_changed)

        self.search = QLineEdit(self)
        self.search.setObjectName("catalogSearch")
        self.search.setPlaceholderText(tr("catalog.search_placeholder"))
        self.search.setClearButtonEnabled(True)
        self.heritage_only = QCheckBox(tr("catalog.heritage_only"), self)
        self.heritage_only.setObjectName("heritageOnly")
        self.new_button = QPushButton(tr("catalog.new_title"), self)
        self.new_button.setObjectName("newTitleButton")
        self.lookup_button = QPushButton(tr("lookup.new_copy"), self)
        self.lookup_button.setObjectName("newCopyButton")
        self.lookup_button.setToolTip(tr("lookup.new_copy_tip"))
        self.tools_button = QToolButton(self)
        self.tools_button.setObjectName("catalogTools")
        self.tools_button.setText(tr("catalog.tools"))
        self.tools_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tools_button.setMenu(self._tools_menu())

        self.model = LazyTableModel(COLUMNS, self._fetch, page_size=200, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("catalogTable")
        self.table.setModel(self.model)
        # Sorting only when the librarian clicks a header: `setSortingEnabled` would sort
        # (and query) at once and turn off relevance ranking of searches.
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 150)
        # The title takes what is left; the numbers get their width, not a whole word's.
        fit_columns(self.table, (None, None, "0000", type_text("periodical"), "000", "000",
                                 "000"), stretch=0)

        self.detail = self._detail_panel()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)  # a wider window widens the list, not the detail
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([880, 380])
        self.message = MessageLine(self)
        self.message.setObjectName("catalogMessage")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.heritage_only)
        top.addWidget(self.lookup_button)
        top.addWidget(self.new_button)
        top.addWidget(self.tools_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.heritage_only.toggled.connect(lambda _on: self.run_search())
        self.new_button.clicked.connect(self.new_title)
        self.lookup_button.clicked.connect(lambda _checked=False: self.new_copy())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_title())
        self._loaded = False

    # -- searching --------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.run_search()

    def _fetch(self, offset: int, limit: int, sort_key: str | None, descending: bool):
        try:
            return catalog.search_titles(query=self._query, offset=offset, limit=limit,
                                         sort_key=sort_key, descending=descending,
                                         heritage_only=self.heritage_only.isChecked())
        except DomainError as error:
            self.message.error(str(error))
            return []

    def run_search(self) -> None:
        """Search now for what the field holds; a newer keystroke restarts the timer, and
        the search runs on the GUI thread, so an older query can never land after it."""
        self._timer.stop()
        self._loaded = True
        self._query = self.search.text()
        self.model.reload()
        if self.model.rowCount() > 0:
            self.table.selectRow(0)
        else:
            self.show_title(None)

    def refresh(self, title_id: int | None = None) -> None:
        keep = title_id or self._title_id
        self.run_search()
        if keep is not None:
            self.show_title(keep)

    # -- the chosen title ---------------------------------------------------------------
    def _detail_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setObjectName("titleDetail")
        self.summary = QLabel(panel)
        self.summary.setObjectName("titleSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.copies_table = QTableWidget(0, len(COPY_HEADERS), panel)
        self.copies_table.setObjectName("copiesTable")
        self.copies_table.setHorizontalHeaderLabels([tr(key) for key in COPY_HEADERS])
        self.copies_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.copies_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.copies_table.verticalHeader().hide()
        self.copies_table.verticalHeader().setDefaultSectionSize(
            self.copies_table.fontMetrics().height() + 8)
        self.copies_table.horizontalHeader().setStretchLastSection(True)
        self.copies_table.horizontalHeader().moveSection(BRANCH_COLUMN, 2)
        self.copies_table.doubleClicked.connect(lambda _index: self.edit_copy())

        title_buttons = QHBoxLayout()
        self.edit_button = self._button(panel, "catalog.edit_title", self.edit_title,
                                        title_buttons)
        title_buttons.addStretch(1)
        buttons = QHBoxLayout()  # the copies' own row, under their table
        self.add_copy_button = self._button(panel, "catalog.new_copy", self.add_copy, buttons)
        self.edit_copy_button = self._button(panel, "catalog.edit_copy", self.edit_copy, buttons)
        self.status_button = QToolButton(panel)
        self.status_button.setText(tr("catalog.set_status"))
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        status_menu = QMenu(self.status_button)
        for status in catalog.MANUAL_STATUSES:
            action = status_menu.addAction(status_text(status))
            action.triggered.connect(lambda _checked=False, s=status: self.set_status(s))
        self.status_button.setMenu(status_menu)
        buttons.addStretch(1)
        # The status gets its own row, so the panel stays narrow and the titles get the room.
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_button)
        status_row.addStretch(1)

        self.attachments = QListWidget(panel)
        self.attachments.setObjectName("attachmentsList")
        self.attachments.setMaximumHeight(110)
        self.attachments.itemDoubleClicked.connect(self._open_attachment)
        self.attachments.currentItemChanged.connect(self._preview_attachment)
        self.preview = QLabel(panel)
        self.preview.setObjectName("attachmentPreview")
        self.preview.setFixedHeight(PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        attach_buttons = QHBoxLayout()
        self._button(panel, "catalog.attach_add", self.add_attachment, attach_buttons)
        self._button(panel, "catalog.attach_open", self._open_attachment, attach_buttons)
        self._button(panel, "catalog.attach_remove", self.remove_attachment, attach_buttons)
        attach_buttons.addStretch(1)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(title_buttons)
        layout.addWidget(self.copies_table, 1)
        layout.addLayout(buttons)
        layout.addLayout(status_row)
        self.attachments_label = QLabel(tr("catalog.attachments"), panel)
        layout.addWidget(self.attachments_label)
        attached = QHBoxLayout()
        attached.addWidget(self.attachments, 1)
        attached.addWidget(self.preview)
        layout.addLayout(attached)
        layout.addLayout(attach_buttons)
        return panel

    @staticmethod
    def _button(parent: QWidget, key: str, slot, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(tr(key), parent)
        button.clicked.connect(lambda _checked=False: slot())
        layout.addWidget(button)
        return button

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_title(self.model.row_data(current.row())["id"])

    def _copies_changed(self) -> None:
        row = self.copies_table.currentRow()
        self.show_title(self._title_id)
        if 0 <= row < self.copies_table.rowCount():
            self.copies_table.selectRow(row)

    def show_title(self, title_id: int | None) -> None:
        self._title_id = title_id
        self.copies_watch.follow(title_id)
        self.detail.setEnabled(title_id is not None)
        self.copies_table.setRowCount(0)
        self.attachments.clear()
        self.preview.clear()
        if title_id is None:
            self.summary.setText(tr("catalog.nothing_found") if self._query else "")
            return
        try:
            info = catalog.get_title(title_id=title_id)
        except DomainError as error:
            self.message.error(str(error))
            return
        v = info.values
        lines = [f"<b style='font-size:13pt'>{_html(v.title)}</b>"]
        if v.authors:
            lines.append(_html(v.authors))
        facts = [type_text(v.document_type), v.publisher, str(v.year or ""),
                 f"ISBN {v.isbn}" if v.isbn else "", f"ISSN {v.issn}" if v.issn else "",
                 f"{tr('catalog.field_udc')} {v.udc}" if v.udc else "",
                 tr("catalog.heritage_mark") if v.heritage else ""]
        lines.append(_html(" · ".join(f for f in facts if f)))
        self.summary.setText("<br>".join(lines))
        self._copies = info.copies
        self.copies_table.setRowCount(len(info.copies))
        for row, copy in enumerate(info.copies):
            cells = (copy.barcode, status_text(copy.status), copy.shelf,
                     catalog.format_price(copy.price_cents), numeric_date(copy.acquired_on),
                     copy.borrower, numeric_date(copy.due_on),
                     tr("branches.copy_in_transit", name=copy.branch) if copy.in_transit
                     else copy.branch)
            for column, text in enumerate(cells):
                self.copies_table.setItem(row, column, QTableWidgetItem(text))
        # The branch column only where there are branches to tell apart.
        self.copies_table.setColumnHidden(BRANCH_COLUMN, not several_branches())
        self.copies_table.resizeColumnsToContents()
        for attachment in heritage.attachments(title_id=title_id):
            text = attachment.file_name + (f" — {attachment.caption}" if attachment.caption
                                           else "")
            item = QListWidgetItem(text, self.attachments)
            item.setData(Qt.ItemDataRole.UserRole, attachment.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, str(attachment.path))
            item.setData(Qt.ItemDataRole.UserRole + 2, attachment.kind)
        if self.attachments.count():
            self.attachments.setCurrentRow(0)

    def _selected_copy(self) -> catalog.CopyInfo | None:
        row = self.copies_table.currentRow()
        if 0 <= row < len(self._copies):
            return self._copies[row]
        self.message.error(tr("catalog.choose_copy"))
        return None

    # -- actions ------------------------------------------------------------------------
    def new_title(self) -> TitleDialog:
        dialog = TitleDialog(self)
        dialog.on_saved = self._title_saved
        dialog.open()
        return dialog

    def new_copy(self) -> LookupDialog:
        """A new book: its record from the union catalogues, then the copy (issue 17)."""
        dialog = LookupDialog(self)
        dialog.saved.connect(self._title_saved)
        dialog.open()
        return dialog

    def edit_title(self) -> TitleDialog | None:
        if self._title_id is None:
            return None
        dialog = TitleDialog(self, title_id=self._title_id)
        dialog.on_saved = self._title_saved
        dialog.open()
        return dialog

    def _title_saved(self, title_id: int) -> None:
        self.message.ok(tr("catalog.title_saved"))
        self.refresh(title_id)

    def add_copy(self) -> CopyDialog | None:
        if self._title_id is None:
            return None
        dialog = CopyDialog(self, title_id=self._title_id)
        dialog.on_saved = lambda _id: self._copy_saved()
        dialog.open()
        return dialog

    def edit_copy(self) -> CopyDialog | None:
        copy = self._selected_copy()
        if copy is None or self._title_id is None:
            return None
        dialog = CopyDialog(self, title_id=self._title_id, copy=copy)
        dialog.on_saved = lambda _id: self._copy_saved()
        dialog.open()
        return dialog

    def _copy_saved(self) -> None:
        self.message.ok(tr("catalog.copy_saved"))
        self.refresh()

    def set_status(self, status: str) -> None:
        copy = self._selected_copy()
        if copy is None:
            return
        try:
            catalog.set_copy_status(item_id=copy.id, status=status)
        except DomainError as error:
            self.message.error(str(error))
            return
        self.message.ok(tr("catalog.status_set", barcode=copy.barcode,
                           status=status_text(status)))
        self.refresh()

    def add_attachment(self) -> None:
        if self._title_id is None:
            return
        title_id = self._title_id

        def attach(path: str) -> None:
            try:
                heritage.add_attachment(title_id=title_id, source=path)
            except DomainError as error:
                self.message.error(str(error))
                return
            self.message.ok(tr("catalog.attached"))
            self.show_title(title_id)

        choose_file(self, caption_key="catalog.attach_add", filter_key="catalog.filter_any",
                    save=False, on_chosen=attach)

    def _open_attachment(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.attachments.currentItem()
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole + 1)))

    def _preview_attachment(self, item: QListWidgetItem | None, _previous=None) -> None:
        self.preview.clear()
        if item is None or item.data(Qt.ItemDataRole.UserRole + 2) != "photo":
            return
        picture = QPixmap(item.data(Qt.ItemDataRole.UserRole + 1))
        if not picture.isNull():
            self.preview.setPixmap(picture.scaled(
                PREVIEW_SIZE * 3 // 2, PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))

    def remove_attachment(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        try:
            heritage.remove_attachment(attachment_id=item.data(Qt.ItemDataRole.UserRole))
        except DomainError as error:
            self.message.error(str(error))
            return
        self.show_title(self._title_id)

    def _tools_menu(self) -> QMenu:
        menu = QMenu(self)
        for key, slot in (("catalog.import", lambda: tools.import_items(self)),
                          ("catalog.export", lambda: tools.export_items(self)),
                          ("catalog.stocktake", lambda: tools.StocktakeDialog(self).open()),
                          ("catalog.discard", lambda: tools.DiscardDialog(self).open()),
                          ("catalog.labels", lambda: tools.LabelsDialog(
                              self, title_id=self._title_id).open()),
                          ("catalog.heritage_list", lambda: tools.heritage_list(self)),
                          ("branches.transit_menu", lambda: TransitDialog(self).open())):
            action = menu.addAction(tr(key))
            action.setObjectName(key.replace(".", "_"))
            action.triggered.connect(lambda _checked=False, run=slot: run())
        return menu


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
