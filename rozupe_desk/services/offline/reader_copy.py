"""A read-only copy of the readers on this PC, for the desk while the server is away.

While online it is refreshed in the background into a small SQLite file in the user data
folder (`offline/readers.sqlite`); offline, a card scan finds the reader's name in it. It
holds what the desk shows of a reader and no more: card number, name, birth date or year,
category, guardian's card and whether she is blocked - never an address, phone or e-mail.

The privacy promise of the library's database (an erased reader leaves no byte behind,
`readers/privacy_guard`) holds here too: a refresh rewrites the copy in place with
`secure_delete` (a dropped row's bytes are overwritten with zeros) and no journal file on
the disk, so a reader erased on the server is gone from this file at the next refresh.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rozupe_desk.services.offline.journal import folder
from rozupe_desk.services.sql import all_rows, as_date

FILE_NAME = "readers.sqlite"
_COLUMNS = ("card_number", "first_name", "last_name", "birth_date", "birth_year", "category",
            "guardian_card", "blocked")


@dataclass(frozen=True)
class CopiedReader:
    card_number: str
    first_name: str
    last_name: str
    birth_date: date | None
    birth_year: int | None
    category: str
    guardian_card: str
    blocked: bool

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def path(where: Path | None = None) -> Path:
    return (where or folder()) / FILE_NAME


def _open(target: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None)
    # Zeroed when deleted, and no rollback journal left on the disk with old rows in it.
    conn.execute("PRAGMA secure_delete = 1")
    conn.execute("PRAGMA journal_mode = MEMORY")
    return conn


def refresh(*, where: Path | None = None) -> int:
    """Copy the readers from the open database (the server) into this PC's file; returns
    how many. Erased (anonymised) readers are left out, and so leave the copy."""
    rows = all_rows(
        "SELECT p.card_number, p.first_name, p.last_name, p.birth_date, p.birth_year,"
        " p.category, coalesce(g.card_number, ''), p.blocked FROM patron p"
        " LEFT JOIN patron g ON g.id = p.guardian_id WHERE p.anonymized = 0")
    target = path(where)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _open(target)
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError:  # a refresh cut by a power cut: it is only a copy
        target.unlink(missing_ok=True)
        conn = _open(target)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS reader (card_number TEXT PRIMARY KEY,"
                     " first_name TEXT, last_name TEXT, birth_date TEXT, birth_year INTEGER,"
                     " category TEXT, guardian_card TEXT, blocked INTEGER)")
        conn.execute("BEGIN")
        conn.execute("DELETE FROM reader")
        conn.executemany(f"INSERT INTO reader ({', '.join(_COLUMNS)}) VALUES"
                         f" ({', '.join('?' * len(_COLUMNS))})",
                         [(card, first, last, str(birth) if birth else None, year, category,
                           guardian, int(bool(blocked)))
                          for card, first, last, birth, year, category, guardian, blocked
                          in rows])
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(rows)


def find(card_number: str, *, where: Path | None = None) -> CopiedReader | None:
    """The reader with this card in the copy (None: no copy, or not in it)."""
    target = path(where)
    if not target.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM reader"
                               " WHERE card_number = ?", (card_number,)).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    if row is None:
        return None
    card, first, last, birth, year, category, guardian, blocked = row
    return CopiedReader(card, first, last, as_date(birth), year, category, guardian,
                        bool(blocked))
