"""Faults of the machine put in the librarian's words: a full disk, a read-only file, a
damaged database. The command line and the window ask `explain` before they fall back to
"unexpected error", so each says what happened and what to do."""

from __future__ import annotations

import errno
import logging
import sqlite3

from rozupe_desk.db import file_guard
from rozupe_desk.db.connection import LibrarySqliteDatabase, database
from rozupe_desk.errors import DomainError

log = logging.getLogger(__name__)

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def explain(error: BaseException) -> DomainError | None:
    """The domain error that tells what `error` means, or None when it is a real surprise.

    A database found damaged on the way is marked, so it opens read-only from now on.
    """
    target = _target()
    for cause in _chain(error):
        code = file_guard.sqlite_code(cause)
        if code in file_guard.DAMAGE_CODES:
            _mark_damaged(str(cause))
            return DomainError("fault.damaged", target=target, detail=str(cause))
        if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and target
                                           and file_guard.disk_nearly_full(target)):
            return DomainError("fault.disk_full", target=target)
        if code == sqlite3.SQLITE_READONLY:
            return DomainError("fault.read_only", target=target)
        if isinstance(cause, OSError) and cause.errno in _FULL:
            return DomainError("fault.disk_full", target=cause.filename or target)
        if isinstance(cause, OSError) and cause.errno in _READ_ONLY and not cause.filename:
            return DomainError("fault.read_only", target=target)
    from rozupe_desk.services.offline.link import server_away  # the server's own faults

    return server_away(error)


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and what caused it (peewee wraps the driver's error)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _target() -> str:
    db = database.obj
    return str(getattr(db, "database", "") or "")


def _mark_damaged(detail: str) -> None:
    db = database.obj
    if isinstance(db, LibrarySqliteDatabase):
        log.error("the database %s is damaged: %s", db.database, detail)
        file_guard.mark_damaged(db.database, detail)
        db.damaged = True
