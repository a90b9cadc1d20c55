"""Schema migrations: numbered modules `mNNNN_name.py`, applied in order, each once.

A module holds `STATEMENTS` (SQL run in order) and/or `up(db)`. The names applied are
recorded in `schema_migration`, so migrations added on different branches all apply. A
database that records a migration this program does not know is newer than the program
and is refused. Before an existing SQLite file is migrated, a copy is kept beside it.

The statements are written for SQLite; on PostgreSQL `_dialect` changes the few words that
differ (64-bit integers, dates as ISO text as on SQLite, no `WITHOUT ROWID`), and a module
may hold `SERVER_STATEMENTS` to run there instead of `STATEMENTS`. PostgreSQL has
transactional DDL: there one upgrade is one transaction, and a failed one leaves nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from rozupe_desk.errors import DomainError

_NAME = re.compile(r"^m(\d{4})_\w+$")


@dataclass(frozen=True)
class Migration:
    name: str
    number: int
    module: ModuleType

    def apply(self, db: Database) -> None:
        statements = getattr(self.module, "STATEMENTS", ())
        if isinstance(db, PostgresqlDatabase):
            statements = getattr(self.module, "SERVER_STATEMENTS", statements)
        for statement in statements:
            db.execute_sql(_dialect(statement, db))
        up = getattr(self.module, "up", None)
        if up is not None:
            up(db)


def known_migrations() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        match = _NAME.match(info.name)
        if match:
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(info.name, int(match.group(1)), module))
    return sorted(found, key=lambda m: m.name)


def latest_version() -> int:
    return known_migrations()[-1].number


def applied_names(db: Database) -> list[str]:
    if "schema_migration" not in db.get_tables():
        return []
    return [row[0] for row in db.execute_sql("SELECT name FROM schema_migration ORDER BY name")]


def schema_version(db: Database) -> int:
    """The number of the latest migration applied (0 for an empty database)."""
    names = applied_names(db)
    return max((int(_NAME.match(n).group(1)) for n in names if _NAME.match(n)), default=0)


def pending(db: Database) -> list[Migration]:
    """The migrations still to apply; refuses a database newer than this program."""
    known = known_migrations()
    applied = set(applied_names(db))
    unknown = applied - {m.name for m in known}
    if unknown:
        raise DomainError(
            "db.newer_schema", version=schema_version(db), supported=latest_version()
        )
    if not applied and _has_foreign_tables(db):
        raise DomainError("db.not_ours")
    return [m for m in known if m.name not in applied]


def migrate(db: Database, *, upto: int | None = None) -> list[str]:
    """Apply the pending migrations (up to number `upto`): on SQLite each in its own
    transaction (the copy kept beside the file covers the whole upgrade), on PostgreSQL all
    in one, so a failed upgrade leaves the server's schema exactly as it was."""
    todo = [m for m in pending(db) if upto is None or m.number <= upto]
    if not todo:
        return []
    if applied_names(db):
        keep_copy_before_migration(db, todo[0].number)
    whole = db.atomic() if isinstance(db, PostgresqlDatabase) else nullcontext()
    with whole:
        with db.atomic():
            db.execute_sql(
                "CREATE TABLE IF NOT EXISTS schema_migration ("
                "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        for migration in todo:
            with db.atomic():
                migration.apply(db)
                db.execute_sql(
                    f"INSERT INTO schema_migration (name, applied_at) "
                    f"VALUES ({db.param}, {db.param})",
                    (migration.name, datetime.now().isoformat(timespec="seconds")),
                )
    return [m.name for m in todo]


def keep_copy_before_migration(db: Database, number: int) -> Path | None:
    """Copy an SQLite file aside (online backup API) before its schema changes."""
    if not isinstance(db, SqliteDatabase) or db.database == ":memory:":
        return None
    source = Path(db.database)
    target = source.with_name(f"{source.name}.before-v{number:04d}.bak")
    destination = sqlite3.connect(target)
    try:
        db.connection().backup(destination)
    finally:
        destination.close()
    return target


def _has_foreign_tables(db: Database) -> bool:
    return any(not t.startswith("sqlite_") for t in db.get_tables())


def _dialect(statement: str, db: Database) -> str:
    """Our DDL is written for SQLite; PostgreSQL needs a few words changed."""
    if not isinstance(db, PostgresqlDatabase):
        return statement
    for pattern, replacement in _POSTGRES_WORDS:
        statement = pattern.sub(replacement, statement)
    return statement


# SQLite's integers are 64-bit and its dates ISO text (peewee writes them so): the server
# stores the same values, so every query and every statistic reads alike on both engines.
_POSTGRES_WORDS = [
    (re.compile(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b"), "BIGSERIAL PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\b(DATETIME|DATE)\b(?=\s|,|\)|$)"), "TEXT"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\)\s*WITHOUT ROWID"), ")"),
]
