"""Version 19.2: the statistics per branch (issue 16).

The per-day summaries of m0700 gain a `branch_id`: branch 0 stands for the whole library
and holds exactly the rows of old (a reader who came to two branches on one day is one
visit of the library), branches 1… hold the same figures counted at that branch's desk.
Every row summarised so far belongs to branch 1 (m1900 gave every transaction branch 1), so
the old rows are kept twice, as branch 0 and branch 1: anonymised (frozen) history cannot be
rebuilt, and its per-branch numbers are those of branch 1. Days with a transaction of
another branch (written between m1900 and this migration) are listed to be rebuilt.

`stats_closed_branch_month` keeps the reader counts of closed months per branch, as
`stats_closed_month` keeps the library's.

The summaries list a day as changed when a transaction moves to another branch, too.
"""

from __future__ import annotations

from rozupe_desk.db.migrations.m0700_stats_summary import _days

# Branch 0 of the summaries: the whole library.
ALL_BRANCHES = 0

_COPIES = {
    "stats_reader_day": (
        """CREATE TABLE stats_reader_day (
            day TEXT NOT NULL,
            branch_id INTEGER NOT NULL,  -- 0: the whole library
            token INTEGER NOT NULL,
            circulation INTEGER NOT NULL,
            lent INTEGER NOT NULL,
            child INTEGER NOT NULL,
            PRIMARY KEY (day, branch_id, token)) WITHOUT ROWID""",
        "day, {b}, token, circulation, lent, child"),
    "stats_day_count": (
        """CREATE TABLE stats_day_count (
            day TEXT NOT NULL,
            branch_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('checkout', 'renewal', 'return', 'visit')),
            child INTEGER NOT NULL,
            document_type TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (day, branch_id, kind, child, document_type)) WITHOUT ROWID""",
        "day, {b}, kind, child, document_type, n"),
    "stats_reader_year": (
        """CREATE TABLE stats_reader_year (
            year INTEGER NOT NULL,
            branch_id INTEGER NOT NULL,
            token INTEGER NOT NULL,
            first_day TEXT NOT NULL,
            first_lent_day TEXT,
            PRIMARY KEY (year, branch_id, token)) WITHOUT ROWID""",
        "year, {b}, token, first_day, first_lent_day"),
}


def _copy(table: str) -> list[str]:
    create, columns = _COPIES[table]
    kept = f"stats_m1920_{table}"
    return [
        f"CREATE TABLE {kept} AS SELECT * FROM {table}",
        f"DROP TABLE {table}",
        create,
        f"INSERT INTO {table} SELECT {columns.format(b=ALL_BRANCHES)} FROM {kept}"
        f" UNION ALL SELECT {columns.format(b=1)} FROM {kept}",
        f"DROP TABLE {kept}",
    ]


TABLES = [
    *(statement for table in _COPIES for statement in _copy(table)),
    "CREATE INDEX stats_reader_day_token ON stats_reader_day(token, branch_id, day, child)",
    """CREATE TABLE stats_closed_branch_month (
        month TEXT NOT NULL,
        branch_id INTEGER NOT NULL,
        users_registered INTEGER NOT NULL,
        users_children INTEGER NOT NULL,
        users_active INTEGER NOT NULL,
        users_active_ytd INTEGER NOT NULL,
        PRIMARY KEY (month, branch_id))""",
    """INSERT INTO stats_closed_branch_month SELECT month, 1, users_registered,
        users_children, users_active, users_active_ytd FROM stats_closed_month""",
    # One branch's copies, new readers and overdue loans without reading the others'.
    "CREATE INDEX item_branch_acquired ON item(branch_id, acquired_on)",
    """CREATE INDEX item_branch_discarded ON item(branch_id, discarded_on)
        WHERE discarded_on IS NOT NULL""",
    "CREATE INDEX patron_branch_registered ON patron(branch_id, registered_on)",
    """CREATE INDEX loan_branch_open_due ON loan(branch_id, due_on, issued_at)
        WHERE returned_at IS NULL""",
    """INSERT INTO stats_dirty_day(day) SELECT d FROM (
        SELECT substr(issued_at, 1, 10) AS d FROM loan WHERE branch_id <> 1
        UNION SELECT substr(returned_at, 1, 10) FROM loan
               WHERE return_branch_id <> 1 AND returned_at IS NOT NULL
        UNION SELECT substr(renewed_at, 1, 10) FROM renewal WHERE branch_id <> 1
        UNION SELECT substr(at, 1, 10) FROM visit WHERE branch_id <> 1) AS other
        WHERE d IS NOT NULL ON CONFLICT DO NOTHING""",
]

TRIGGERS = [
    f"""CREATE TRIGGER stats_loan_branch AFTER UPDATE OF branch_id, return_branch_id ON loan
        WHEN OLD.branch_id IS NOT NEW.branch_id
          OR OLD.return_branch_id IS NOT NEW.return_branch_id
        BEGIN {_days("NEW.issued_at", "NEW.returned_at")} END""",
    f"""CREATE TRIGGER stats_renewal_branch AFTER UPDATE OF branch_id ON renewal
        WHEN OLD.branch_id IS NOT NEW.branch_id BEGIN {_days("NEW.renewed_at")} END""",
    f"""CREATE TRIGGER stats_visit_branch AFTER UPDATE OF branch_id ON visit
        WHEN OLD.branch_id IS NOT NEW.branch_id BEGIN {_days("NEW.at")} END""",
]

STATEMENTS = [*TABLES, *TRIGGERS]

# PostgreSQL: the same with row triggers of PL/pgSQL (stats_mark_days comes from m0700).
_POSTGRES_FUNCTIONS = [
    """CREATE FUNCTION stats_loan_branch_days() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF (OLD.branch_id, OLD.return_branch_id)
           IS DISTINCT FROM (NEW.branch_id, NEW.return_branch_id) THEN
            PERFORM stats_mark_days(NEW.issued_at, NEW.returned_at);
        END IF;
        RETURN NULL; END $$""",
    """CREATE FUNCTION stats_renewal_branch_days() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF OLD.branch_id IS DISTINCT FROM NEW.branch_id THEN
            PERFORM stats_mark_days(NEW.renewed_at);
        END IF;
        RETURN NULL; END $$""",
    """CREATE FUNCTION stats_visit_branch_days() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF OLD.branch_id IS DISTINCT FROM NEW.branch_id THEN
            PERFORM stats_mark_days(NEW.at);
        END IF;
        RETURN NULL; END $$""",
]
POSTGRES_TRIGGERS = [
    """CREATE TRIGGER stats_loan_branch AFTER UPDATE OF branch_id, return_branch_id ON loan
        FOR EACH ROW EXECUTE FUNCTION stats_loan_branch_days()""",
    """CREATE TRIGGER stats_renewal_branch AFTER UPDATE OF branch_id ON renewal
        FOR EACH ROW EXECUTE FUNCTION stats_renewal_branch_days()""",
    """CREATE TRIGGER stats_visit_branch AFTER UPDATE OF branch_id ON visit
        FOR EACH ROW EXECUTE FUNCTION stats_visit_branch_days()""",
]
SERVER_STATEMENTS = [*TABLES, *_POSTGRES_FUNCTIONS, *POSTGRES_TRIGGERS]
