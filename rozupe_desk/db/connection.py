"""Opening the database: an SQLite file (the default) or a PostgreSQL server by URL.

Every model is bound to one `DatabaseProxy`, so services never care which engine they run on.
On a server (`postgresql://…`) the driver is psycopg 3, through peewee's own adapter: it
is the maintained driver (psycopg2 only gets fixes), sends parameters bound on the server,
and its per-connection adapters let the server see what SQLite sees: dates as ISO text,
sums as plain numbers. The services write their SQL once with `?` (and SQLite's `:name`)
marks; `portable_sql` turns them into psycopg's style.
SQLite runs in WAL mode with `synchronous=FULL`: the library's records exist nowhere else,
and FULL makes every committed loan survive a power cut, not just a crash of the program
(NORMAL may lose the last commits when the power goes). The cost is one fsync of the WAL per
commit, well inside the desk's budget.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
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


# libpq's: seconds to connect; then ms unacknowledged on TCP, and keepalive probes, after
# which a connection to a server whose line went down counts as lost.
SERVER_TIMEOUTS = {"connect_timeout": 3, "tcp_user_timeout": 8000, "keepalives_idle": 10,
                   "keepalives_interval": 3, "keepalives_count": 3}


class LibraryPostgresqlDatabase(PostgresqlDatabase):
    """PostgreSQL through psycopg 3, speaking the same values and SQL marks as SQLite.

    Dates are stored as ISO text on both engines (models.py), so a date parameter goes to
    the server as text, never as a typed timestamp that a text column would refuse; a sum or
    a `numeric` comes back as an int (or a float), as SQLite returns it, so the statistics
    of both engines are equal value for value.
    """

    def __init__(self, url: str, **kwargs: Any) -> None:
        # A server out of reach answers in seconds, never hangs a scan (services/offline);
        # a URL's own settings win.
        for name, value in SERVER_TIMEOUTS.items():
            if name not in url:
                kwargs.setdefault(name, value)
        super().__init__(url, prefer_psycopg3=True, **kwargs)

    def _drop_if_broken(self) -> None:
        """Close this thread's connection when the server dropped it (a restart, the line
        down), so the next statement opens a new one - unless a transaction was open on it,
        which must fail as a whole. Every thread of the window (the desk, the background
        tasks) has its own connection, and each recovers by itself."""
        if not self.is_closed() and self._state.conn.broken and not self.in_transaction():
            self.close()

    def connection(self) -> Any:
        self._drop_if_broken()
        return super().connection()

    def cursor(self, named_cursor: Any = None) -> Any:
        self._drop_if_broken()
        return super().cursor(named_cursor)

    def _connect(self) -> Any:
        conn = super()._connect()
        _adapt(conn)
        return conn

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        sql = _CROSS_JOIN_ON.sub("JOIN", sql)
        return super().execute_sql(portable_sql(sql, isinstance(params, Mapping)), params)


def _adapt(conn: Any) -> None:
    from psycopg.adapt import Dumper, Loader

    text_oid = conn.adapters.types["text"].oid

    class IsoDumper(Dumper):
        oid = text_oid

        def dump(self, obj: date) -> bytes:
            text = obj.isoformat(sep=" ") if isinstance(obj, datetime) else obj.isoformat()
            return text.encode()

    class BoolDumper(Dumper):
        oid = conn.adapters.types["int8"].oid

        def dump(self, obj: bool) -> bytes:
            return b"1" if obj else b"0"

    class PlainNumberLoader(Loader):
        def load(self, data: bytes) -> int | float:
            number = Decimal(bytes(data).decode())
            return int(number) if number == number.to_integral_value() else float(number)

    conn.adapters.register_dumper(datetime, IsoDumper)
    conn.adapters.register_dumper(date, IsoDumper)
    conn.adapters.register_dumper(bool, BoolDumper)
    conn.adapters.register_loader("numeric", PlainNumberLoader)


# SQLite's `CROSS JOIN t ON …` fixes the join order; PostgreSQL plans it as the JOIN it is.
_CROSS_JOIN_ON = re.compile(r"\bCROSS JOIN\b(?=\s+\w+(?:\s+(?:AS\s+)?\w+)?\s+ON\b)")
_QUOTED = re.compile(r"('(?:[^']|'')*'|\"[^\"]*\")")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=2048)  # bounded: statements built with IN lists vary in length
def portable_sql(sql: str, named: bool = False) -> str:
    """SQLite-style marks (`?`, `:name`) as psycopg's (`%s`, `%(name)s`), literal `%` doubled.

    A statement already in psycopg's style (peewee's query builder) passes unchanged.
    """
    if "%s" in sql or "%(" in sql:
        return sql
    parts = _QUOTED.split(sql)
    for index in range(0, len(parts), 2):  # outside quotes only
        part = parts[index].replace("%", "%%").replace("?", "%s")
        parts[index] = _NAMED.sub(r"%(\1)s", part) if named else part
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace("%", "%%")
    return "".join(parts)


def is_postgresql(db: Database | None = None) -> bool:
    """Whether `db` (by default the open database) is a PostgreSQL server."""
    target = database.obj if db is None else db
    return isinstance(target, PostgresqlDatabase)


def driver_in_transaction(db: Database) -> bool:
    """Whether the driver holds a transaction open (say a BEGIN outside peewee's `atomic`)."""
    conn = db.connection()
    if isinstance(db, PostgresqlDatabase):
        from psycopg.pq import TransactionStatus

        return conn.info.transaction_status != TransactionStatus.IDLE
    return bool(getattr(conn, "in_transaction", False))


def without_password(target: str | Path) -> str:
    """`target` as it may be shown or logged: a server URL's password left out."""
    text = str(target)
    scheme, sep, rest = text.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return text
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"


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
    if str(target).startswith(("postgresql://", "postgres://")):
        db = LibraryPostgresqlDatabase(str(target))
    elif path is None:
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
        raise DomainError("db.cannot_open", target=without_password(target),
                          reason=str(exc)) from exc
    if database.obj is not None and database.obj is not db:
        database.obj.close()
    database.initialize(db)
    return db


def bind_server(url: str) -> Database:
    """Bind every model to the server at `url` without connecting: it does not answer now
    (the window starts offline), and the first statement once it does connects."""
    db = LibraryPostgresqlDatabase(url)
    if database.obj is not None:
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
