"""Opening the library's database and telling what it holds."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, DatabaseError

from rozupe_desk.db import file_guard, migrations
from rozupe_desk.db.connection import (
    is_damaged,
    is_url,
    open_database,
    sqlite_path,
    without_password,
)
from rozupe_desk.db.models import Event, Item, Loan, Patron, Setting, Title
from rozupe_desk.errors import DomainError
from rozupe_desk.services.offline.link import unreachable

log = logging.getLogger(__name__)


def open_library(target: str | Path) -> Database:
    """Open the database at `target` and bring its schema up to date.

    A file found damaged (now or by an earlier check) is opened for reading only and not
    migrated: `check` can still report on it, and nothing writes into the damage.
    """
    db = _open(target)
    if is_damaged() or getattr(db, "read_only", False):
        log.warning("opened the database %s for reading only", target)
        return db
    try:
        applied = migrations.migrate(db)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        if not file_guard.is_damage(exc):
            raise
        log.error("the database %s is damaged: %s", target, exc)
        file_guard.mark_damaged(sqlite_path(target), str(exc))
        return open_database(target)
    log.info("opened the database %s; migrations applied: %s", shown_target(target),
             applied or "none")
    return db


SERVER_AWAY = "offline.msg.no_server"  # the refusal of a server that cannot be reached


def _open(target: str | Path) -> Database:
    """`open_database`; a server that cannot be reached said in one line in the librarian's
    words, not libpq's two in English."""
    try:
        return open_database(target)
    except DomainError as error:
        if is_url(str(target)) and sqlite_path(target) is None and unreachable(error):
            raise DomainError(SERVER_AWAY, target=shown_target(target)) from error
        raise


def shown_target(target: str | Path) -> str:
    """The database as the window and the log name it (never a server password)."""
    return without_password(target)


def initialize(target: str | Path) -> list[str]:
    """Create or migrate the database; returns the migrations applied (none the 2nd time)."""
    db = _open(target)
    return migrations.migrate(db)


@dataclass(frozen=True)
class Counts:
    patrons: int
    titles: int
    items: int
    loans: int
    events: int


def counts() -> Counts:
    return Counts(
        patrons=Patron.select().count(),
        titles=Title.select().count(),
        items=Item.select().count(),
        loans=Loan.select().count(),
        events=Event.select().count(),
    )


def is_empty() -> bool:
    """No readers, no copies: a fresh database (the first run, or a target for demo data)."""
    return not Patron.select().exists() and not Item.select().exists()


def is_first_run() -> bool:
    """An empty database that nobody has set up yet."""
    return is_empty() and not Setting.select().where(Setting.key == "library_name").exists()
