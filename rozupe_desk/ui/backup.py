"""Backups in the window: the File menu entries, the warning banner, automatic backups.

`install(window, menu)` adds "Rezerves kopija…" and "Atjaunot no rezerves kopijas…" to the
menu, puts the yellow banner (`backupBanner`) above the tabs and watches the window: the
day's automatic backup runs in the background when the window is shown (and again after
midnight while it stays open), and closing the window makes a short backup behind a
progress dialog when anything changed since the last one. The work is done by
`services.safety.backup`; this module only knows about Qt.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import current_language, plural_key, tr
from rozupe_desk.services.offline.start import started_offline
from rozupe_desk.services.safety import backup
from rozupe_desk.ui.catalog.common import choose_file
from rozupe_desk.ui.icons import icon
from rozupe_desk.ui.tasks import BackgroundTask, run_with_progress

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 5 * 60 * 1000  # the banner and the day's backup are looked at this often
CLOSING_MESSAGE_MS = 60_000  # a failed closing backup says so for a minute, then closes
BANNER_STYLE = ("QFrame#backupBanner { background: #fff3bf; border-bottom: 1px solid #d9b84a; }"
                " QFrame#backupBanner QLabel { color: #3d3200; background: transparent; }")

# Windows opened again after a restore; Python must hold them or Qt deletes them.
_windows: list[QMainWindow] = []


def install(window: QMainWindow, menu: QMenu) -> BackupControls:
    """Add the backup entries to `menu` and the banner above the window's central widget."""
    return BackupControls(window, menu)


def _work(target: str | None):
    def work(progress, cancel):
        try:
            return backup.create_backup(target, progress=progress, cancel=cancel)
        finally:
            backup.release_thread_connection()
    return work


def _restore_work(source: str):
    def work(progress, _cancel):
        try:
            return backup.restore_backup(source, progress=progress)
        finally:
            backup.release_thread_connection()
    return work


