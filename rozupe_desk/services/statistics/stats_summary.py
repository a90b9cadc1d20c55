"""Keeping the per-day statistics summaries (migration m0700) up to date.

Triggers list every day whose loans, renewals, returns or visits changed in
`stats_dirty_day`; `refresh()` recomputes exactly those days from the source rows, then the
yearly first days of the readers those days touch. Each day is rebuilt from scratch, so an
undone return, a deleted loan or an anonymised reader are as exact as new loans. The
summaries are derived data, like an index: rebuilding them changes no record of the
library and is not written to the audit log.

Every summary row has a branch (m1920): branch 0 is the whole library, where a reader-day
is one however many branches the reader came to; branches 1… count each desk's own
transactions. The library's checkouts, renewals, returns and automatic visits are the sum
of its branches'; its readers are counted once.

The SQL runs on both engines; where they differ (a date 18 years on, a true comparison stored
as 1, the smaller of two values) `_words` names the engine's own spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.db.migrations import m0700_stats_summary as schema
from rozupe_desk.db.migrations import m1920_branch_stats as branch_schema
from rozupe_desk.db.migrations.m1920_branch_stats import ALL_BRANCHES

# A refresh step covers days at most this far apart, so each step reads one short range of
# the date indexes however scattered the dirty days are.
MAX_SPAN_DAYS = 31


def child_on(day: str, patron: str, fallback: str, *, server: bool = False) -> str:
    """SQL that is 1 when `patron` was under 18 on `day` ('YYYY-MM-DD' text), the rule of
    `ages.age_group` (a birth year alone: as if born on 31 December); `fallback` when the
    birth is unknown.

    On a server the 18th birthday is spelled as text: "2008-02-29" + 18 years is
    "2026-02-29", which compares with every real day exactly as SQLite's "2026-03-01"."""
    if server:
        born, by_year = (
            f"lpad(CAST(CAST(substr({patron}.birth_date, 1, 4) AS INTEGER) + 18 AS TEXT), 4,"
            f" '0') || substr({patron}.birth_date, 5, 6)",
            f"lpad(CAST({patron}.birth_year + 18 AS TEXT), 4, '0') || '-12-31'")
        return (f"(CASE WHEN {patron}.birth_date IS NOT NULL THEN {_one(f'{born} > {day}')}"
                f" WHEN {patron}.birth_year IS NOT NULL THEN {_one(f'{by_year} > {day}')}"
                f" ELSE {fallback} END)")
    return (
        f"(CASE WHEN {patron}.birth_date IS NOT NULL"
        f" THEN date({patron}.birth_date, '+18 years') > {day}"
        f" WHEN {patron}.birth_year IS NOT NULL"
        f" THEN printf('%04d-12-31', {patron}.birth_year + 18) > {day}"
        f" ELSE {fallback} END)"
    )


def _one(condition: str) -> str:
    """1 when `condition` holds, else 0: a comparison stored as a number on both engines."""
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


_IN_STEP = "IN (SELECT day FROM stats_step_day)"

# The circulation transactions of the step's days: who, which day, a child's or not.
# Checkouts carry the age group of their day on the loan; renewals and returns take it from
# the reader's birth on their own day while the reader is known, else from the loan.
_CHILD_LOAN = _one("age_group = 'child'")
_CHILD_OF_LOAN = _one("l.age_group = 'child'")


def _step_tx(server: bool) -> str:
    return f"""
    INSERT INTO stats_step_tx(token, day, branch_id, kind, child, document_type)
    SELECT patron_token, substr(issued_at, 1, 10), branch_id, 'checkout', {_CHILD_LOAN},
           document_type
      FROM loan WHERE issued_at >= :lo AND issued_at < :hi
                  AND substr(issued_at, 1, 10) {_IN_STEP}
    UNION ALL
    SELECT l.patron_token, substr(r.renewed_at, 1, 10), r.branch_id, 'renewal',
           {child_on("substr(r.renewed_at, 1, 10)", "p", _CHILD_OF_LOAN, server=server)},
           l.document_type
      FROM renewal r JOIN loan l ON l.id = r.loan_id LEFT JOIN patron p ON p.id = l.patron_id
     WHERE r.renewed_at >= :lo AND r.renewed_at < :hi
       AND substr(r.renewed_at, 1, 10) {_IN_STEP}
    UNION ALL
    SELECT l.patron_token, substr(l.returned_at, 1, 10), l.return_branch_id, 'return',
           {child_on("substr(l.returned_at, 1, 10)", "p", _CHILD_OF_LOAN, server=server)},
           l.document_type
      FROM loan l LEFT JOIN patron p ON p.id = l.patron_id
     WHERE l.returned_at >= :lo AND l.returned_at < :hi
       AND substr(l.returned_at, 1, 10) {_IN_STEP}
    UNION ALL
    SELECT patron_token, substr(at, 1, 10), branch_id, 'hand', {_CHILD_LOAN}, ''
      FROM visit WHERE at >= :lo AND at < :hi AND patron_token IS NOT NULL
                   AND substr(at, 1, 10) {_IN_STEP}
"""

