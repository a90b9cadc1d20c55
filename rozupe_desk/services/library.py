"""Opening the library's database and telling what it holds."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from peewee import Database

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import open_database, without_password
from rozupe_desk.db.models import Event, Item, Loan, Patron, Setting, Title

log = logging.getLogger(__name__)


def open_library(target: str | Path) -> Database:
    """Open the database at `target` and bring its schema up to date."""
    db = open_database(target)
    applied = migrations.migrate(db)
    log.info("opened the database %s; migrations applied: %s", shown_target(target),
             applied or "none")
    return db


def shown_target(target: str | Path) -> str:
    """The database as the window and the log name it (never a server password)."""
    return without_password(target)


def initialize(target: str | Path) -> list[str]:
    """Create or migrate the database; returns the migrations applied (none the 2nd time)."""
    db = open_database(target)
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
