"""Version 19: branches (issue 16). The municipality's collection is one catalogue of shared
readers and titles; each copy belongs to a branch, and each transaction records the branch
whose desk made it, so every list and report can be for one branch or all.

The branch columns are `NOT NULL DEFAULT 1` without a REFERENCES clause: both engines add
such a column without rewriting the table (a library of ten million loans migrates in a
moment) and every existing row belongs to branch 1, the library itself. SQLite refuses a
REFERENCES column with a default, so the services keep the link true and `check` verifies
it.

A copy checked in at another branch's desk is on its way home: `transit_since` is the day it
was checked in there and `transit_from_branch_id` that branch; both are NULL when the copy is
at home.
"""

from __future__ import annotations

from datetime import datetime

from peewee import Database

STATEMENTS = [
    """CREATE TABLE branch (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
        name TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL)""",
    "ALTER TABLE item ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE item ADD COLUMN transit_from_branch_id INTEGER",
    "ALTER TABLE item ADD COLUMN transit_since DATE",
    "ALTER TABLE patron ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE loan ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 1",
    # Where the copy came back; meaningful once `returned_at` is set.
    "ALTER TABLE loan ADD COLUMN return_branch_id INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE renewal ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE visit ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE reference_query ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE event ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 1",
    "CREATE INDEX item_transit ON item(branch_id) WHERE transit_since IS NOT NULL",
]


def up(db: Database) -> None:
    """Branch 1 is the library itself: every row already there belongs to it. Its name stays
    empty until the librarian names it; until then the library's own name stands for it."""
    db.execute_sql(f"INSERT INTO branch (code, name, created_at) VALUES ({db.param}, '',"
                   f" {db.param})", ("1", datetime.now().replace(microsecond=0).isoformat(sep=" ")))
