"""Trying a library server before a desk is set to work on it (the first run's server choice).

`probe` connects once with a short timeout, on its own connection (the open library stays
as it is), and tells in the librarian's words what is wrong: no server at that address, the
user or password refused, no such database, a database of something else; or what is
there: an empty database that `create_library` makes a Rožupe Desk library, or a library
with its branches. libpq's connection errors carry no SQLSTATE, so they are told apart by
libpq's own (English) text; anything else is shown with the server's reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

from peewee import DatabaseError

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import LibraryPostgresqlDatabase, is_postgresql
from rozupe_desk.errors import DomainError, InvalidInput

DEFAULT_PORT = 5432
TIMEOUT_SECONDS = 5
# libpq's words for a refused login, a missing database and a missing user.
_PASSWORD_WORDS = ("password authentication failed", "no password supplied",
                   "authentication failed")
_NO_DATABASE_WORDS = ("database", "does not exist")
_NO_USER_WORDS = ("role", "does not exist")


@dataclass(frozen=True)
class ServerAddress:
    """What the municipality's IT person writes on the slip: host, port, database, user,
    password."""

    host: str
    port: int
    database: str
    user: str
    password: str = ""

    def url(self, *, with_password: bool = False) -> str:
        secret = f":{quote(self.password, safe='')}" if with_password and self.password else ""
        return (f"postgresql://{quote(self.user, safe='')}{secret}@{self.host}:{self.port}"
                f"/{quote(self.database, safe='')}")


@dataclass(frozen=True)
class ServerBranch:
    code: str
    name: str


@dataclass(frozen=True)
class ProbeResult:
    """`blank`: an empty database, no library yet; else the library's branches and whether
    its first run (the library's name and rules) was done."""

    blank: bool
    branches: tuple[ServerBranch, ...] = ()
    set_up: bool = False


def address(*, host: str, port: str, database: str, user: str, password: str) -> ServerAddress:
    """The fields as typed, checked: a refusal names the missing one."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host or not database or not user:
        raise InvalidInput("server_desk.fields_missing")
    try:
        number = int(port.strip() or DEFAULT_PORT)
    except ValueError:
        number = 0
    if not 0 < number < 65536:
        raise InvalidInput("server_desk.bad_port", port=port.strip())
    return ServerAddress(host, number, database, user, password)


def probe(*, server: ServerAddress) -> ProbeResult:
    """Connect to `server` once and tell what is there; DomainError when it cannot."""
    db = _connect(server)
    try:
        tables = db.execute_sql("SELECT count(*) FROM information_schema.tables"
                                " WHERE table_schema = current_schema()").fetchone()[0]
        ours = db.execute_sql("SELECT to_regclass('schema_migration') IS NOT NULL"
                              " AND to_regclass('branch') IS NOT NULL").fetchone()[0]
        if not ours:
            if tables:
                raise InvalidInput("server_desk.not_ours", database=server.database)
            return ProbeResult(blank=True)
        library_name = db.execute_sql(
            "SELECT value FROM setting WHERE key = 'library_name'").fetchone()
        name = json.loads(library_name[0]) if library_name else ""  # settings are JSON
        branches = tuple(ServerBranch(code, branch_name or (name if number == 1 else code))
                         for number, code, branch_name in db.execute_sql(
                             "SELECT id, code, name FROM branch ORDER BY id").fetchall())
        return ProbeResult(blank=False, branches=branches, set_up=bool(name))
    finally:
        db.close()


def create_library(*, server: ServerAddress) -> ProbeResult:
    """Make the empty database at `server` a Rožupe Desk library (`init`), then probe it."""
    if not probe(server=server).blank:
        raise InvalidInput("server_desk.not_blank", database=server.database)
    db = _connect(server)
    try:
        migrations.migrate(db)
    finally:
        db.close()
    return probe(server=server)


def on_server() -> bool:
    """The open library is on a server (not the file on this PC)."""
    return is_postgresql()


def _connect(server: ServerAddress) -> LibraryPostgresqlDatabase:
    db = LibraryPostgresqlDatabase(server.url(with_password=True),
                                   connect_timeout=TIMEOUT_SECONDS)
    try:
        db.connect()
    except DatabaseError as exc:
        raise _explained(exc, server) from exc
    return db


def _explained(exc: Exception, server: ServerAddress) -> DomainError:
    reason = str(exc)
    lowered = reason.lower()
    where = {"host": server.host, "port": server.port}
    if "fatal" not in lowered:  # libpq never reached a PostgreSQL server there
        return InvalidInput("server_desk.no_server", **where)
    if any(words in lowered for words in _PASSWORD_WORDS):
        return InvalidInput("server_desk.wrong_password", user=server.user)
    if all(word in lowered for word in _NO_USER_WORDS) and '"' + server.user.lower() in lowered:
        return InvalidInput("server_desk.wrong_password", user=server.user)
    if all(word in lowered for word in _NO_DATABASE_WORDS):
        return InvalidInput("server_desk.no_database", database=server.database, **where)
    return InvalidInput("server_desk.refused", reason=reason.rsplit("FATAL:", 1)[-1].strip())
