"""The statistics of anonymised history, kept as numbers instead of links to readers.

Once a loan or a visit no longer names its reader, its rows alone cannot tell how many
distinct readers came, so the per-day summaries (`stats_summary`) built while the rows
still could are frozen: days before the last anonymising cutoff are never rebuilt. A year
whose every day is before the cutoff is *closed*: its reader counts (users registered,
children, active in the month and to the month's end) are stored per month as plain
numbers, and its per-reader summaries are deleted, so nothing of that year leads from a
reader to a day. The year of the cutoff keeps its per-reader summaries until it closes:
its distinct readers are still being counted with the days after the cutoff.
"""

from __future__ import annotations

from datetime import date

from rozupe_desk.services import stats
from rozupe_desk.services.sql import all_rows, execute, one


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
    closed = {row[0] for row in all_rows("SELECT DISTINCT substr(month, 1, 4) FROM "
                                         "stats_closed_month")}
    for number in years:
        if str(number) not in closed:
            _store_year(number)
    execute("DELETE FROM stats_reader_day WHERE day < ?", (f"{year:04d}-01-01",))
    execute("DELETE FROM stats_reader_year WHERE year < ?", (year,))
    return years


def _store_year(year: int) -> None:
    for month in range(1, 13):
        period = stats.month_period(year, month)
        users, children, active = stats.live_readers(period)
        *_, active_ytd = stats.live_readers(stats.Period(date(year, 1, 1), period.end))
        execute("INSERT INTO stats_closed_month (month, users_registered, users_children, "
                "users_active, users_active_ytd) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (month) DO NOTHING",
                (f"{year:04d}-{month:02d}", users, children, active, active_ytd))
