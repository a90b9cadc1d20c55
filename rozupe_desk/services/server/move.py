"""Moving a library from its SQLite file onto a server: `migrate-to URL` (issue 16).

The server database must be empty (as `init` leaves it); it is migrated first. Every table
of the server schema is copied with COPY, parents before children (the order comes from
the server's own foreign keys, so tables that other features add move too); a reader's
guardian, a reference inside one table, is filled in after all readers are there. The
statistics summaries are derived, so every day is listed for a rebuild, except what
anonymised history left as the only record (m1200, m1920): the frozen day, the closed
months' reader counts and the summaries of the frozen days are copied as they are, the
readers' first days of the year are worked out again from those summaries (the rebuild of
the later days merges into them, as on the file), and the rebuild skips the frozen days.
Then each table's row count is compared with the file's and the id sequences move past the
copied ids. All of it is one server transaction: a refused or failed move leaves the server
as empty as it was, and the SQLite file is only read.

`branch_code` moves a branch's own library in as that branch: the file's rows of its
branch 1 (the only one a library without a server has) become the new branch's, counted
again column by column; the server's branch 1 stays the municipality's library itself.
Merging into a server that already holds a library is not done: the server must be empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from peewee import Database

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import (
    LibraryPostgresqlDatabase,
    database,
    is_postgresql,
    raw_sqlite_connection,
    without_password,
)
from rozupe_desk.db.migrations import m0700_stats_summary
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services.branches.branches import BRANCH_COLUMNS, MAIN_BRANCH_ID, MAX_CODE_LENGTH
from rozupe_desk.services.safety import audit

Progress = Callable[[float], None]
SKIPPED = {"schema_migration"}
DERIVED_PREFIX = "stats_"  # rebuilt on the server from the copied rows, except…
# … what cannot be rebuilt once the history is anonymised: table -> the rows kept (`?` is
# the first day still rebuilt, '' when nothing is frozen).
FROZEN_ROWS = {"stats_frozen": "", "stats_closed_month": "", "stats_closed_branch_month": "",
               "stats_reader_day": "day < ?", "stats_day_count": "day < ?"}
# The summaries' branch columns (branch 0 is the whole library and stays 0).
STATS_BRANCH_TABLES = ("stats_reader_day", "stats_day_count", "stats_reader_year",
                       "stats_closed_branch_month")
FIRST_DAYS = """INSERT INTO stats_reader_year (year, branch_id, token, first_day, first_lent_day)
    SELECT CAST(substr(day, 1, 4) AS INTEGER), branch_id, token, min(day),
           min(CASE WHEN lent = 1 THEN day END)
      FROM stats_reader_day GROUP BY 1, 2, 3"""


@dataclass(frozen=True)
class MoveSummary:
    url: str
    rows: dict[str, int]  # table -> rows copied (and counted again on the server)


def migrate_to(*, url: str, progress: Progress | None = None, branch_code: str = "",
               branch_name: str = "") -> MoveSummary:
    """Copy the open SQLite library into the empty server database at `url` (as the
    branch `branch_code`, named `branch_name`, when given)."""
    report = progress or (lambda _fraction: None)
    if is_postgresql() or not url.startswith(("postgresql://", "postgres://")):
        raise InvalidInput("server.move_needs_file_and_url")
    source = raw_sqlite_connection(database.obj)
    target = LibraryPostgresqlDatabase(url)
    try:
        target.connect()
        migrations.migrate(target)
        with target.atomic():
            if any(target.execute_sql(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                   for t in ("patron", "title", "item", "loan")):
                raise InvalidInput("server.move_target_not_empty", url=without_password(url))
            # The server's migration made its branch 1, the file brings its own.
            target.execute_sql("DELETE FROM branch")
            rows = _copy_tables(source, target, report)
            rows.update(_copy_frozen(source, target))
            if branch_code.strip():
                _as_branch(source, target, branch_code.strip(),
                           branch_name.strip() or branch_code.strip())
            target.execute_sql(m0700_stats_summary.SERVER_BACKFILL)  # every day to rebuild
            target.execute_sql(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, details)"
                " VALUES (?, ?, 'server.migrate_to', 'library', '', ?)",
                (datetime.now().isoformat(sep=" "), audit.current_actor(), json.dumps(rows)))
    finally:
        target.close()
    report(1.0)
    return MoveSummary(url=without_password(url), rows=rows)


def _copy_tables(source, target: Database, report: Progress) -> dict[str, int]:
    tables = [t for t in _parents_first(target)
              if t not in SKIPPED and not t.startswith(DERIVED_PREFIX)]
    present = {row[0] for row in source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    copied = {}
    for number, table in enumerate(tables):
        if table not in present:
            continue
        columns, self_refs = _columns(source, target, table)
        _copy(source, target, table, columns, self_refs)
        for column in self_refs:  # filled once every row it may point at is there
            pairs = source.execute(f"SELECT id, {column} FROM {table}"
                                   f" WHERE {column} IS NOT NULL").fetchall()
            target.cursor().executemany(
                f"UPDATE {table} SET {column} = %s WHERE id = %s", [(v, i) for i, v in pairs])
        expected = source.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        found = target.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
        _check_count(table, expected, found)
        if "id" in columns:
            target.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
        copied[table] = found
        report(0.95 * (number + 1) / len(tables))
    return copied


def _copy_frozen(source, target: Database) -> dict[str, int]:
    """The statistics of anonymised history: the rows nothing else can rebuild."""
    frozen = source.execute("SELECT coalesce(max(before_day), '') FROM stats_frozen").fetchone()
    copied = {}
    for table, where in FROZEN_ROWS.items():
        params = frozen if where else ()
        condition = f" WHERE {where}" if where else ""
        columns, _ = _columns(source, target, table)
        _copy(source, target, table, columns, [], condition, params)
        expected = source.execute(f"SELECT count(*) FROM {table}{condition}",
                                  params).fetchone()[0]
        found = target.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
        _check_count(table, expected, found)
        copied[table] = found
    target.execute_sql(FIRST_DAYS)
    return copied


def _check_count(what: str, expected: int, found: int) -> None:
    """The move is refused, and rolled back, when the server holds other rows than the file."""
    if found != expected:
        raise InvalidInput("server.move_count_differs", table=what, file=expected, server=found)


def _as_branch(source, target: Database, code: str, name: str) -> None:
    """The rows of the file's branch 1 become those of a new branch `code` (a stocktaking
    of all the file's copies was one of that branch's); each column counted again."""
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidInput("branches.bad_branch", limit=MAX_CODE_LENGTH)
    if target.execute_sql("SELECT 1 FROM branch WHERE code = ?", (code,)).fetchone():
        raise InvalidInput("branches.code_taken", code=code)
    new_id = target.execute_sql(
        "INSERT INTO branch (code, name, created_at) VALUES (?, ?, ?) RETURNING id",
        (code, name, datetime.now().replace(microsecond=0).isoformat(sep=" "))).fetchone()[0]
    for table, column in BRANCH_COLUMNS:
        nulls = f" OR {column} IS NULL" if table == "stocktake_session" else ""
        target.execute_sql(f"UPDATE {table} SET {column} = ? WHERE {column} = ?{nulls}",
                           (new_id, MAIN_BRANCH_ID))
        expected = source.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?{nulls}",
                                  (MAIN_BRANCH_ID,)).fetchone()[0]
        found = target.execute_sql(f"SELECT count(*) FROM {table} WHERE {column} = ?",
                                   (new_id,)).fetchone()[0]
        _check_count(f"{table}.{column}", expected, found)
    for table in STATS_BRANCH_TABLES:  # the copied summaries of branch 1 are the new one's
        target.execute_sql(f"UPDATE {table} SET branch_id = ? WHERE branch_id = ?",
                           (new_id, MAIN_BRANCH_ID))


def _columns(source, target: Database, table: str) -> tuple[list[str], list[str]]:
    """The columns both sides have that the server accepts (not its generated ones), and
    those among them that refer to the same table."""
    theirs = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
    ours = [name for name, generated in target.execute_sql(
        "SELECT column_name, is_generated FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        (table,)) if generated != "ALWAYS" and name in theirs]
    self_refs = [fk.column for fk in target.get_foreign_keys(table)
                 if fk.dest_table == table and fk.column in ours]
    return ours, self_refs


def _copy(source, target: Database, table: str, columns: list[str],
          self_refs: list[str], condition: str = "", params: tuple = ()) -> None:
    selected = ", ".join("NULL" if c in self_refs else c for c in columns)
    rows = source.execute(f"SELECT {selected} FROM {table}{condition}", params)
    cursor = target.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _parents_first(target: Database) -> list[str]:
    """The server's tables, each after the tables its foreign keys point at."""
    tables = target.get_tables()
    parents = {t: {fk.dest_table for fk in target.get_foreign_keys(t)} - {t} for t in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:  # a cycle between tables: leave the rest in name order
            ready = [t for t in tables if t not in ordered]
        ordered += ready
    return ordered
