"""Integrity: SQLite's own check plus the invariants of the library's data.

Each invariant is one query returning the codes (barcodes, card numbers, days) of the rows
breaking it, with a catalogue message. Every query is driven by an index: the *quick* ones
touch only small, bounded sets of rows (open loans, holds, a recent window of days) and run
at every start of the window; the others read a whole table once and run in the full
`check` only.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from peewee import Database, DatabaseError, SqliteDatabase

from rozupe_desk.db import file_guard, schema
from rozupe_desk.db.connection import LibrarySqliteDatabase, database
from rozupe_desk.i18n import tr
from rozupe_desk.services import library
from rozupe_desk.services.branches.branches import BRANCH_COLUMNS
from rozupe_desk.services.sql import greatest

log = logging.getLogger(__name__)

# How many offending codes a message lists.
SHOWN_CODES = 5
# The statistics summaries are compared with the source rows over this many recent days.
SUMMARY_WINDOW_DAYS = 31


@dataclass(frozen=True)
class Invariant:
    key: str  # the catalogue message, given {codes}
    sql: str  # returns one code per offending row
    quick: bool = True  # bounded by indexes: also run at the window's start


# The quick ones start from the open loans (partial indexes `loan_open_*`; CROSS JOIN keeps
# SQLite from scanning every copy instead) or from the holds, a small table.
INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "integrity.copy_on_loan_without_loan",
        "SELECT i.barcode FROM item i WHERE i.status = 'on_loan' AND NOT EXISTS "
        "(SELECT 1 FROM loan l WHERE l.item_id = i.id AND l.returned_at IS NULL)",
        quick=False,
    ),
    # The partial unique index `loan_open_item` forbids a second open loan; a database
    # whose index was dropped or damaged is caught here.
    Invariant(
        "integrity.copy_with_two_open_loans",
        "SELECT i.barcode FROM loan l JOIN item i ON i.id = l.item_id "
        "WHERE l.returned_at IS NULL GROUP BY l.item_id, i.barcode HAVING count(*) > 1",
    ),
    Invariant(
        "integrity.discarded_copy_on_loan",
        "SELECT i.barcode FROM loan l CROSS JOIN item i ON i.id = l.item_id "
        "WHERE l.returned_at IS NULL AND i.status = 'discarded'",
    ),
    Invariant(
        "integrity.lost_copy_on_loan",
        "SELECT i.barcode FROM loan l CROSS JOIN item i ON i.id = l.item_id "
        "WHERE l.returned_at IS NULL AND i.status = 'lost'",
    ),
    Invariant(
        "integrity.open_loan_not_on_loan",
        "SELECT i.barcode FROM loan l JOIN item i ON i.id = l.item_id "
        "WHERE l.returned_at IS NULL AND i.status NOT IN ('on_loan', 'discarded', 'lost')",
    ),
    Invariant(
        "integrity.open_loan_without_reader",
        "SELECT i.barcode FROM loan l JOIN item i ON i.id = l.item_id "
        "WHERE l.returned_at IS NULL AND (l.patron_id IS NULL OR NOT EXISTS "
        "(SELECT 1 FROM patron p WHERE p.id = l.patron_id))",
    ),
    Invariant(
        "integrity.hold_without_reader_or_title",
        "SELECT h.id FROM hold h WHERE NOT EXISTS (SELECT 1 FROM patron p WHERE p.id = "
        "h.patron_id) OR NOT EXISTS (SELECT 1 FROM title t WHERE t.id = h.title_id)",
    ),
    Invariant(
        "integrity.ready_hold_copy_not_kept",
        "SELECT coalesce(i.barcode, '#' || h.id) FROM hold h LEFT JOIN item i "
        "ON i.id = h.item_id WHERE h.status = 'ready' "
        "AND (i.id IS NULL OR i.status <> 'reserved' OR i.title_id <> h.title_id)",
    ),
    Invariant(
        "integrity.kept_copy_without_hold",
        "SELECT i.barcode FROM item i WHERE i.status = 'reserved' AND i.id NOT IN "
        "(SELECT h.item_id FROM hold h WHERE h.status = 'ready' AND h.item_id IS NOT NULL)",
        quick=False,
    ),
    Invariant(
        "integrity.loan_before_acquisition",
        "SELECT i.barcode FROM item i WHERE i.acquired_on IS NOT NULL AND "
        "(SELECT min(l.issued_at) FROM loan l WHERE l.item_id = i.id) < i.acquired_on",
        quick=False,
    ),
    Invariant(
        "integrity.renewals_miscounted",
        "SELECT i.barcode FROM loan l JOIN item i ON i.id = l.item_id WHERE l.renewals <> "
        "(SELECT count(*) FROM renewal r WHERE r.loan_id = l.id)",
        quick=False,
    ),
    Invariant(
        "integrity.discarded_without_date",
        "SELECT i.barcode FROM item i WHERE (i.status = 'discarded') <> "
        "(i.discarded_on IS NOT NULL)",
        quick=False,
    ),
    # The branch columns have no REFERENCES clause (m1900): the link is kept true here.
    Invariant(
        "branches.integrity_unknown_branch",
        " UNION ALL ".join(
            f"SELECT '{table} ' || CAST(id AS TEXT) FROM {table} WHERE {column} IS NOT NULL"
            f" AND {column} NOT IN (SELECT id FROM branch)" for table, column in BRANCH_COLUMNS),
        quick=False,
    ),
)

# The per-day summaries against a direct count from the source rows, for the days of the
# window not waiting for their refresh (`stats_dirty_day`). Each side reads a date index.
_SUMMARY_MISMATCH = """
    WITH direct(day, kind, n) AS (
        SELECT substr(issued_at, 1, 10), 'checkout', count(*) FROM loan
         WHERE issued_at >= :lo AND issued_at < :hi GROUP BY 1
        UNION ALL
        SELECT substr(returned_at, 1, 10), 'return', count(*) FROM loan
         WHERE returned_at >= :lo AND returned_at < :hi GROUP BY 1
        UNION ALL
        SELECT substr(renewed_at, 1, 10), 'renewal', count(*) FROM renewal
         WHERE renewed_at >= :lo AND renewed_at < :hi GROUP BY 1),
    summary(day, kind, n) AS (
        SELECT day, kind, sum(n) FROM stats_day_count
         WHERE day >= :lo AND day < :hi AND kind <> 'visit'
           AND branch_id = 0  -- the whole library (m1920)
         GROUP BY day, kind),
    pairs AS (
        SELECT d.day, d.n AS a, coalesce(s.n, 0) AS b FROM direct d
          LEFT JOIN summary s ON s.day = d.day AND s.kind = d.kind
        UNION ALL
        SELECT s.day, 0, s.n FROM summary s
         WHERE NOT EXISTS (SELECT 1 FROM direct d WHERE d.day = s.day AND d.kind = s.kind))
    SELECT DISTINCT day FROM pairs
     WHERE a <> b AND day NOT IN (SELECT day FROM stats_dirty_day)
     ORDER BY day
