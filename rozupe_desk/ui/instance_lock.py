"""One window per database: a `QLockFile` beside the database file.

The lock is keyed on the file, not on the name it was opened by: it sits beside the real
file (symbolic links resolved), and a second lock named by the file's identity (device and
inode) in the user's data folder catches a hard link to the same database. The lock is held
for as long as the window is open (a long-lived lock: stale time 0, so it
never expires while its process lives). A process killed without unlocking leaves the file
behind; Qt recognises it as stale from the process id written in it, and it is removed. The
command line takes no lock: reading, backups and checks may run while the window is open.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile

from rozupe_desk import config
from rozupe_desk.errors import DomainError
from rozupe_desk.services.safety import safety
from rozupe_desk.services.safety.safety import database_file

log = logging.getLogger(__name__)

# Held by the running window; released when the process ends.
_held: list[QLockFile] = []


def lock_path(db_target: str | Path) -> Path | None:
    """The lock file beside an SQLite database (the real file, links resolved); None for a
    database server."""
    path = database_file(db_target)
    if path is None:
        return None
    real = path.resolve()
    return real.with_name(real.name + ".lock")


def identity_lock_path(db_target: str | Path) -> Path | None:
    """The lock named by the database file's identity, shared by all its hard links."""
    found = safety.file_identity(db_target)
    if found is None:
        return None
    try:
        folder = config.data_dir() / "locks"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no data folder to write: the lock beside the file still holds
    return folder / f"{found[0]}-{found[1]}.lock"


def acquire(db_target: str | Path) -> QLockFile | None:
    """Take the window's locks on the database, or raise `DomainError("safety.already_open")`
    when another window holds them."""
    path = lock_path(db_target)
    if path is None or not path.parent.is_dir():
        return None  # a server database, or a folder the database check will refuse
    safety.create_if_missing(db_target)  # so that the file has its identity already
    lock = _take(path, db_target)
    try:
        identity = identity_lock_path(db_target)
        if identity is not None:
            _take(identity, db_target)
    except DomainError:
        if lock is not None:
            lock.unlock()
            _held.remove(lock)
        raise
    return lock


def _take(path: Path, db_target: str | Path) -> QLockFile | None:
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        if lock.error() == QLockFile.LockError.LockFailedError and lock.removeStaleLockFile():
            log.info("removed a stale window lock %s", path)
        if not lock.tryLock(100):
            if lock.error() != QLockFile.LockError.LockFailedError:
                log.info("cannot create the window lock %s: %s", path, lock.error())
                return None  # a read-only folder: the window still opens
            pid, host, _app = lock.getLockInfo()
            log.info("refused a second window on %s (held by process %s on %s)",
                        db_target, pid, host)
            raise DomainError("safety.already_open", target=str(db_target), pid=pid)
    _held.append(lock)
    log.info("window lock taken: %s", path)
    return lock


def acquire_or_tell(db_target: str | Path, *, auto_close: bool = False) -> QLockFile | None:
    """`acquire`, and when refused also say so in a dialog before the error goes up (the
    windowed program has no console for the command line's message)."""
    try:
        return acquire(db_target)
    except DomainError as refusal:
        tell_refused(str(refusal), auto_close_ms=300 if auto_close else None)
        raise


def tell_refused(message: str, *, auto_close_ms: int | None = None) -> None:
    """Say, in a dialog of its own (there is no window yet), that the database is open in
    another window. `auto_close_ms`: the smoke check closes it by itself."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from rozupe_desk.i18n import tr

    box = QMessageBox(QMessageBox.Icon.Information, tr("safety.already_open_title"), message,
                      QMessageBox.StandardButton.Ok)
    box.setObjectName("alreadyOpenDialog")
    if auto_close_ms is not None:
        QTimer.singleShot(auto_close_ms, box.accept)
    box.exec()
