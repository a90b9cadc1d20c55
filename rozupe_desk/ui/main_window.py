"""The main window: the tabs, menus and status bar."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from rozupe_desk.i18n import tr
from rozupe_desk.services import library, settings
from rozupe_desk.ui import audit_view
from rozupe_desk.ui import backup as backup_ui
from rozupe_desk.ui.about import AboutDialog
from rozupe_desk.ui.branch_choice import desk_branch_text
from rozupe_desk.ui.catalog.tab import CatalogTab
from rozupe_desk.ui.desk.tab import DeskTab
from rozupe_desk.ui.events.tab import EventsTab
from rozupe_desk.ui.first_run import FirstRunDialog
from rozupe_desk.ui.help import HelpDialog, ShortcutsDialog
from rozupe_desk.ui.icons import app_icon, icon
from rozupe_desk.ui.import_menu import add_import_menu
from rozupe_desk.ui.offline.banner import OfflineBanner
from rozupe_desk.ui.offline.waiting import WaitingPage
from rozupe_desk.ui.patrons.tab import PatronsTab
from rozupe_desk.ui.programmes.tab import ProgrammesTab
from rozupe_desk.ui.reports.tab import ReportsTab
from rozupe_desk.ui.settings_dialog import SettingsDialog
from rozupe_desk.ui.shortcuts import shortcut, with_standard
from rozupe_desk.ui.style import apply_look

# The tabs after the desk: (attribute, class, title).
OTHER_TABS = (("patrons", PatronsTab, "tab.patrons"), ("catalog", CatalogTab, "tab.catalog"),
              ("events", EventsTab, "tab.events"), ("reports", ReportsTab, "tab.reports"),
              ("programmes", ProgrammesTab, "tab.programmes"))


class MainWindow(QMainWindow):
    def __init__(self, *, db_target: str) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.db_target = db_target
        self.resize(1200, 780)
        self.setWindowIcon(app_icon())
        self._first_run_checked = False
        self.dialogs: dict[str, object] = {}  # the open dialogs, kept alive while shown

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.desk = DeskTab(self)
        self.tabs.addTab(self.desk, tr("tab.desk"))
        # Started without the server, the other tabs wait for it (`_server_back`).
        self.waiting = self.desk.link.offline
        for name, factory, key in OTHER_TABS:
            widget = None if self.waiting else factory(self)
            setattr(self, name, widget)
            self.tabs.addTab(widget or WaitingPage(self), tr(key))
        # The offline banner above the tabs, shown while the desk works without the server.
        self.offline_banner = OfflineBanner(self)
        self.desk.offline_changed.connect(self.offline_banner.setVisible)
        self.desk.offline_changed.connect(self._server_back)
        self.offline_banner.setVisible(self.waiting)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.offline_banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()
        self.refresh_title()
        self.tabs.setCurrentWidget(self.desk)
        self.desk.focus_scan()

    def _action(self, menu, text_key: str, tip_key: str, icon_name: str, slot,
                shortcut_id: str | None = None) -> QAction:
        action = QAction(icon(icon_name), tr(text_key), self)
        action.setToolTip(tr(tip_key))
        action.setStatusTip(tr(tip_key))
        if shortcut_id:
            action.setShortcut(shortcut(shortcut_id))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu(tr("menu.file"))
        file_menu.setToolTipsVisible(True)
        # Registration from anywhere, the desk included: Ctrl+N opens an empty reader form.
        if self.patrons is not None:
            file_menu.addAction(self.patrons.registration_action(self.tabs))
        self.import_menu = add_import_menu(self, file_menu)
        self._action(file_menu, "menu.settings", "menu.settings_tip", "settings",
                     self.show_settings, "window.settings")
        self.backups = backup_ui.install(self, file_menu)
        audit_view.add_to_menu(file_menu, self)
        file_menu.addSeparator()
        quit_action = self._action(file_menu, "menu.quit", "menu.quit_tip", "quit", self.close)
        quit_action.setShortcuts(with_standard("window.quit", QKeySequence.StandardKey.Quit))

        help_menu = self.menuBar().addMenu(tr("menu.help"))
        help_menu.setToolTipsVisible(True)
        self._action(help_menu, "menu.guide", "menu.guide_tip", "help", self.show_help,
                     "window.help")
        self._action(help_menu, "menu.shortcuts", "menu.shortcuts_tip", "keyboard",
                     self.show_shortcuts)
        help_menu.addSeparator()
        self._action(help_menu, "menu.about", "menu.about_tip", "about", self.show_about)
        for index in range(self.tabs.count()):
            action = QAction(self)
            action.setShortcut(shortcut(f"window.tab{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(action)

    def _build_status_bar(self) -> None:
        self.library_label = QLabel(self)
        self.library_label.setObjectName("libraryLabel")
        self.db_label = QLabel(self)
        self.db_label.setObjectName("databaseLabel")
        self.statusBar().addWidget(self.library_label, 1)
        self.statusBar().addPermanentWidget(self.db_label)

    def refresh_title(self) -> None:
        self.db_label.setText(tr("status.database", target=library.shown_target(self.db_target)))
        if self.waiting:
            self.setWindowTitle(tr("app.name"))  # the name is on the server
            return
        name = settings.get("library_name") or tr("app.no_library_name")
        name += desk_branch_text()  # which branch this desk works for, when there are several
        self.setWindowTitle(f"{tr('app.name')} — {name}")
        self.library_label.setText(name)
        self.backups.refresh()  # the backup folder may have been set or changed

    def _server_back(self, offline: bool) -> None:
        """The server answers after a start without it: the other tabs built, loading."""
        if offline or not self.waiting:
            return
        self.waiting = False
        current = self.tabs.currentIndex()
        for index, (name, factory, key) in enumerate(OTHER_TABS, start=1):
            page, widget = self.tabs.widget(index), factory(self)
            setattr(self, name, widget)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, tr(key))
            page.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.file_menu.insertAction(self.file_menu.actions()[0],
                                    self.patrons.registration_action(self.tabs))
        self.settings_saved({})  # the name and the look from the server's settings

    def show_about(self) -> None:
        dialog = AboutDialog(self, db_target=self.db_target)
        dialog.open()

    def _open_once(self, name: str, factory):
        """Show the dialog `name`, reusing it while it is still open."""
        dialog = self.dialogs.get(name)
        if dialog is None or not dialog.isVisible():
            dialog = factory()
            self.dialogs[name] = dialog
        return dialog

    def show_settings(self) -> None:
        def build() -> SettingsDialog:
            dialog = SettingsDialog(self)
            dialog.saved.connect(self.settings_saved)
            return dialog

        self._open_once("settings", build).open()

    def settings_saved(self, _values: dict) -> None:
        """Show the new name and look at once (the language waits for a restart)."""
        self.refresh_title()
        apply_look()

    def show_help(self) -> None:
        dialog = self._open_once("help", lambda: HelpDialog(self))
        dialog.show()
        dialog.raise_()

    def show_shortcuts(self) -> None:
        self._open_once("shortcuts", lambda: ShortcutsDialog(self)).open()

    def show_first_run(self) -> FirstRunDialog:
        dialog = FirstRunDialog(self)
        dialog.completed.connect(lambda _choice: self.refresh_title())
        dialog.completed.connect(self.import_menu.after_setup)
        self.dialogs["first_run"] = dialog
        dialog.open()
        return dialog

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.desk.focus_scan()
        if not self._first_run_checked and not self.waiting:  # not empty: out of reach
            self._first_run_checked = True
            if library.is_first_run():
                self.show_first_run()

