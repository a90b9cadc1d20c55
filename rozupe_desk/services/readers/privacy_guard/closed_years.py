"""The statistics of anonymised history, kept as numbers instead of links to readers.

Once a loan or a visit no longer names its reader, its rows alone cannot tell how many
distinct readers came, so the per-day summaries (`stats_summary`) built while the rows
still could are frozen: days before the last anonymising cutoff are never rebuilt. A year
whose every day is before the cutoff is *closed*: its reader counts (users registered,
children, active in the month and to the month's end) are stored per month as plain
numbers, and its per-reader summaries are deleted, so nothing of that year leads from a
reader to a day. The year of the cutoff is still being counted with the days after the
cutoff, so a reader counted before it must not count twice: its months before the cutoff's
month are stored as numbers like a closed year's, and each reader's days before the cutoff
shrink to at most two rows (the day before the cutoff's month, the day before the cutoff),
which say only that the reader came in that stretch, lent or not, and as a child or not.
"""

from __future__ import annotations

from datetime import date, timedelta

from rozupe_desk.services.sql import all_rows, execute, one
from rozupe_desk.services.statistics import stats


def frozen_before() -> str:
    """The first day the summaries may still be rebuilt ('' when nothing is frozen)."""
    row = one("SELECT before_day FROM stats_frozen WHERE id = 1")
    return row[0] if row else ""


def freeze_before(day: date) -> None:
    """Days before `day` are never rebuilt again (a later, earlier cutoff changes nothing)."""
    if day.isoformat() > frozen_before():
        execute("INSERT INTO stats_frozen (id, before_day) VALUES (1, ?) ON CONFLICT (id) "
                "DO UPDATE SET before_day = excluded.before_day", (day.isoformat(),))


def close_years_before(year: int) -> list[int]:
    """Store the reader counts of every year before `year` that still has per-reader
    summaries, then delete those summaries; returns the years closed."""
    years = sorted({row[0] for row in all_rows(
        "SELECT DISTINCT year FROM stats_reader_year WHERE year < ?", (year,))})
    for number in years:
        _store_year(number)
    execute("DELETE FROM stats_reader_day WHERE day < ?", (f"{year:04d}-01-01",))
    execute("DELETE FROM stats_reader_year WHERE year < ?", (year,))
    return years


def close_months_before(cutoff: date) -> None:
    """The cutoff's year: store its months before the cutoff's month as numbers, then fold
    each reader's days before the cutoff into the two rows the counts still need."""
    _store_year(cutoff.year, months=cutoff.month - 1)
    month_start = cutoff.replace(day=1)
    _fold_days(date(cutoff.year, 1, 1), month_start)
    _fold_days(month_start, cutoff)
    year = cutoff.year
    execute("DELETE FROM stats_reader_year WHERE year = ?", (year,))
    execute("INSERT INTO stats_reader_year (year, branch_id, token, first_day, first_lent_day)"
            " SELECT ?, branch_id, token, min(day), min(CASE WHEN lent = 1 THEN day END) "
            "FROM stats_reader_day WHERE day >= ? AND day < ? GROUP BY branch_id, token",
            (year, f"{year:04d}-01-01", f"{year + 1:04d}-01-01"))


def _fold_days(start: date, end: date) -> None:
    """Each reader's days from `start` to before `end` become one row on the last of them,
    in the whole library and in each branch: came (with circulation or not), lent, and the
    age group of the latest day."""
    rows = all_rows("SELECT branch_id, token, day, circulation, lent, child"
                    " FROM stats_reader_day WHERE day >= ? AND day < ?"
                    " ORDER BY branch_id, token, day", (start.isoformat(), end.isoformat()))
    folded: dict[tuple[int, int], list[int]] = {}
    for branch, token, _day, circulation, lent, child in rows:
        before = folded.get((branch, token), [0, 0, 0])
        folded[branch, token] = [max(before[0], circulation), max(before[1], lent), child]
    execute("DELETE FROM stats_reader_day WHERE day >= ? AND day < ?",
            (start.isoformat(), end.isoformat()))
    last = (end - timedelta(days=1)).isoformat()
    for (branch, token), (circulation, lent, child) in folded.items():
        execute("INSERT INTO stats_reader_day (day, branch_id, token, circulation, lent, child)"
                " VALUES (?, ?, ?, ?, ?, ?)", (last, branch, token, circulation, lent, child))


def _store_year(year: int, *, months: int = 12) -> None:
    """Store the reader counts of the year's first `months` months not stored yet, of the
    whole library and of each branch."""
    stored = {row[0] for row in all_rows("SELECT month FROM stats_closed_month WHERE month "
                                         "LIKE ?", (f"{year:04d}-%",))}
    branches = [row[0] for row in all_rows("SELECT id FROM branch ORDER BY id")]
    for month in range(1, months + 1):
        key = f"{year:04d}-{month:02d}"
        if key in stored:
            continue
        period = stats.month_period(year, month)
        execute("INSERT INTO stats_closed_month (month, users_registered, users_children, "
                "users_active, users_active_ytd) VALUES (?, ?, ?, ?, ?)",
                (key, *_reader_counts(period)))
        for branch in branches:
            execute("INSERT INTO stats_closed_branch_month (month, branch_id, users_registered,"
                    " users_children, users_active, users_active_ytd)"
                    " VALUES (?, ?, ?, ?, ?, ?)", (key, branch, *_reader_counts(period, branch)))


def _reader_counts(period: stats.Period, branch: int | None = None) -> tuple[int, ...]:
    """Registered, children and active in the month, and active from 1 January."""
    users, children, active = stats.live_readers(period, branch=branch)
    *_, active_ytd = stats.live_readers(stats.Period(date(period.end.year, 1, 1), period.end),
                                        branch=branch)
    return users, children, active, active_ytd
