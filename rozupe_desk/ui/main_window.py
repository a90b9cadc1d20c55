"""The main window: the tabs, menus and status bar."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from rozupe_desk.i18n import tr
from rozupe_desk.services import settings
from rozupe_desk.ui.about import AboutDialog
from rozupe_desk.ui.catalog.tab import CatalogTab
from rozupe_desk.ui.desk.tab import DeskTab
from rozupe_desk.ui.events.tab import EventsTab
from rozupe_desk.ui.patrons.tab import PatronsTab
from rozupe_desk.ui.reports.tab import ReportsTab


class MainWindow(QMainWindow):
    def __init__(self, *, db_target: str) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.db_target = db_target
        self.resize(1200, 780)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.desk = DeskTab(self)
        self.patrons = PatronsTab(self)
        self.catalog = CatalogTab(self)
        self.events = EventsTab(self)
        self.reports = ReportsTab(self)
        for widget, key in (
            (self.desk, "tab.desk"),
            (self.patrons, "tab.patrons"),
            (self.catalog, "tab.catalog"),
            (self.events, "tab.events"),
            (self.reports, "tab.reports"),
        ):
            self.tabs.addTab(widget, tr(key))
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self._build_status_bar()
        self.refresh_title()
        self.tabs.setCurrentWidget(self.desk)
        self.desk.focus_scan()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("menu.file"))
        # Registration from anywhere, the desk included: Ctrl+N opens an empty reader form.
        file_menu.addAction(self.patrons.registration_action(self.tabs))
        quit_action = QAction(tr("menu.quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu(tr("menu.help"))
        about_action = QAction(tr("menu.about"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.library_label = QLabel(self)
        self.library_label.setObjectName("libraryLabel")
        self.db_label = QLabel(self)
        self.db_label.setObjectName("databaseLabel")
        self.statusBar().addWidget(self.library_label, 1)
        self.statusBar().addPermanentWidget(self.db_label)

    def refresh_title(self) -> None:
        name = settings.get("library_name") or tr("app.no_library_name")
        self.setWindowTitle(f"{tr('app.name')} — {name}")
        self.library_label.setText(name)
        self.db_label.setText(tr("status.database", target=self.db_target))

    def show_about(self) -> None:
        dialog = AboutDialog(self, db_target=self.db_target)
        dialog.open()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.desk.focus_scan()
