"""Opening the database: an SQLite file (the default) or a server by URL.

Every model is bound to one `DatabaseProxy`, so services never care which engine they run on.
SQLite runs in WAL mode with `synchronous=FULL`: the library's records exist nowhere else,
and FULL makes every committed loan survive a power cut, not just a crash of the program
(NORMAL may lose the last commits when the power goes). The cost is one fsync of the WAL per
commit, well inside the desk's budget.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import Database, DatabaseProxy, SqliteDatabase
from playhouse.db_url import connect as connect_url

from rozupe_desk.db import file_guard
from rozupe_desk.errors import DomainError

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "full",
    "cache_size": -64_000,
    "temp_store": "memory",
    "secure_delete": 1,  # deleted data zeroed, as Debian's SQLite does and Windows' does not
}


class LibrarySqliteDatabase(SqliteDatabase):
    """SQLite whose transactions take the write lock when they begin, on the file it opened.

    A deferred transaction that reads and then writes fails at once with "database is
    locked" (the busy timeout does not help) when another process committed in between:
    a backup or a CLI command beside the window would break a loan half-way through the
    desk's work. BEGIN IMMEDIATE waits its turn instead.

    Before each transaction the file's identity is compared with the one opened: a file
    deleted or replaced under the running program would otherwise take the loans into an
    unlinked inode, or mix this connection's WAL into the new file. A file found damaged
    (`damaged`) is open with `query_only` and every transaction is refused; so is a file
    the program may not write (`read_only`: permissions, a write-protected stick), which is
    opened with `mode=ro` (and `immutable` when even its folder is read-only, as SQLite
    cannot make the WAL index there).
    """

    def __init__(self, *args: object, damaged: bool = False, read_only: bool = False,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.damaged = damaged
        self.read_only = read_only
        self.identity: tuple[int, int] | None = None
        self.lost: str | None = None  # the message id once the file was found gone/replaced

    def begin(self, lock_type: str | None = None) -> None:
        self.guard_writes()
        super().begin(lock_type or "IMMEDIATE")

    def guard_writes(self) -> None:
        """Refuse to write when the file is damaged, read-only, gone or not the one opened."""
        if self.damaged:
            raise DomainError("fault.damaged_read_only", target=self.database)
        if self.read_only:
            raise DomainError("fault.read_only", target=self.database)
        if self.lost is None and self.identity is not None:
            now = file_guard.identity(self.database)
            if now != self.identity:
                self.lost = "fault.file_gone" if now is None else "fault.file_replaced"
        if self.lost is not None:
            raise DomainError(self.lost, target=self.database)

    def set_damaged(self, damaged: bool) -> None:
        """Open (or no longer) for reading only; the connections already open follow."""
        self.damaged = damaged
        if not self.is_closed():
            self.connection().execute(f"PRAGMA query_only = {int(damaged)}")

    def _connect(self) -> sqlite3.Connection:
        if not self.read_only:
            return super()._connect()
        conn = sqlite3.connect(file_guard.read_only_uri(self.database), uri=True,
                               timeout=self._timeout, isolation_level=None,
                               **self.connect_params)
        self._add_conn_hooks(conn)
        return conn

    def _set_pragmas(self, conn: sqlite3.Connection) -> None:
        if self.read_only:  # the journal mode is the file's; setting it would write
            for pragma, value in self._pragmas:
                if pragma != "journal_mode":
                    conn.execute(f"PRAGMA {pragma} = {value}")
        else:
            super()._set_pragmas(conn)
        if self.damaged or self.read_only:
            conn.execute("PRAGMA query_only = 1")


def is_url(target: str) -> bool:
    return "://" in target


def sqlite_path(target: str | Path) -> Path | None:
    """The file behind `target` when it is an SQLite database, else None."""
    text = str(target)
    if not is_url(text):
        return Path(text)
    if text.startswith("sqlite:///"):
        return Path(text.removeprefix("sqlite:///"))
    return None


def open_database(target: str | Path) -> Database:
    """Connect to `target` (a file path or a URL) and bind every model to it.

    Raises `DomainError` with a translated message when the file cannot be opened or is
    not a database; nothing on disk is changed then.
    """
    path = sqlite_path(target)
    if path is None:
        db = connect_url(str(target))
    else:
        _check_sqlite_file(path)
        db = LibrarySqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, thread_safe=True,
                                   damaged=file_guard.is_marked_damaged(path),
                                   read_only=not file_guard.writable(path))
    try:
        db.connect(reuse_if_open=True)
        if isinstance(db, SqliteDatabase):
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        if isinstance(db, LibrarySqliteDatabase):
            db.identity = file_guard.identity(path)
    except Exception as exc:
        db.close()
        if file_guard.sqlite_code(exc) == sqlite3.SQLITE_NOTADB:
            raise DomainError("db.not_a_database", target=str(target)) from exc
        if path is not None and file_guard.disk_nearly_full(path):
            raise DomainError("fault.disk_full", target=str(target)) from exc
        raise DomainError("db.cannot_open", target=str(target), reason=str(exc)) from exc
    if database.obj is not None and database.obj is not db:
        database.obj.close()
    database.initialize(db)
    return db


def close_database() -> None:
    if database.obj is not None:
        database.obj.close()


def _check_sqlite_file(path: Path) -> None:
    """Refuse a path that is a folder or sits in a missing folder.

    The file itself is never opened here: on POSIX, closing any descriptor of a file drops
    every lock this process holds on it, so reading the header with `open()` while another
    connection of the process has the database open (the window opens it twice) lets another
    process checkpoint and delete the WAL under it. SQLite reads the header itself and
    answers SQLITE_NOTADB for a file that is not a database.
    """
    if path.is_dir():
        raise DomainError("db.is_folder", target=str(path))
    if not path.parent.exists():
        raise DomainError("db.no_folder", target=str(path), folder=str(path.parent))


def is_damaged() -> bool:
    """Whether the open database was found damaged and is open for reading only."""
    return bool(getattr(database.obj, "damaged", False))


def is_read_only() -> bool:
    """Whether the open database takes no writes (damaged, or a file it may not write)."""
    return is_damaged() or bool(getattr(database.obj, "read_only", False))


def raw_sqlite_connection(db: Database) -> sqlite3.Connection:
    """The sqlite3 connection under peewee's, for bulk work and the backup API."""
    return db.connection()
