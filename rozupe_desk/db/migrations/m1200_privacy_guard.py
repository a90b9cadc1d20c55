"""Version 12: privacy that holds up (issue 14).

- `stats_frozen`: the day before which the statistics summaries are never rebuilt again,
  because the history they were built from is anonymised (no row leads back to its reader
  any more, so the rows alone can no longer tell how many distinct readers came).
- `stats_closed_month`: the reader counts of every month of a year whose history is
  anonymised to its last day, kept as plain numbers (no reader behind them) once the
  per-reader summaries of that year are deleted.
- `erasure`: the ledger of erased readers, so that restoring an older backup erases them
  again. Only the internal reader id, the moment the reader's row was created (so a later,
  different reader who got the same id is never touched) and the day of erasure: nothing
  that names anyone, nothing a dictionary of card numbers could match.
"""

from __future__ import annotations

STATEMENTS = [
    """CREATE TABLE stats_frozen (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        before_day TEXT NOT NULL)""",
    """CREATE TABLE stats_closed_month (
        month TEXT PRIMARY KEY,             -- 'YYYY-MM'
        users_registered INTEGER NOT NULL,  -- the year window up to the month's end
        users_children INTEGER NOT NULL,
        users_active INTEGER NOT NULL,      -- in the month
        users_active_ytd INTEGER NOT NULL)  -- from 1 January to the month's end""",
    """CREATE TABLE erasure (
        patron_id INTEGER PRIMARY KEY,
        patron_created_at TEXT NOT NULL,
        erased_on TEXT NOT NULL)""",
]
