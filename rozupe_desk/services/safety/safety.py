"""Small safety services for the window: where a database file lives, and rolling back a
transaction an unexpected error left open."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from rozupe_desk.db import file_guard
from rozupe_desk.db.connection import database, driver_in_transaction, is_damaged, sqlite_path

log = logging.getLogger(__name__)


def database_file(target: str | Path) -> Path | None:
    """The SQLite file behind `target`; None for a database server."""
    return sqlite_path(target)


def file_identity(target: str | Path) -> tuple[int, int] | None:
    """(device, inode) of the SQLite file behind `target`: the same for all its names."""
    path = sqlite_path(target)
    return None if path is None else file_guard.identity(path)


def create_if_missing(target: str | Path) -> None:
    """Create the (empty) SQLite file behind `target` when there is none yet; an existing
    file is not opened (that would drop this process's SQLite locks on it)."""
    path = sqlite_path(target)
    if path is not None and not path.exists() and path.parent.is_dir():
        with contextlib.suppress(OSError):  # the database check will say what is wrong
            path.touch()


def database_damaged() -> bool:
    """The open database was found damaged and is open for reading only until restored."""
    return is_damaged()


def roll_back_unfinished() -> bool:
    """Undo a transaction still open on this thread (services use `atomic`, which has
    rolled back already when an error left it; this is the safety net). Never raises."""
    db = database.obj
    try:
        if db is None or db.is_closed():
            return False
        # peewee's own record, or the driver's (a BEGIN outside `atomic`)
        if db.in_transaction() or driver_in_transaction(db):
            db.rollback()
            log.error("rolled back a transaction left open by an unexpected error")
            return True
    except Exception:  # the error report must never fail
        log.exception("rollback after an unexpected error failed")
    return False