# One row per reader and day, for the whole library (branch 0) and for each branch where
# the reader came. A day with circulation is an automatic visit, a child's when any of its
# transactions was; a day with only hand-counted visits takes their age group.
def _step_reader_days(*, per_branch: bool) -> str:
    branch, grouped = ("branch_id", ", branch_id") if per_branch else (ALL_BRANCHES, "")
    return f"""
    INSERT INTO stats_reader_day(day, branch_id, token, circulation, lent, child)
    SELECT day, {branch}, token, max(circulation), max(lent),
           CASE WHEN max(circulation) = 1 THEN max(circulation * child) ELSE max(child) END
      FROM (SELECT day, branch_id, token, {_one("kind <> 'hand'")} AS circulation,
                   {_one("kind IN ('checkout', 'renewal')")} AS lent, child
              FROM stats_step_tx) AS reader_days
     GROUP BY day, token{grouped}
"""


# Transactions count at their branch and in the whole library. An automatic visit is one
# reader-day of circulation at a branch; the library's visits are the sum of its branches'
# (a reader who came to two branches on one day made two visits).
_STEP_DAY_COUNTS = f"""
    INSERT INTO stats_day_count(day, branch_id, kind, child, document_type, n)
    SELECT day, branch_id, kind, child, document_type, count(*) FROM stats_step_tx
     WHERE kind <> 'hand' GROUP BY day, branch_id, kind, child, document_type
    UNION ALL
    SELECT day, {ALL_BRANCHES}, kind, child, document_type, count(*) FROM stats_step_tx
     WHERE kind <> 'hand' GROUP BY day, kind, child, document_type
    UNION ALL
    SELECT day, branch_id, 'visit', child, '', count(*) FROM stats_reader_day
     WHERE day {_IN_STEP} AND circulation = 1 AND branch_id <> {ALL_BRANCHES}
     GROUP BY day, branch_id, child
    UNION ALL
    SELECT day, {ALL_BRANCHES}, 'visit', child, '', count(*) FROM stats_reader_day
     WHERE day {_IN_STEP} AND circulation = 1 AND branch_id <> {ALL_BRANCHES}
     GROUP BY day, child
"""

# New reader-days can only move a reader's first day of the year earlier.
def _year_upsert(server: bool) -> str:
    least = "LEAST" if server else "min"  # the smaller of two: SQLite's min(a, b)
    return f"""
    INSERT INTO stats_reader_year(year, branch_id, token, first_day, first_lent_day)
    SELECT CAST(substr(day, 1, 4) AS INTEGER), branch_id, token, min(day),
           min(CASE WHEN lent = 1 THEN day END)
      FROM stats_reader_day WHERE day {_IN_STEP}
     GROUP BY 1, 2, 3
    ON CONFLICT (year, branch_id, token) DO UPDATE SET
        first_day = {least}(stats_reader_year.first_day, excluded.first_day),
        first_lent_day = coalesce({least}(stats_reader_year.first_lent_day,
                                          excluded.first_lent_day),
                                  stats_reader_year.first_lent_day, excluded.first_lent_day)
"""

# Readers who lost a reader-day (a deleted loan, an undone return) get their year recounted,
# in the whole library and in the branch where they lost it.
# (The IN lists let both engines find the rows by the primary key; CROSS JOIN keeps SQLite
# reading the few touched readers first, each by the token index.)
_YEAR_FORGET = """
    DELETE FROM stats_reader_year WHERE year = :year
       AND branch_id IN (SELECT branch_id FROM stats_touched)
       AND token IN (SELECT token FROM stats_touched)
       AND EXISTS (SELECT 1 FROM stats_touched t WHERE t.token = stats_reader_year.token
                      AND t.branch_id = stats_reader_year.branch_id)
"""
_YEAR_RECOUNT = """
    INSERT INTO stats_reader_year(year, branch_id, token, first_day, first_lent_day)
    SELECT :year, d.branch_id, d.token, min(d.day), min(CASE WHEN d.lent = 1 THEN d.day END)
      FROM stats_touched t CROSS JOIN stats_reader_day d
     WHERE d.token = t.token AND d.branch_id = t.branch_id AND d.day >= :lo AND d.day < :hi
     GROUP BY d.branch_id, d.token
"""

Progress = Callable[[float], None]

_TRIGGERS = {re.search(r"CREATE TRIGGER (\w+)", sql).group(1): sql
             for sql in (*schema.TRIGGERS, *branch_schema.TRIGGERS)}


