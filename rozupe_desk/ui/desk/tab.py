"""The circulation desk (Izsniegšana): one scan field, the reader, her loans, one message.

A scanner types the code and Enter into `scanInput`; every code goes into a queue and is
handled in order, so a fast scanner never loses one. The answer is one coloured line in
`messageBar` (green done, amber notice, red refused) whose words say it all. Ordinary work
needs no mouse: F6 renew, F7 take the offered action, Ctrl+Z undo, F8 visit, F9 reference
question (Shift: a child), Ctrl+P loan slip, F5 reload the overdue list, Esc clear; the keys
come from the one list in `ui/shortcuts.py`.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk import config
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.i18n.people import reader
from rozupe_desk.services.circulation import circulation, desk, fingerprints, visits
from rozupe_desk.services.offline import start
from rozupe_desk.services.offline.link import ComeBack, DeskLink, OfflineScan
from rozupe_desk.ui.columns import fit_columns
from rozupe_desk.ui.desk.desk_dialog import SCANNED, DeskDialog
from rozupe_desk.ui.desk.holds_view import HoldsView
from rozupe_desk.ui.desk.loans_model import LoansModel
from rozupe_desk.ui.desk.overdue import OverdueView
from rozupe_desk.ui.desk.patron_panel import PatronPanel
from rozupe_desk.ui.offline.refusals import RefusalsDialog
from rozupe_desk.ui.offline.register_dialog import OfflineRegisterDialog
from rozupe_desk.ui.offline.watch import ServerWatch
from rozupe_desk.ui.programmes.register_dialog import RegisterDialog
from rozupe_desk.ui.shortcuts import shortcuts
from rozupe_desk.ui.tasks import BackgroundTask
from rozupe_desk.ui.watch import Watch

log = logging.getLogger(__name__)

LEVEL_STYLES = {
    desk.OK: "background:#dcf3dc; color:#14501a; border:1px solid #7cbf81;",
    desk.NOTICE: "background:#fff0c2; color:#5e4300; border:1px solid #d9b44a;",
    desk.REFUSAL: "background:#f9d3d3; color:#7d0f0f; border:1px solid #d77b7b;",
}
CHECKPOINT_EVERY_MS = 20_000
LEVEL_MARKS = {desk.OK: "✔", desk.NOTICE: "!", desk.REFUSAL: "✖"}


class ScanField(QLineEdit):
    """The scan field; leaves Ctrl+Z to the desk's undo (it is empty between scans), and
    takes a Tab after a code as its end (some scanners are set to send Tab, not Enter)."""

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab
                and self.text().strip()):
            self.returnPressed.emit()
            return True
        if (event.type() == QEvent.Type.ShortcutOverride and not self.text()
                and QKeySequence(event.keyCombination()) in shortcuts("desk.undo")):
            event.ignore()
            return False
        return super().event(event)


class MessageBar(QLabel):
    """`messageBar`: one message of up to two lines, never clipped. A steady height (and a
    hidden button that keeps its place) lets a new message repaint the bar without laying
    the whole tab out again; the height is measured on two lines of Latvian capitals with
    their accents, again whenever the font or the style changes."""

    TWO_LINES = "ĒĢŠĶ\nģļņ"

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setWordWrap(True)
        self.setMargin(6)

    def fit_two_lines(self) -> None:
        shown = self.text()
        self.setText(self.TWO_LINES)
        height = self.heightForWidth(max(self.width(), 400))
        self.setText(shown)
        self.setFixedHeight(height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The settings' font size; a level's style sheet (its border is measured too).
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_two_lines()


class DeskTab(QWidget):
    scanned = Signal(object)  # the ScanResult (offline: OfflineScan) of each handled code
    offline_changed = Signal(bool)  # the server was lost (True) or is back (False)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskTab")
        self.patron_id: int | None = None
        self.offer: desk.Offer | None = None
        self.open_files = True  # tests turn off opening the slip in a PDF viewer
        self.last_slip: Path | None = None
        self.last_hold_slip: Path | None = None
        self.dialog: DeskDialog | None = None  # the question or notice open now (tests)
        self._overdue_seen: int | None = None  # the reader whose overdue copies were confirmed
        self._queue: deque[str] = deque()
        self._draining = False
        # On a server: offline into the journal while it cannot be reached (services/offline).
        self.link = DeskLink(offline=start.started_offline())
        self.offline_card: str | None = None  # the reader loaded while offline
        self.offline_shown = False  # the window says "offline" (the banner)
        self._shown_card: str | None = None
        self.refusals: RefusalsDialog | None = None
        self.watch = ServerWatch(self.link, self)
        self.watch.returned.connect(self._came_back)
        self.watch.start()
        # Today's tally reads every loan of the day: at municipality scale that is a
        # quarter of a second, so it runs off the GUI thread, a moment after the last scan.
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(700)
        self._counts_timer.timeout.connect(self._count_in_background)
        self._counts_task: BackgroundTask | None = None
        self._checkpoint_timer = QTimer(self)
        self._checkpoint_timer.setInterval(CHECKPOINT_EVERY_MS)
        self._checkpoint_timer.timeout.connect(self._checkpoint_in_background)
        self._checkpoint_task: BackgroundTask | None = None
        if self._call(desk.defer_checkpoints):
            self._checkpoint_timer.start()
        # Another desk lending or taking back this reader's copies: reload (ui/watch.py).
        self.other_desks = Watch(self, lambda key: fingerprints.reader_fingerprint(patron_id=key))
        self.other_desks.changed.connect(lambda: self.refresh_reader(show_loans=False))
        self._build()
        self._build_shortcuts()
        if self.link.offline:  # the window started without the server: not a statement
            self._went_offline()
            self.show_message(desk.NOTICE, tr("offline.banner"))
            return
        self.show_message(desk.OK, tr("desk.ready"))
        self._expire_old_holds()
        self.refresh_counts()

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.scan_input = ScanField(self)
        self.scan_input.setObjectName("scanInput")
        self.scan_input.setPlaceholderText(tr("desk.scan_placeholder"))
        self.scan_input.setToolTip(tr("desk.scan_tooltip"))
        font = self.scan_input.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.scan_input.setFont(font)
        self.scan_input.returnPressed.connect(self._take_scan)

        self.patron_panel = PatronPanel(self)

        self.loans_model = LoansModel(self)
        self.loans_table = QTableView(self)
        self.loans_table.setObjectName("loansTable")
        self.loans_table.setModel(self.loans_model)
        self.loans_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.loans_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.loans_table.setAlternatingRowColors(True)
        self.loans_table.verticalHeader().setVisible(False)
        # Rows are chosen with the mouse; the keyboard (the scanner) stays in the scan field.
        self.loans_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Widths from sample texts: sizing columns to their contents after every
        # scan would read every cell again (most of a scan's repaint time).
        fit_columns(self.loans_table, ("", "00000000000", "00.00.0000.", "00.00.0000.",
                                       "000 d.", "00"), stretch=0, sortable=False)

        self.overdue = OverdueView(self)
        self.lists = QTabWidget(self)
        self.lists.setObjectName("deskLists")
        self.lists.addTab(self.loans_table, tr("desk.tab.loans"))
        self.holds = HoldsView(self)
        self.holds.cancel_requested.connect(self.cancel_hold)
        self.lists.addTab(self.holds, tr("desk.tab.holds"))
        self.lists.addTab(self.overdue, tr("desk.tab.overdue"))
        self.lists.currentChanged.connect(self._list_changed)
        self.lists.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.message_bar = MessageBar(self)
        self.message_bar.setStyleSheet(f"QLabel#messageBar {{{LEVEL_STYLES[desk.OK]}}}")
        self.message_bar.fit_two_lines()
        self.offer_button = QPushButton(self)
        self.offer_button.setObjectName("offerButton")
        self.offer_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        policy = self.offer_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.offer_button.setSizePolicy(policy)
        self.offer_button.setMinimumWidth(260)
        self.offer_button.setVisible(False)
        self.offer_button.clicked.connect(self.accept_offer)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message_bar, 1)
        message_row.addWidget(self.offer_button)

        self.buttons: dict[str, QPushButton] = {}
        actions: list[tuple[str, str, Callable[[], None]]] = [
            ("renew", "desk.button.renew", self.renew),
            ("undo", "desk.button.undo", self.undo),
            ("visit", "desk.button.visit", lambda: self.count_visit(child=False)),
            ("reference", "desk.button.reference", lambda: self.count_reference(child=False)),
            ("slip", "desk.button.slip", self.print_slip),
            ("clear", "desk.button.clear", self.clear_reader),
        ]
        button_row = QHBoxLayout()
        for name, key, slot in actions:
            button = QPushButton(tr(key), self)
            button.setObjectName(f"{name}Button")
            button.setToolTip(tr(f"{key}.tip"))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the focus
            button.clicked.connect(slot)
            button_row.addWidget(button)
            self.buttons[name] = button
        # Shown while offline only: a new reader, created on the server on the return.
        register = QPushButton(tr("offline.register.button"), self)
        register.setObjectName("offlineRegisterButton")
        register.setToolTip(tr("offline.register.button.tip"))
        register.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        register.clicked.connect(self.register_offline)
        register.setVisible(False)
        self.offline_changed.connect(register.setVisible)
        button_row.addWidget(register)
        self.buttons["offline_register"] = register
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("deskCounts")
        # Wraps instead of widening the window: the tally is long in Latvian.
        self.counts_label.setWordWrap(True)
        self.counts_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        button_row.addWidget(self.counts_label, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.patron_panel)
        splitter.addWidget(self.lists)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([330, 870])
        layout = QVBoxLayout(self)
        layout.addWidget(self.scan_input)
        layout.addLayout(message_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(button_row)

    def _build_shortcuts(self) -> None:
        """The desk's keys, taken by id from the one list (ui/shortcuts.py) that Help shows."""
        bindings: dict[str, Callable[[], None]] = {
            "desk.renew": self.renew,
            "desk.offer": self.accept_offer,
            "desk.undo": self.undo,
            "desk.visit": lambda: self.count_visit(child=False),
            "desk.visit_child": lambda: self.count_visit(child=True),
            "desk.reference": lambda: self.count_reference(child=False),
            "desk.reference_child": lambda: self.count_reference(child=True),
            "desk.slip": self.print_slip,
            "desk.clear": self.clear_reader,
            "desk.overdue_reload": self.overdue.reload,
            "desk.programme": self.register_in_programme,
        }
        self.shortcuts: dict[str, list[QShortcut]] = {}
        for shortcut_id, slot in bindings.items():
            for keys in shortcuts(shortcut_id):
                key = QShortcut(keys, self)
                key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                key.activated.connect(slot)
                self.shortcuts.setdefault(shortcut_id, []).append(key)

    def focus_scan(self) -> None:
        self.scan_input.setFocus()

    # -- scanning ---------------------------------------------------------------------------
    def _take_scan(self) -> None:
        code = self.scan_input.text()
        self.scan_input.clear()
        self.enqueue(code)

    def enqueue(self, code: str) -> None:
        """Queue a scanned code; codes are handled one by one, in the order scanned.

        The first code is handled at once, so the answer is there when Enter returns; a
        code that arrives while another is being handled (a dialog or a slow disk letting
        events through) waits its turn instead of being handled inside the other.
        """
        self._queue.append(code)
        if self._draining:
            return
        self._draining = True
        try:
            while self._queue:
                self.handle_scan(self._queue.popleft())
        finally:
            self._draining = False

    def handle_scan(self, code: str, *, override: bool = False) -> desk.ScanResult | None:
        if self.link.offline:
            self._scan_offline(code)
            return None
        patron_id = self.patron_id
        result = self._call(lambda: desk.scan(
            code=code, patron_id=patron_id, override=override,
            overdue_seen=patron_id is not None and self._overdue_seen == patron_id))
        if result is None:
            if self.link.offline:  # this very scan found the server gone
                self._scan_offline(code)
            return None
        reader_changed = result.patron_id != self.patron_id
        self.patron_id = result.patron_id
        self.show_message(result.level, result.message, result.offer)
        if reader_changed or result.changed:
            self.refresh_reader()
        if result.changed:
            self.refresh_counts()
        self.scanned.emit(result)
        if result.question is not None:
            self._ask(result.question)
        elif result.kept_hold_id is not None:
            self._show_kept_copy(result.kept_hold_id)
        return result

    # -- questions and notices that wait for the librarian ---------------------------------
    def _open_dialog(self, name: str, title_key: str, text: str, accept_key: str,
                     reject_key: str) -> bool:
        """Show a desk dialog; True when the librarian took its default button. A code
        scanned into it closes it (as its other button) and is handled next."""
        # The window's child, not the desk's: the desk's keys (Esc clears the reader) must
        # not act while the dialog is open.
        self.dialog = DeskDialog(self.window(), name=name, title=tr(title_key), text=text,
                                 accept_text=tr(accept_key), reject_text=tr(reject_key))
        try:
            answer = self.dialog.exec()
            scanned = self.dialog.scanned.strip()
        finally:
            self.dialog.deleteLater()
            self.dialog = None
        self.window().activateWindow()  # back to the scan field, for the next code
        self.focus_scan()
        if answer == SCANNED:
            self.enqueue(scanned)
        return answer == DeskDialog.DialogCode.Accepted

    def _ask(self, question: desk.Question) -> None:
        """The overdue warning before a reader's first checkout, or a refusal to override."""
        overdue = question.kind == "overdue"
        if not self._open_dialog("overdueQuestion" if overdue else "overrideQuestion",
                                 "deskc.overdue.window" if overdue else "deskc.override.window",
                                 question.text, "deskc.button.lend_anyway",
                                 "deskc.button.dont_lend"):
            self.show_message(desk.NOTICE, tr("deskc.not_lent", title=question.title))
            return
        if overdue:
            self._overdue_seen = self.patron_id
        self.handle_scan(question.barcode, override=not overdue)

    def _show_kept_copy(self, hold_id: int) -> None:
        """A returned copy is caught for a hold: say so until the librarian closes it, and
        print the slip that goes into the book."""
        data = self._call(lambda: desk.hold_slip(hold_id=hold_id))
        if data is None:
            return
        text = tr("deskc.hold.text", title=data.title, barcode=data.barcode,
                  name=data.reader_name, card=data.card_number,
                  until=circulation.day_text(data.kept_until))
        if self._open_dialog("holdDialog", "deskc.hold.window", text, "deskc.hold.print",
                             "deskc.hold.close"):
            self._print_hold_slip(data)

    # -- the message bar --------------------------------------------------------------------
    def show_message(self, level: str, text: str, offer: desk.Offer | None = None) -> None:
        self.message_level = level
        self.message_bar.setText(f"{LEVEL_MARKS[level]}  {text}")
        self.message_bar.setStyleSheet(f"QLabel#messageBar {{{LEVEL_STYLES[level]}}}")
        self.message_bar.setProperty("level", level)
        self.offer = offer
        if offer is None:
            self.offer_button.setVisible(False)
        else:
            key = {"renew_instead": "desk.offer.renew_instead", "hold": "desk.offer.hold",
                   "checkout": "desk.offer.checkout"}[offer.kind]
            self.offer_button.setText(tr(key))
            self.offer_button.setVisible(True)

    def _call(self, action: Callable[[], object]) -> object | None:
        """Run a service call; a refusal or an unexpected failure becomes the red line, a
        server out of reach the offline mode."""
        try:
            return action()
        except DomainError as error:
            self.show_message(desk.REFUSAL, str(error))
        except Exception as error:
            if self.link.lost(error):
                self._went_offline()
                self.show_message(desk.NOTICE, tr("offline.banner"))
                return None
            log.exception("desk action failed")
            self.show_message(desk.REFUSAL, tr("desk.msg.unexpected"))
        return None

    # -- offline ----------------------------------------------------------------------------
    def _went_offline(self) -> None:
        if self.offline_shown:
            return
        self.offline_shown = True
        if self.offline_card is None and self.patron_id is not None:
            self.offline_card = self._shown_card  # the reader at the desk stays loaded
        self.patron_id = None
        self.loans_model.set_loans([])
        self.holds.set_holds([])
        self.lists.setTabText(0, tr("desk.tab.loans"))
        self.lists.setTabText(1, tr("desk.tab.holds"))
        self.overdue.offline = True
        self.overdue.reload()
        self.offline_changed.emit(True)

    def _scan_offline(self, code: str) -> OfflineScan:
        result = self.link.scan(code=code, card=self.offline_card)
        self.offline_card = result.card
        self.show_message(result.level, result.message)
        panel = self.link.reader_panel(card=result.card) if result.card else None
        if panel is not None:
            self.patron_panel.show_reader(panel)
        else:
            self.patron_panel.show_nobody()
        self.scanned.emit(result)
        return result

    def register_offline(self) -> OfflineRegisterDialog:
        """A new reader while offline; once registered she is the reader at the desk."""
        dialog = OfflineRegisterDialog(self.window(), self.link)
        dialog.accepted.connect(lambda: self._scan_offline(dialog.card or ""))
        dialog.accepted.connect(lambda: self.show_message(desk.OK, tr(
            "offline.msg.registered", name=self.link.registered.get(dialog.card, ""),
            card=dialog.card)))
        dialog.finished.connect(lambda _result: self.focus_scan())
        self.dialog_offline_register = dialog
        dialog.open()
        return dialog

    def _came_back(self, result: ComeBack) -> None:
        """The journals are on the server: say what it refused, then work online."""
        if result.refused:
            self.refusals = RefusalsDialog(self.window(), result.refused)
            self.refusals.finished.connect(lambda _result: self.focus_scan())
            self.refusals.open()
        if not self.link.go_online():
            return  # scanned meanwhile: the watch's next round sends that too
        card, self.offline_card = self.offline_card, None
        self.offline_shown = False
        self.overdue.offline = False
        if self.lists.currentWidget() is self.overdue:
            self.overdue.reload()
        self.offline_changed.emit(False)
        if card:
            self.handle_scan(card)  # the reader at the desk, now with her loans
        sent = result.applied or result.refused or result.decided_before
        self.show_message(desk.OK, tr("offline.msg.back", count=result.applied) if sent
                          else tr("offline.msg.back_nothing"))
        self.refresh_counts()

    # -- actions ----------------------------------------------------------------------------
    def renew(self) -> None:
        """Renew: the copy just returned by its reader (offered), else the selected loans."""
        if self.offer is not None and self.offer.kind == "renew_instead":
            loan_id = self.offer.loan_id
            outcome = self._call(lambda: circulation.renew_instead_of_return(loan_id=loan_id))
            if outcome is not None:
                self._renewed([outcome])
            return
        rows = sorted({index.row() for index in self.loans_table.selectionModel().selectedRows()})
        if self.patron_id is None or not rows:
            self.show_message(desk.NOTICE, tr("desk.msg.renew_how"))
            return
        done = []
        for row in rows:
            loan_id = self.loans_model.loan_at(row).loan_id
            outcome = self._call(lambda loan_id=loan_id: circulation.renew(loan_id=loan_id))
            if outcome is None:
                self.refresh_reader()
                return
            done.append(outcome)
        self._renewed(done)

    def _renewed(self, outcomes: list) -> None:
        if len(outcomes) == 1:
            text = tr("desk.msg.renewed", title=outcomes[0].title,
                      due=circulation.day_text(outcomes[0].due_on))
        else:
            text = tr("desk.msg.renewed_many", count=len(outcomes))
        self.show_message(desk.OK, text)
        self.refresh_reader()
        self.refresh_counts()

    def accept_offer(self) -> None:
        offer, patron_id = self.offer, self.patron_id
        if offer is None or patron_id is None:
            return
        if offer.kind == "renew_instead":
            self.renew()
        elif offer.kind == "checkout":  # as a scan: the overdue warning and limit ask too
            self.handle_scan(offer.barcode)
            return
        else:
            hold = self._call(lambda: self._reserve(patron_id, offer))
            if hold is not None and hold.on_shelf:
                self.show_message(desk.NOTICE, tr("desk.msg.hold_placed_on_shelf",
                                                  title=hold.title, count=hold.on_shelf))
            elif hold is not None:
                self.show_message(desk.OK, tr("desk.msg.hold_placed", title=hold.title,
                                              reader=reader(hold.patron_name, "dative"),
                                              position=hold.position))
        self.refresh_reader()
        self.refresh_counts()

    def _reserve(self, patron_id: int, offer: desk.Offer) -> circulation.HoldOutcome | None:
        """Place the hold; a refusal the librarian may override is asked about first."""
        try:
            return circulation.place_hold(patron_id=patron_id, barcode=offer.barcode)
        except DomainError as error:
            if not circulation.overridable(error):
                raise
            text = tr("deskc.override.hold", reason=str(error))
        if not self._open_dialog("overrideQuestion", "deskc.override.window", text,
                                 "deskc.button.reserve_anyway", "deskc.button.dont_reserve"):
            self.show_message(desk.NOTICE, tr("deskc.not_reserved", title=offer.title))
            return None
        return circulation.place_hold(patron_id=patron_id, barcode=offer.barcode,
                                      override=True)

    def undo(self) -> None:
        undone = self._call(circulation.undo_last)
        if undone is not None:
            self.show_message(desk.NOTICE, tr(f"desk.msg.undone.{undone.action}",
                                              title=undone.title,
                                              reader=reader(undone.patron_name, "dative")))
            self.refresh_reader()
            self.refresh_counts()

    def count_visit(self, *, child: bool) -> None:
        patron_id = None if child else self.patron_id
        group = "child" if child else None
        if self._call(lambda: visits.count_visit(patron_id=patron_id, age_group=group)):
            key = ("desk.msg.visit_reader" if patron_id else
                   "desk.msg.visit_child" if child else "desk.msg.visit_adult")
            self.show_message(desk.OK, tr(key))
            self.refresh_counts()

    def count_reference(self, *, child: bool) -> None:
        group = "child" if child else self._reader_age_group()
        if self._call(lambda: visits.count_reference_query(age_group=group)):
            self.show_message(desk.OK, tr("desk.msg.reference_counted"))
            self.refresh_counts()

    def _reader_age_group(self) -> str | None:
        if self.patron_id is None:
            return None
        patron = circulation.patron_by_id(self.patron_id)
        return patron.age_group_on(datetime.now().date()) if patron else None

    def print_slip(self) -> None:
        patron_id = self.patron_id
        if patron_id is None:
            self.show_message(desk.NOTICE, tr("desk.msg.slip_no_reader"))
            return
        from rozupe_desk.reports.loan_slip import build_loan_slip

        target = _slip_path("kvits")
        path = self._call(lambda: build_loan_slip(desk.slip(patron_id=patron_id), target))
        if path is None:
            return
        self.last_slip = path
        self.show_message(desk.OK, tr("desk.msg.slip_ready", path=str(path)))
        self._open_file(path)

    def _print_hold_slip(self, data: desk.HoldSlipData) -> None:
        from rozupe_desk.reports.hold_slip import build_hold_slip

        target = _slip_path("rezervacija")
        path = self._call(lambda: build_hold_slip(data, target))
        if path is not None:
            self.last_hold_slip = path
            self._open_file(path)

    def _open_file(self, path: Path) -> None:
        """Open a slip in the PDF viewer, which prints it."""
        if self.open_files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def cancel_hold(self, hold_id: int) -> None:
        title = self._call(lambda: circulation.cancel_hold(hold_id=hold_id))
        if title is not None:
            self.show_message(desk.OK, tr("desk.msg.hold_cancelled", title=title))
            self.refresh_reader(show_loans=False)

    def register_in_programme(self) -> None:
        """Ctrl+J, then Enter: the reader at the desk joins a reading programme, in the group
        of her age (the dialog shows it and her guardian)."""
        if self.patron_id is None:
            self.show_message(desk.NOTICE, tr("programmes.desk.no_reader"))
            return
        dialog = RegisterDialog(self, patron_id=self.patron_id)
        if not dialog.has_programmes():
            self.show_message(desk.NOTICE, tr("programmes.desk.none_open"))
            return
        dialog.registered.connect(self._registered)
        dialog.finished.connect(lambda _result: self.focus_scan())
        dialog.open()

    def _registered(self, text: str) -> None:
        self.show_message(desk.OK, text)
        self.refresh_reader(show_loans=False)

    def clear_reader(self) -> None:
        self.patron_id = None
        self.offline_card = None
        self._overdue_seen = None
        self._queue.clear()
        self.refresh_reader()
        self.show_message(desk.OK, tr("desk.ready"))
        self.focus_scan()

    # -- refreshing -------------------------------------------------------------------------
    def refresh_reader(self, *, show_loans: bool = True) -> None:
        if self.link.offline:
            self.other_desks.follow(None)  # nothing to compare with while the server is away
            return  # the reader panel of the local copy stays (`_scan_offline`)
        self.other_desks.follow(self.patron_id)
        if self.patron_id is None:
            self.patron_panel.show_nobody()
            self.loans_model.set_loans([])
            self.holds.set_holds([])
            self.lists.setTabText(0, tr("desk.tab.loans"))
            self.lists.setTabText(1, tr("desk.tab.holds"))
            return
        panel = self._call(lambda: desk.reader_panel(patron_id=self.patron_id))
        loans = self._call(lambda: desk.reader_loans(patron_id=self.patron_id)) or []
        holds = self._call(lambda: desk.reader_holds(patron_id=self.patron_id)) or []
        self.holds.set_holds(holds)
        self.lists.setTabText(1, tr("desk.tab.holds_count", count=len(holds)))
        if panel is None:
            self.patron_id = None
            self.patron_panel.show_nobody()
        else:
            self._shown_card = panel.card_number
            self.patron_panel.show_reader(panel)
        self.loans_model.set_loans(loans)
        self.lists.setTabText(0, tr("desk.tab.loans_count", count=len(loans)))
        if show_loans:
            self.lists.setCurrentIndex(0)

    def refresh_counts(self) -> None:
        """Recount today's visits and questions soon (several scans in a row: once)."""
        self._counts_timer.start()

    def _count_in_background(self) -> None:
        if self._counts_task is not None:  # still counting: count again when it is done
            self._counts_timer.start()
            return
        task = BackgroundTask(lambda _progress, _cancel: visits.day_counts(), self)
        task.succeeded.connect(self._show_counts)
        task.failed.connect(lambda _message: self._counts_done())
        self._counts_task = task
        task.start()

    def _show_counts(self, counts: visits.DayCounts) -> None:
        self._counts_done()
        self.counts_label.setText(tr("desk.counts", visits=counts.visits,
                                     circulation=counts.circulation_visits,
                                     queries=counts.reference_queries))

    def _counts_done(self) -> None:
        if self._counts_task is not None:
            self._counts_task.deleteLater()
            self._counts_task = None

    def _list_changed(self, index: int) -> None:
        if self.lists.widget(index) is self.overdue:
            self.overdue.reload()
        self.focus_scan()

    def _checkpoint_in_background(self) -> None:
        if self._checkpoint_task is not None:
            return
        task = BackgroundTask(lambda _progress, _cancel: desk.checkpoint(), self)
        task.succeeded.connect(lambda _result: self._checkpoint_done())
        task.failed.connect(lambda _message: self._checkpoint_done())
        self._checkpoint_task = task
        task.start()

    def _checkpoint_done(self) -> None:
        if self._checkpoint_task is not None:
            self._checkpoint_task.deleteLater()
            self._checkpoint_task = None

    def _expire_old_holds(self) -> None:
        try:
            circulation.expire_holds()
        except Exception:  # never keep the desk from opening
            log.exception("expiring holds failed")


def _slip_path(kind: str) -> Path:
    """A new slip's file in the data folder's slips/ (kept: the viewer may still print it)."""
    folder = config.data_dir() / "slips"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{kind}-{datetime.now():%Y%m%d-%H%M%S}.pdf"