class BackupBanner(QFrame):
    """A calm yellow line at the top of the window when the backups need attention."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("backupBanner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.text = QLabel(self)
        self.text.setObjectName("backupBannerText")
        self.text.setWordWrap(True)
        self.now_button = QPushButton(tr("backup.banner.now"), self)
        self.now_button.setObjectName("backupNowButton")
        self.folder_button = QPushButton(tr("backup.banner.settings"), self)
        self.folder_button.setObjectName("backupFolderButton")
        layout.addWidget(self.text, 1)
        layout.addWidget(self.folder_button)
        layout.addWidget(self.now_button)
        self.hide()

    def show_status(self, status: backup.BackupStatus) -> None:
        if status.ok:
            self.hide()
            return
        params = status.message_params()
        self.text.setText(tr(plural_key(f"backup.banner.{status.state}", int(params.get("days", 0))),
                             **params))
        self.folder_button.setVisible(status.state in ("no_folder", "folder_missing"))
        self.show()


class BackupControls(QObject):
    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.task: BackgroundTask | None = None
        self.auto_task: BackgroundTask | None = None
        self.closing_done = False
        self.shown_once = False
        self.messages: list[QMessageBox] = []  # kept alive while open

        self.banner = BackupBanner(window)
        self.banner.now_button.clicked.connect(self.backup_now)
        self.banner.folder_button.clicked.connect(self._open_settings)
        central = window.takeCentralWidget()
        holder = QWidget(window)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(central, 1)
        window.setCentralWidget(holder)

        menu.addSeparator()
        self.backup_action = menu.addAction(icon("backup"), tr("backup.menu.backup"))
        self.backup_action.setObjectName("backupAction")
        self.backup_action.setToolTip(tr("backup.menu.backup_tip"))
        self.backup_action.triggered.connect(self.ask_backup)
        self.restore_action = menu.addAction(icon("import"), tr("backup.menu.restore"))
        self.restore_action.setObjectName("restoreAction")
        self.restore_action.setToolTip(tr("backup.menu.restore_tip"))
        self.restore_action.triggered.connect(self.ask_restore)

        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        window.installEventFilter(self)
        if not started_offline():  # the server out of reach: its backups wait for it
            self.refresh()

    # ------------------------------------------------------------------ status

    def refresh(self) -> backup.BackupStatus:
        status = backup.backup_status()
        self.banner.show_status(status)
        return status

    def check(self) -> None:
        """The banner again, and the day's automatic backup when it is due (after midnight)."""
        if started_offline():
            return
        self.refresh()
        self.start_daily_backup()

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15_000)

    def _message(self, level: QMessageBox.Icon, title_key: str, text: str,
                 name: str, then=None) -> QMessageBox:
        box = QMessageBox(level, tr(title_key), text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName(name)
        self.messages.append(box)

        def finished(_result: int) -> None:
            self.messages.remove(box)
            box.deleteLater()
            if then is not None:
                then()
        box.finished.connect(finished)
        box.open()
        return box

    def _open_settings(self) -> None:
        show = getattr(self.window, "show_settings", None)
        if show is not None:
            show()

    # ------------------------------------------------------------------ backing up

    def start_daily_backup(self, today: date | None = None) -> BackgroundTask | None:
        """The day's automatic backup in the background, silently, when it is due."""
        if self.auto_task is not None or self.task is not None or started_offline():
            return None
        try:
            if not backup.automatic_backup_due(today):
                return None
        except Exception:
            log.exception("could not tell whether a backup is due")
            return None
        task = BackgroundTask(_work(None), self)

        def done(text: str) -> None:
            self.auto_task = None
            task.deleteLater()
            self._say(text)
            self.refresh()
        task.succeeded.connect(lambda result: done(tr("backup.auto_done", path=result.path)))
        task.failed.connect(lambda message: done(tr("backup.auto_failed", message=message)))
        self.auto_task = task
        task.start()
        return task

    def ask_backup(self) -> None:
        """Menu: into the backup folder, or into a file she chooses."""
        if self.refresh().state in ("no_folder", "folder_missing"):
            self.choose_backup_file()
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("backup.choose.title"),
                          tr("backup.choose.text"), QMessageBox.StandardButton.Cancel,
                          self.window)
        box.setObjectName("backupChoice")
        to_folder = box.addButton(tr("backup.choose.folder"), QMessageBox.ButtonRole.AcceptRole)
        to_file = box.addButton(tr("backup.choose.file"), QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(to_folder)

        def clicked(button) -> None:
            if button is to_folder:
                self.backup_to(None)
            elif button is to_file:
                self.choose_backup_file()
        box.buttonClicked.connect(clicked)
        box.finished.connect(box.deleteLater)
        box.open()

    def backup_now(self) -> None:
        """The banner's button: into the folder when there is one, else into a chosen file."""
        if self.refresh().state in ("no_folder", "folder_missing"):
            self.choose_backup_file()
        else:
            self.backup_to(None)

    def choose_backup_file(self) -> None:
        name = f"rozupe-desk-{datetime.now():%Y-%m-%d-%H%M%S}.sqlite"
        dialog = choose_file(self.window, caption_key="backup.save_title",
                             filter_key="backup.file_filter", save=True,
                             on_chosen=self.backup_to, default_name=name)
        dialog.setObjectName("backupFileDialog")

    def backup_to(self, target: str | None) -> BackgroundTask | None:
        """Back up now behind a progress dialog; says where the copy went."""
        if self.task is not None:
            return None

        def succeeded(result: backup.BackupResult) -> None:
            self.task = None
            self.refresh()
            text = tr("backup.done", path=result.path, size=backup.human_size(result.size))
            self._say(text)
            self._message(QMessageBox.Icon.Information, "backup.done_title", text,
                          "backupDoneMessage")

        def failed(message: str) -> None:
            self.task = None
            self.refresh()
            self._message(QMessageBox.Icon.Warning, "backup.failed_title", message,
                          "backupFailedMessage")

        self.task = run_with_progress(self.window, tr("backup.progress"), _work(target),
                                      succeeded, failed)
        return self.task

    # ------------------------------------------------------------------ closing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt may still deliver events while Python tears the window down.
        if watched is getattr(self, "window", None):
            if event.type() == QEvent.Type.Show and not self.shown_once:
                self.shown_once = True
                self.timer.start()
                QTimer.singleShot(0, self.start_daily_backup)
            elif event.type() == QEvent.Type.Close and self._backup_before_closing():
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    def _backup_before_closing(self) -> bool:
        """A short blocking backup while the window closes, when anything changed since the
        last one; True when the window must stay open (a backup or restore still runs)."""
        if self.closing_done:
            return False
        if self.task is not None:
            return True
        self.closing_done = True
        self.timer.stop()
        try:
            due = (self.window.isVisible() and backup.can_back_up(self.refresh())
                   and backup.changed_since_last_backup())
        except Exception:
            log.exception("could not tell whether to back up before closing")
            due = False
        if due:
            self._wait(lambda done: run_with_progress(
                self.window, tr("backup.progress_closing"), _work(None),
                lambda _result: done(), lambda message: self._closing_failed(message, done),
                cancellable=False))
        return False

    def _closing_failed(self, message: str, done) -> None:
        box = self._message(QMessageBox.Icon.Warning, "backup.failed_title",
                            tr("backup.closing_failed", message=message),
                            "backupFailedMessage", then=done)
        QTimer.singleShot(CLOSING_MESSAGE_MS, box, box.accept)

    def _wait(self, start) -> None:
        """Run `start(done)` and keep the events flowing until it calls `done()`."""
        loop = QEventLoop(self)
        finished = []

        def done() -> None:
            finished.append(True)
            loop.quit()
        start(done)
        if not finished:
            loop.exec()

    # ------------------------------------------------------------------ restoring

    def ask_restore(self) -> None:
        dialog = choose_file(self.window, caption_key="backup.open_title",
                             filter_key="backup.file_filter", save=False,
                             on_chosen=self.confirm_restore)
        dialog.setObjectName("restoreFileDialog")

    def confirm_restore(self, source: str) -> QMessageBox:
        """Say what will be replaced and where the current data are kept; then restore."""
        path = Path(source)
        try:
            modified = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d.%m.%Y %H:%M")
            aside = backup.live_path().with_name(
                f"{backup.live_path().stem}.before-restore-….sqlite")
        except (OSError, DomainError) as error:
            return self._message(QMessageBox.Icon.Warning, "backup.restore_failed_title",
                                 str(error) if isinstance(error, DomainError)
                                 else tr("backup.file_missing", path=source),
                                 "restoreFailedMessage")
        box = QMessageBox(QMessageBox.Icon.Warning, tr("backup.confirm_title"),
                          tr("backup.confirm_text", source=source, modified=modified,
                             aside=aside), QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("restoreConfirm")
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 34em; }")  # paths fit on a line
        yes = box.addButton(tr("backup.confirm_yes"), QMessageBox.ButtonRole.DestructiveRole)
        yes.setObjectName("restoreYes")
        no = box.addButton(tr("backup.confirm_no"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.buttonClicked.connect(lambda button: button is yes and self.restore_from(source))
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def restore_from(self, source: str) -> BackgroundTask | None:
        if self.task is not None:
            return None

        def succeeded(result: backup.RestoreResult) -> None:
            self.task = None
            text = tr("backup.restored", source=result.source, aside=result.kept_aside)
            if result.erased_again:
                text += "\n\n" + tr("privacy2.restore.erased_again", count=result.erased_again)
            self.reopen_window(text)

        def failed(message: str) -> None:
            self.task = None
            self._message(QMessageBox.Icon.Warning, "backup.restore_failed_title", message,
                          "restoreFailedMessage")

        self.task = run_with_progress(self.window, tr("backup.restore_progress"),
                                      _restore_work(source), succeeded, failed,
                                      cancellable=False)
        return self.task

    def reopen_window(self, text: str) -> QMainWindow:
        """Build the window afresh on the restored data (every tab reloads) and close this one."""
        from rozupe_desk.app import create_window

        old = self.window
        new = create_window(old.db_target, current_language())
        new.setGeometry(old.geometry())
        _windows.append(new)
        new.destroyed.connect(lambda: _windows.remove(new) if new in _windows else None)
        self.closing_done = True
        new.show()
        old.close()
        old.deleteLater()  # its tabs' timers stop with it
        if old in _windows:
            _windows.remove(old)
        controls = new.findChild(BackupControls)
        if controls is not None:
            controls._message(QMessageBox.Icon.Information, "backup.restored_title", text,
                              "restoredMessage")
        return new

