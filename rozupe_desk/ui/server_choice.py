"""The first run's first question: the library's data on this PC alone, or on the library's
server (object name `serverChoice`).

For the server the librarian types what the central library's IT person wrote down: the
server's address and port, the database, the user and the password, one field each (a URL
is one typo away from a riddle). "Pārbaudīt savienojumu" tries them off the GUI thread with
a short timeout and says what is wrong in her words; an empty database can be made a library
on the spot; a library's branches fill the branch choice. "Pieslēgties" keeps the server
(its URL without the password in workstation.json, the password in the libpq password file)
and the branch for this PC, and the window opens again on the server.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk import password_file, workstation
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import plural, tr
from rozupe_desk.services.server import connect
from rozupe_desk.ui.setup_fields import hint
from rozupe_desk.ui.tasks import BackgroundTask

_windows: list[QMainWindow] = []  # the windows reopened on a server, kept alive


class ServerChoice(QWidget):
    """Emits `mode_changed(on_server)` when a radio button is chosen and `connected(url)`
    once this PC is set to work on the server at `url` (no password in it)."""

    mode_changed = Signal(bool)
    connected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverChoice")
        self.task: BackgroundTask | None = None
        self.server: connect.ServerAddress | None = None
        self.before = workstation.Workstation()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 8)
        title = QLabel(tr("server_desk.where_title"), self)
        title.setProperty("role", "heading")
        column.addWidget(title)
        self.group = QButtonGroup(self)
        self.local = self._radio("whereLocal", "local", column)
        self.remote = self._radio("whereServer", "server", column)
        self.local.setChecked(True)
        self.panel = self._server_panel()
        self.panel.hide()
        column.addWidget(self.panel)
        self.remote.toggled.connect(self._toggled)

    # -- building ---------------------------------------------------------------------
    def _radio(self, name: str, key: str, column: QVBoxLayout) -> QRadioButton:
        button = QRadioButton(tr(f"server_desk.where_{key}"), self)
        button.setObjectName(name)
        button.setToolTip(tr(f"server_desk.where_{key}_tip"))
        self.group.addButton(button)
        column.addWidget(button)
        explanation = hint(tr(f"server_desk.where_{key}_hint"), self)
        explanation.setContentsMargins(28, 0, 0, 4)  # under the radio button's text
        column.addWidget(explanation)
        return button

    def _line(self, name: str, key: str, form: QFormLayout) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setToolTip(tr(f"server_desk.{key}_tip"))
        line.setPlaceholderText(tr(f"server_desk.{key}_example"))
        line.textChanged.connect(self._fields_edited)
        label = QLabel(tr(f"server_desk.{key}"), self)
        label.setBuddy(line)
        form.addRow(label, line)
        return line

    def _button(self, name: str, key: str) -> QPushButton:
        button = QPushButton(tr(f"server_desk.{key}"), self)
        button.setObjectName(name)
        button.setToolTip(tr(f"server_desk.{key}_tip"))
        button.setAutoDefault(False)
        return button

    def _server_panel(self) -> QWidget:
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(28, 4, 0, 0)
        column.addWidget(hint(tr("server_desk.slip_hint"), panel))
        form = QFormLayout()
        self.host = self._line("serverHost", "host", form)
        self.port = self._line("serverPort", "port", form)
        self.database = self._line("serverDatabase", "database", form)
        self.user = self._line("serverUser", "user", form)
        self.password = self._line("serverPassword", "password", form)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.branch = QComboBox(panel)
        self.branch.setObjectName("serverBranch")
        self.branch.setToolTip(tr("server_desk.branch_tip"))
        self.branch.setEnabled(False)
        branch_label = QLabel(tr("server_desk.branch"), panel)
        branch_label.setBuddy(self.branch)
        column.addLayout(form)
        self.check_button = self._button("serverCheck", "check")
        self.create_button = self._button("serverCreate", "create")
        self.create_button.hide()
        self.connect_button = self._button("serverConnect", "connect")
        self.connect_button.setProperty("primary", True)
        self.connect_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.create_button)
        row.addStretch(1)
        column.addLayout(row)
        self.message = QLabel(panel)
        self.message.setObjectName("serverMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        column.addWidget(self.message)
        branch_form = QFormLayout()
        branch_form.addRow(branch_label, self.branch)
        column.addLayout(branch_form)
        connect_row = QHBoxLayout()
        connect_row.addStretch(1)
        connect_row.addWidget(self.connect_button)
        column.addLayout(connect_row)
        self.check_button.clicked.connect(lambda: self._run(connect.probe))
        self.create_button.clicked.connect(lambda: self._run(connect.create_library))
        self.connect_button.clicked.connect(self.connect_here)
        return panel

    # -- behaviour --------------------------------------------------------------------
    def on_server(self) -> bool:
        return self.remote.isChecked()

    def _toggled(self, on_server: bool) -> None:
        self.panel.setVisible(on_server)
        self.mode_changed.emit(on_server)
        if on_server:
            self.host.setFocus()

    def _fields_edited(self) -> None:
        """Changed fields need a new check before connecting."""
        self.server = None
        self.connect_button.setEnabled(False)
        self.create_button.hide()

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setProperty("role", "error" if error else "hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._bring_into_view(self.message)

    def _bring_into_view(self, widget: QWidget) -> None:
        """Scroll the step so that `widget` (the answer below the fields) is seen."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            QTimer.singleShot(0, lambda: self._scroll_to(area, widget))

    @staticmethod
    def _scroll_to(area: QScrollArea, widget: QWidget) -> None:
        # The page grows for what was just shown only when its layout requests are handled.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        area.ensureWidgetVisible(widget, 0, 24)

    def _run(self, action) -> None:
        """Check (or create) the typed server in the background; one at a time."""
        if self.task is not None:
            return
        try:
            server = connect.address(host=self.host.text(), port=self.port.text(),
                                     database=self.database.text(), user=self.user.text(),
                                     password=self.password.text())
        except DomainError as error:
            self._say(str(error), error=True)
            return
        self._fields_edited()
        self.check_button.setEnabled(False)
        self._say(tr("server_desk.checking"), error=False)
        self.task = BackgroundTask(lambda _progress, _cancel: action(server=server), self)
        self.task.succeeded.connect(lambda result: self._checked(server, result))
        self.task.failed.connect(self._failed)
        self.task.start()

    def _failed(self, message: str) -> None:
        self.task = None
        self.check_button.setEnabled(True)
        self._say(message, error=True)

    def _checked(self, server: connect.ServerAddress, result: connect.ProbeResult) -> None:
        self.task = None
        self.check_button.setEnabled(True)
        self.branch.clear()
        if result.blank:
            self.create_button.show()
            self._say(tr("server_desk.blank", database=server.database), error=True)
            self.branch.setEnabled(False)
            return
        for branch in result.branches:
            self.branch.addItem(tr("server_desk.branch_item", code=branch.code,
                                   name=branch.name), branch.code)
        stored = workstation.load().branch_code
        self.branch.setCurrentIndex(max(0, self.branch.findData(stored)))
        self.branch.setEnabled(True)
        self.server = server
        self.connect_button.setEnabled(True)
        self._say(plural("server_desk.ready", database=server.database,
                         count=len(result.branches)) if result.set_up
                  else tr("server_desk.ready_new", database=server.database), error=False)
        self._bring_into_view(self.connect_button)  # below the answer: both are seen

    def connect_here(self) -> None:
        """Keep the checked server and the chosen branch for this PC; `connected(url)`."""
        server = self.server
        if server is None:
            return
        if server.password:
            password_file.remember(host=server.host, port=server.port,
                                   database=server.database, user=server.user,
                                   password=server.password)
        self.before = workstation.load()
        workstation.store(server_url=server.url(), branch_code=self.branch.currentData())
        self.connected.emit(server.url())

    def undo(self) -> None:
        """The window could not open on the server after all: this PC stays as it was."""
        workstation.store(server_url=self.before.server_url,
                          branch_code=self.before.branch_code)


def reopen_window(old: QMainWindow, target: str) -> QMainWindow:
    """The window built on `target`, shown in place of `old` (the window on this PC's empty
    file), which closes. When `target` cannot be opened (DomainError), `old` stays."""
    from rozupe_desk.app import create_window
    from rozupe_desk.i18n import current_language

    new = create_window(target, current_language())
    new.setGeometry(old.geometry())
    _windows.append(new)
    new.destroyed.connect(lambda: _windows.remove(new) if new in _windows else None)
    old.backups.closing_done = True  # nothing to back up: it held an empty file
    old.close()
    old.deleteLater()
    new.show()
    return new