"""


@dataclass
class CheckResult:
    integrity: str
    problems: list[tuple[str, list[str]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        return self.integrity == "ok" and not self.problems

    def messages(self) -> list[str]:
        """The problems found, translated."""
        lines = [] if self.integrity == "ok" else [tr("integrity.sqlite", detail=self.integrity)]
        lines += [tr(key, codes=", ".join(codes)) for key, codes in self.problems]
        return lines


def run_check(*, quick: bool = False) -> CheckResult:
    """The full check (`integrity_check`, every invariant) or the quick one at start
    (`quick_check`, the invariants bounded by indexes)."""
    db = database.obj
    try:
        integrity = _sqlite_check(db, quick=quick) if isinstance(db, SqliteDatabase) else "ok"
        missing = schema.missing_in(db)
        problems = [("fault.schema_incomplete", missing)] if missing else []
        try:
            problems += _invariant_problems(db, quick=quick)
            counts = asdict(library.counts())
        except DatabaseError as exc:
            if not missing or file_guard.is_damage(exc):
                raise
            counts = {}  # a missing table: already reported
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        # A damaged file can fail any query, the check's own included: it reports, never
        # crashes.
        if not file_guard.is_damage(exc):
            raise
        integrity, problems, counts = str(exc), [], {}
    result = CheckResult(integrity=integrity, problems=problems, counts=counts)
    _remember(db, result, quick=quick)
    if result.sound:
        log.info("integrity check (%s): sound", "quick" if quick else "full")
    else:
        log.warning("integrity check (%s) found problems: %s", "quick" if quick else "full",
                    result.messages())
    return result


def _invariant_problems(db: Database, *, quick: bool) -> list[tuple[str, list[str]]]:
    problems = []
    for invariant in INVARIANTS:
        if quick and not invariant.quick:
            continue
        offending = [str(row[0]) for row in
                     db.execute_sql(f"{invariant.sql} LIMIT {SHOWN_CODES}")]
        if offending:
            problems.append((invariant.key, offending))
    stale_days = summary_mismatches()
    if stale_days:
        problems.append(("integrity.summary_differs", stale_days[:SHOWN_CODES]))
    return problems


def _remember(db: Database, result: CheckResult, *, quick: bool) -> None:
    """A file SQLite finds damaged is marked, so it opens read-only until restored; a full
    check that finds it sound again lifts the mark."""
    if not isinstance(db, LibrarySqliteDatabase):
        return
    if result.integrity != "ok":
        file_guard.mark_damaged(db.database, result.integrity)
        db.set_damaged(True)
    elif not quick and db.damaged:
        file_guard.clear_damaged(db.database)
        db.set_damaged(False)


def _sqlite_check(db: SqliteDatabase, *, quick: bool) -> str:
    pragma = "quick_check" if quick else "integrity_check"
    rows = [row[0] for row in db.execute_sql(f"PRAGMA {pragma}")]
    integrity = "ok" if rows == ["ok"] else "; ".join(rows[:10])
    if integrity == "ok" and not quick:
        fk_rows = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if fk_rows:
            tables = sorted({row[0] for row in fk_rows})
            integrity = f"foreign key violations: {len(fk_rows)} ({', '.join(tables)})"
    return integrity


def summary_mismatches(*, days: int = SUMMARY_WINDOW_DAYS) -> list[str]:
    """The recent days whose statistics summary differs from the loans and renewals."""
    db = database.obj
    if not {"stats_day_count", "stats_dirty_day"} <= set(db.get_tables()):
        return []
    # The latest day with any circulation; each max() reads one end of a date index.
    latest = db.execute_sql(
        f"SELECT {greatest()}(coalesce(a, ''), coalesce(b, ''), coalesce(c, '')) FROM"
        " (SELECT (SELECT max(issued_at) FROM loan) AS a,"
        " (SELECT max(returned_at) FROM loan WHERE returned_at IS NOT NULL) AS b,"
        " (SELECT max(renewed_at) FROM renewal) AS c) AS latest").fetchone()[0]
    if not latest:
        return []
    end = date.fromisoformat(str(latest)[:10]) + timedelta(days=1)
    window = {"lo": (end - timedelta(days=days)).isoformat(), "hi": end.isoformat()}
    return [day for (day,) in db.execute_sql(_SUMMARY_MISMATCH, window)]
