"""The whole schema the migrations create, and what of it a database file lacks.

The expected parts (tables, indexes, triggers, full-text tables) are read from a fresh
in-memory database the program migrates itself, so the list never lags behind a new
migration. A restored backup or a damaged file missing `stats_day_count` or `title_fts`
would pass SQLite's own check and then break statistics or search. The shape of a file is
SQLite's own matter, so this reads `sqlite_master`; a server is not checked here.
"""

from __future__ import annotations

from functools import cache

from peewee import Database, SqliteDatabase

from rozupe_desk.db import migrations

# SQLite's own tables and the automatic indexes of UNIQUE constraints are no part of ours.
PARTS = ("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')"
         " AND name NOT LIKE 'sqlite_%'")


@cache
def expected_parts(version: int) -> frozenset[tuple[str, str]]:
    """(type, name) of every table, index and trigger of a database migrated up to
    `version` (an older backup is migrated after its restore)."""
    fresh = SqliteDatabase(":memory:")
    try:
        migrations.migrate(fresh, upto=version)
        return frozenset(fresh.execute_sql(PARTS).fetchall())
    finally:
        fresh.close()


def missing_parts(found: set[tuple[str, str]], version: int) -> list[str]:
    """The names of the parts of schema `version` not among the `found` rows of `PARTS`."""
    return sorted(name for _kind, name in expected_parts(version) - found)


def missing_in(db: Database) -> list[str]:
    """What the open database lacks of its own schema version (nothing is checked on a
    server, whose schema the same migrations made in its own dialect)."""
    if not isinstance(db, SqliteDatabase):
        return []
    return missing_parts(set(db.execute_sql(PARTS).fetchall()), migrations.schema_version(db))