def _restore_triggers() -> None:
    """Put back triggers that a later rebuild of their table dropped (SQLite drops a
    table's triggers with it). Changes made meanwhile went unlisted, so every day is
    listed again: slow once, never wrong."""
    if is_postgresql():
        return  # a server keeps a table's triggers through every ALTER TABLE
    present = {name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [sql for name, sql in _TRIGGERS.items() if name not in present]
    for sql in missing:
        database.execute_sql(sql)
    if missing:
        database.execute_sql(schema.BACKFILL)


def _steps(days: list[str]) -> Iterator[list[str]]:
    """The sorted dirty days cut into runs spanning at most MAX_SPAN_DAYS."""
    run: list[str] = []
    for day in days:
        if run and (date.fromisoformat(day) - date.fromisoformat(run[0])).days >= MAX_SPAN_DAYS:
            yield run
            run = []
        run.append(day)
    if run:
        yield run


def pending_days() -> int:
    return database.execute_sql("SELECT count(*) FROM stats_dirty_day").fetchone()[0]


def refresh(progress: Progress | None = None) -> int:
    """Bring the summaries up to date; returns the number of days rebuilt."""
    run = database.execute_sql
    _restore_triggers()
    if not run("SELECT 1 FROM stats_dirty_day LIMIT 1").fetchone():
        return 0
    # The list of dirty days and their rebuild are one snapshot: the transaction holds the
    # write lock from its start (connection.LibrarySqliteDatabase), so a desk write waits
    # the moment it takes instead of slipping in between.
    server = is_postgresql()
    with database.atomic():
        if server:  # as SQLite's write lock: no desk lists a day between the read and the end
            run("LOCK TABLE stats_dirty_day IN EXCLUSIVE MODE")
        # Anonymised history no longer tells its readers apart: its days stay as they were.
        run("DELETE FROM stats_dirty_day WHERE day < (SELECT coalesce(max(before_day), '')"
            " FROM stats_frozen)")
        days = [day for (day,) in run("SELECT day FROM stats_dirty_day ORDER BY day")
                if _is_day(day)]
        run("CREATE TEMP TABLE IF NOT EXISTS stats_step_day (day TEXT PRIMARY KEY)")
        run("CREATE TEMP TABLE IF NOT EXISTS stats_step_tx (token INTEGER, day TEXT,"
            " branch_id INTEGER, kind TEXT, child INTEGER, document_type TEXT)")
        run("CREATE TEMP TABLE IF NOT EXISTS stats_touched (token INTEGER, branch_id INTEGER,"
            " PRIMARY KEY (token, branch_id))")
        run("CREATE TEMP TABLE IF NOT EXISTS stats_old_day (day TEXT, branch_id INTEGER,"
            " token INTEGER, lent INTEGER)")
        run("DELETE FROM stats_touched")
        steps = list(_steps(days))
        for number, step in enumerate(steps, start=1):
            run("DELETE FROM stats_step_day")
            run("DELETE FROM stats_step_tx")
            run("INSERT INTO stats_step_day(day) VALUES " + ", ".join(["(?)"] * len(step)),
                step)
            params = {"lo": step[0],
                      "hi": (date.fromisoformat(step[-1]) + timedelta(days=1)).isoformat()}
            run("DELETE FROM stats_old_day")
            run("INSERT INTO stats_old_day SELECT day, branch_id, token, lent"
                " FROM stats_reader_day"
                f" WHERE day {_IN_STEP}")
            run(f"DELETE FROM stats_reader_day WHERE day {_IN_STEP}")
            run(f"DELETE FROM stats_day_count WHERE day {_IN_STEP}")
            run(_step_tx(server), params)
            run(_step_reader_days(per_branch=False))
            run(_step_reader_days(per_branch=True))
            run(_STEP_DAY_COUNTS)
            run(_year_upsert(server))
            run("INSERT INTO stats_touched SELECT o.token, o.branch_id FROM stats_old_day o"
                " WHERE NOT EXISTS (SELECT 1 FROM stats_reader_day d WHERE d.day = o.day"
                " AND d.branch_id = o.branch_id AND d.token = o.token AND d.lent >= o.lent)"
                " ON CONFLICT DO NOTHING")
            if progress is not None:
                progress(0.9 * number / len(steps))
        for year in sorted({int(day[:4]) for day in days}):
            run(_YEAR_FORGET, {"year": year})
            run(_YEAR_RECOUNT, {"year": year, "lo": f"{year:04d}-01-01",
                                "hi": f"{year + 1:04d}-01-01"})
        run("DELETE FROM stats_dirty_day")
        run("DELETE FROM stats_step_tx")
        run("DELETE FROM stats_touched")
        run("DELETE FROM stats_old_day")
    return len(days)


def _is_day(text: str | None) -> bool:
    try:
        date.fromisoformat(str(text))
    except ValueError:
        return False
    return True
