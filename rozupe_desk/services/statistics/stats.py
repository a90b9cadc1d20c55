"""The statistics indicators of the central library (DESIGN section 5), for any period.

Every figure is an aggregate SQL statement with range predicates on indexed text dates
('2026-03-01' <= day < '2026-04-01'); no loan passes through Python. Circulation figures
read the per-day summaries of `stats_summary` (one row per reader and day, counts per day),
which are first brought up to date for the days that changed, so a month over ten million
loans takes milliseconds and is still exact to the last unit.

Conventions (the edges that decide a figure):
- "In the period" = local dates from its first to its last day; a loan issued at 23:59:59
  on the last day is in it.
- The *year window* of a period is 1 January of the period's last year up to its last day:
  `users_registered` counts readers registered in that window or with any checkout,
  renewal, return or hand-counted visit (with a known reader) in it, as distinct patron
  tokens, so anonymised loans (patron_id NULL, token kept) still count their reader.
  A re-registration has no date in the data model, so `reregistered_year` alone does not
  make a reader count; the re-registered reader counts with their first transaction.
- A child is under 18 on the day that counts (`services/readers/ages.py`: with only a birth year,
  as if born on 31 December). For a checkout that day is the issue day, stored on the loan
  as `age_group`. For a renewal or a return it is the renewal's or return's day, computed
  from the reader's birth when the reader is still known, otherwise the loan's age group.
  For reader counts it is the period's last day; a reader whose birth is unknown (removed
  by anonymisation, or never given) takes the age group of their latest day with a
  transaction in the year window (a child's if any that day was), and is an adult when
  they have none.
- Automatic visits: one per (reader token, date, branch) with any checkout, renewal or
  return (a return counts for the loan's reader on the return's date); such a reader-day is
  a child's when any of its transactions was a child's. Hand-counted `visit` rows are added to them.
- `overdue_items`: loans issued before the end of the last day, not returned by then, due
  before the last day. `items_total`: copies acquired on or before the last day (no date =
  held) and not discarded by then.
- Branches (issue 16): one branch's figures count its desk's checkouts, renewals and
  returns, hand-counted visits, reference questions and events; automatic visits are one
  per reader, day and branch with circulation there; copies by their home branch; overdue
  loans by the branch that lent them; new readers by where they registered; programme
  participants by their reader's branch. `users_registered` of a branch: readers registered
  there in the year window or with a transaction there in it; `users_active`: readers with a
  checkout or renewal there. Every figure of the whole library is the sum of its branches'
  except the reader counts (users_registered, users_children, users_active), where a reader
  of two branches counts in each and once in the library.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.db.migrations.m1920_branch_stats import ALL_BRANCHES
from rozupe_desk.db.models import DOCUMENT_TYPES
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services import settings
from rozupe_desk.services.branches.branches import BranchRow
from rozupe_desk.services.statistics import stats_summary
from rozupe_desk.services.statistics.stats_summary import child_on

# The ids of `stats --json`, in the central library's order.
INDICATORS: tuple[str, ...] = (
    "users_registered", "users_new", "users_children", "users_active",
    "visits", "visits_children",
    "loans", "loans_children", "loans_books", "loans_periodicals", "loans_other",
    "returns", "renewals", "overdue_items",
    "items_total", "items_added", "items_discarded",
    "events", "events_children", "event_attendance",
    "reference_queries",
    "programme_participants", "programme_participants_children",
    "loans_per_user", "visits_per_user", "turnover",
)
DERIVED: dict[str, int] = {"loans_per_user": 2, "visits_per_user": 2, "turnover": 3}

Figures = dict[str, int | float]


@dataclass(frozen=True)
class Period:
    """Dates from `start` to `end`, both included; `kind` is 'month', 'year' or 'range'."""

    start: date
    end: date
    kind: str = "range"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}–{self.end.isoformat()}"

    def year_earlier(self) -> Period:
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1), self.kind)

    def year_to_date(self) -> Period:
        return Period(date(self.end.year, 1, 1), self.end, "range")


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), "month")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


_PERIOD_TEXT = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_period(text: str) -> Period:
    """'2026-03' is a month, '2026' a year; anything else is refused with a clear message."""
    match = _PERIOD_TEXT.match(text.strip())
    year = int(match.group(1)) if match else 0
    month = int(match.group(2)) if match and match.group(2) else None
    if not match or not 1900 <= year <= 2200 or (month is not None and not 1 <= month <= 12):
        raise InvalidInput("stats.bad_period", text=text)
    return month_period(year, month) if month else year_period(year)


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> 28 February
        return day.replace(year=day.year + years, day=28)


# -- SQL -----------------------------------------------------------------------------------
# Named parameters: :lo / :hi bound the period ([lo, hi) on text dates and datetimes),
# :ys opens its year window, :last is its last day, :year is the window's year. The
# circulation figures come from the per-day summaries of `stats_summary` (refreshed first).

_CIRCULATION_SQL = """
    SELECT coalesce(sum(CASE WHEN kind = 'checkout' THEN n END), 0),
           coalesce(sum(CASE WHEN kind = 'renewal' THEN n END), 0),
           coalesce(sum(CASE WHEN kind = 'return' THEN n END), 0),
           coalesce(sum(CASE WHEN kind IN ('checkout', 'renewal') AND child = 1 THEN n END), 0),
           coalesce(sum(CASE WHEN kind IN ('checkout', 'renewal')
                              AND document_type = 'book' THEN n END), 0),
           coalesce(sum(CASE WHEN kind IN ('checkout', 'renewal')
                              AND document_type = 'periodical' THEN n END), 0),
           coalesce(sum(CASE WHEN kind = 'visit' THEN n END), 0),
           coalesce(sum(CASE WHEN kind = 'visit' AND child = 1 THEN n END), 0)
      FROM stats_day_count WHERE day >= :lo AND day < :hi AND branch_id = :branch
"""

# Readers with a checkout or renewal in the period. A period that opens its year reads the
# readers' first such day of the year instead of every reader-day in it.
_ACTIVE_SQL = """
    SELECT count(DISTINCT token) FROM stats_reader_day
     WHERE day >= :lo AND day < :hi AND branch_id = :branch AND lent = 1
"""
_ACTIVE_FROM_YEAR_START_SQL = """
    SELECT count(*) FROM stats_reader_year
     WHERE year = :year AND branch_id = :branch AND first_lent_day IS NOT NULL
       AND first_lent_day < :hi
"""

# The readers of the year window: a first day in it, or registered in it. A reader whose
# birth is unknown takes the age group of their latest day with a transaction in it.
_LATEST_DAY_CHILD = """coalesce((SELECT d.child FROM stats_reader_day d
    WHERE d.token = r.token AND d.branch_id = :branch AND d.day >= :ys AND d.day < :hi
    ORDER BY d.day DESC LIMIT 1), 0)"""

def _readers_sql(server: bool, branch: int | None) -> str:
    return f"""
    WITH readers(token) AS (
        SELECT token FROM stats_reader_year WHERE year = :year AND branch_id = :branch
                                              AND first_day < :hi
        UNION
        SELECT token FROM patron WHERE registered_on >= :ys AND registered_on < :hi
                                       {_at_branch(branch)})
    SELECT count(*), coalesce(sum({child_on(":last", "p", _LATEST_DAY_CHILD, server=server)}),
                              0)
      FROM readers r LEFT JOIN patron p ON p.token = r.token
"""

def _at_branch(branch: int | None) -> str:
    """The condition that keeps one branch's rows (none for the whole library)."""
    return "" if branch is None else " AND branch_id = :branch"


# New readers by where they registered, copies by their home branch, events, questions and
# hand-counted visits by the branch that held or counted them.
def _collection_sql(branch: int | None) -> str:
    b = _at_branch(branch)
    every = "" if branch is None else " WHERE branch_id = :branch"
    return f"""
    SELECT
      (SELECT count(*) FROM patron WHERE registered_on >= :lo AND registered_on < :hi{b}),
      (SELECT count(*) FROM item{every})
        - (SELECT count(*) FROM item WHERE acquired_on >= :hi{b})
        - (SELECT count(*) FROM item WHERE discarded_on IS NOT NULL AND discarded_on < :hi{b})
        + (SELECT count(*) FROM item WHERE acquired_on >= :hi
                                       AND discarded_on IS NOT NULL AND discarded_on < :hi{b}),
      (SELECT count(*) FROM item WHERE acquired_on >= :lo AND acquired_on < :hi{b}),
      (SELECT count(*) FROM item WHERE discarded_on >= :lo AND discarded_on < :hi{b}),
      (SELECT count(*) FROM event WHERE starts_at >= :lo AND starts_at < :hi{b}),
      (SELECT count(*) FROM event WHERE starts_at >= :lo AND starts_at < :hi
                                    AND for_children = 1{b}),
      (SELECT coalesce(sum(coalesce(attendance_children, 0) + coalesce(attendance_adults, 0)), 0)
         FROM event WHERE starts_at >= :lo AND starts_at < :hi{b}),
      (SELECT count(*) FROM reference_query WHERE at >= :lo AND at < :hi AND answered = 1{b}),
      (SELECT count(*) FROM visit WHERE at >= :lo AND at < :hi{b}),
      (SELECT count(*) FROM visit WHERE at >= :lo AND at < :hi AND age_group = 'child'{b})
"""

# Copies on loan at the end of the last day whose due date is before the last day: the
# still-open loans plus those returned only after the period (both from covering indexes).
# A branch counts the loans its desk lent: it sends their reminders.
def _overdue_sql(branch: int | None) -> str:
    b = _at_branch(branch)
    return f"""
    SELECT (SELECT count(*) FROM loan WHERE returned_at IS NULL AND due_on < :last
                                          AND issued_at < :hi{b})
         + (SELECT count(*) FROM loan WHERE returned_at >= :hi AND due_on < :last
                                          AND issued_at < :hi{b})
"""


# A year anonymised to its last day keeps its reader counts as numbers (privacy_guard).
_CLOSED_SQL = """
    SELECT users_registered, users_children, users_active, users_active_ytd
      FROM stats_closed_month WHERE month = :month
"""
_CLOSED_BRANCH_SQL = """
    SELECT users_registered, users_children, users_active, users_active_ytd
      FROM stats_closed_branch_month WHERE month = :month AND branch_id = :branch
"""


def live_readers(period: Period, *, branch: int | None = None) -> tuple[int, int, int]:
    """users_registered, users_children and users_active from the per-reader summaries, of
    the whole library (`branch` None) or of one branch."""
    params = _params(period, branch)
    from_year_start = period.start == date(period.end.year, 1, 1)
    (active,) = _row(_ACTIVE_FROM_YEAR_START_SQL if from_year_start else _ACTIVE_SQL, params)
    users, children = _row(_readers_sql(is_postgresql(), branch), params)
    return users, children, active


def closed_readers(period: Period, *, branch: int | None = None) -> tuple[int, int, int] | None:
    """The same three from the numbers kept for a closed year, or None when the period's
    year is not closed. They exist for what the reports ask: a month, the year to a
    month's end, the whole year."""
    params = {"month": f"{period.end:%Y-%m}", "branch": branch}
    row = _row(_CLOSED_SQL, params)
    if row is None:
        return None
    if branch is not None:  # a branch without a reader that month has no row
        row = _row(_CLOSED_BRANCH_SQL, params) or (0, 0, 0, 0)
    month_end = period.end == month_period(period.end.year, period.end.month).end
    if period.start == date(period.end.year, 1, 1) and month_end:
        return row[0], row[1], row[3]
    if period.start == date(period.end.year, period.end.month, 1) and month_end:
        return row[0], row[1], row[2]
    raise InvalidInput("privacy2.stats.closed_range", year=period.end.year)


# Readers registered into a reading programme in the period, by their age group on that day;
# in a branch, those registered there (an erased reader's place counts at branch 1).
def _programme_sql(branch: int | None) -> str:
    at_branch = "" if branch is None else " AND coalesce(p.branch_id, 1) = :branch"
    return f"""
    SELECT count(*), coalesce(sum(CASE WHEN pp.age_group = 'child' THEN 1 ELSE 0 END), 0)
      FROM programme_participant pp LEFT JOIN patron p ON p.id = pp.patron_id
     WHERE pp.registered_on >= :lo AND pp.registered_on < :hi{at_branch}
"""


def _params(period: Period, branch: int | None = None) -> dict[str, str | int]:
    return {
        "branch": ALL_BRANCHES if branch is None else branch,
        "lo": period.start.isoformat(),
        "hi": (period.end + timedelta(days=1)).isoformat(),
        "ys": date(period.end.year, 1, 1).isoformat(),
        "last": period.end.isoformat(),
        "year": period.end.year,
    }


def _row(sql: str, params: dict[str, str]) -> tuple:
    return database.execute_sql(sql, params).fetchone()


def compute(period: Period, *, branch: int | None = None) -> Figures:
    """Every indicator of DESIGN 5 for `period`, keyed by its id, in the report's order: of
    the whole library (`branch` None) or of the branch with that id."""
    if period.end < period.start:
        raise InvalidInput("stats.bad_range", start=period.start, end=period.end)
    stats_summary.refresh()
    params = _params(period, branch)
    (checkouts, renewals, returns, loans_children, books, periodicals, auto_visits,
     auto_child_visits) = _row(_CIRCULATION_SQL, params)
    users, children, active = (closed_readers(period, branch=branch)
                               or live_readers(period, branch=branch))
    (new, items_total, added, discarded, events, events_children, attendance, queries,
     hand_visits, hand_child_visits) = _row(_collection_sql(branch), params)
    (overdue,) = _row(_overdue_sql(branch), params)
    participants, child_participants = _row(_programme_sql(branch), params)
    loans = checkouts + renewals
    visits = auto_visits + hand_visits
    figures: Figures = {
        "users_registered": users,
        "users_new": new,
        "users_children": children,
        "users_active": active,
        "visits": visits,
        "visits_children": auto_child_visits + hand_child_visits,
        "loans": loans,
        "loans_children": loans_children,
        "loans_books": books,
        "loans_periodicals": periodicals,
        "loans_other": loans - books - periodicals,
        "returns": returns,
        "renewals": renewals,
        "overdue_items": overdue,
        "items_total": items_total,
        "items_added": added,
        "items_discarded": discarded,
        "events": events,
        "events_children": events_children,
        "event_attendance": attendance,
        "reference_queries": queries,
        "programme_participants": participants,
        "programme_participants_children": child_participants,
    }
    figures.update(derive(figures))
    return {key: figures[key] for key in INDICATORS}


def derive(figures: Figures) -> Figures:
    """The ratios: reading (loans per reader), visiting (visits per reader), turnover."""
    return {
        "loans_per_user": _ratio(figures["loans"], figures["users_registered"], 2),
        "visits_per_user": _ratio(figures["visits"], figures["users_registered"], 2),
        "turnover": _ratio(figures["loans"], figures["items_total"], 3),
    }


def _ratio(numerator: int | float, divisor: int | float, places: int) -> float:
    return round(numerator / divisor, places) if divisor else 0.0


def month(*, year: int, month: int, branch: int | None = None) -> Figures:
    return compute(month_period(year, month), branch=branch)


def year(*, year: int, branch: int | None = None) -> Figures:
    return compute(year_period(year), branch=branch)


def for_text(*, text: str, branch: int | None = None) -> tuple[Period, Figures]:
    """The period named by 'YYYY-MM' or 'YYYY' and its figures (the `stats` command)."""
    period = parse_period(text)
    return period, compute(period, branch=branch)


# -- series for the charts ------------------------------------------------------------------

def _visits_by_day_sql(branch: int | None) -> str:
    return f"""
    SELECT day, sum(n) FROM (
        SELECT day, n FROM stats_day_count
         WHERE day >= :lo AND day < :hi AND branch_id = :branch AND kind = 'visit'
        UNION ALL
        SELECT substr(at, 1, 10), count(*) FROM visit
         WHERE at >= :lo AND at < :hi{_at_branch(branch)} GROUP BY substr(at, 1, 10)) AS visits
    GROUP BY day
"""

_LOANS_BY_TYPE_SQL = """
    SELECT document_type, sum(n) FROM stats_day_count
     WHERE day >= :lo AND day < :hi AND branch_id = :branch AND kind IN ('checkout', 'renewal')
     GROUP BY document_type
"""


def visits_by_day(period: Period, *, branch: int | None = None) -> list[tuple[date, int]]:
    """Visits (automatic and hand-counted) on every day of `period`, zeros included."""
    stats_summary.refresh()
    counted = dict(database.execute_sql(_visits_by_day_sql(branch),
                                        _params(period, branch)).fetchall())
    days = (period.start + timedelta(days=i) for i in range((period.end - period.start).days + 1))
    return [(day, counted.get(day.isoformat(), 0)) for day in days]


def loans_by_type(period: Period, *, branch: int | None = None) -> dict[str, int]:
    """Checkouts plus renewals by document type (all six types, zeros included)."""
    stats_summary.refresh()
    counted = dict(database.execute_sql(_LOANS_BY_TYPE_SQL, _params(period, branch)).fetchall())
    return {kind: counted.get(kind, 0) for kind in DOCUMENT_TYPES}




# -- plain data for the printed reports -----------------------------------------------------


@dataclass(frozen=True)
class Library:
    name: str
    address: str
    phone: str
    email: str


@dataclass(frozen=True)
class MonthlyReport:
    """Everything the monthly PDF, CSV and XLSX show: the month beside the same month a
    year earlier and the year to date, plus the series of the charts."""

    library: Library
    period: Period
    current: Figures
    year_earlier: Figures
    year_to_date: Figures
    loans_by_type: dict[str, int]
    visits_by_day: list[tuple[date, int]]
    branch: str = ""  # the branch's name when the report is for one branch


@dataclass(frozen=True)
class AnnualReport:
    """The twelve months side by side and the whole year."""

    library: Library
    year: int
    months: list[Figures]
    total: Figures
    previous_total: Figures
    loans_by_type: dict[str, int]
    branch: str = ""


def library_info() -> Library:
    values = settings.get_all()
    return Library(values["library_name"], values["library_address"],
                   values["library_phone"], values["library_email"])


Progress = Callable[[float], None]


def no_progress(_fraction: float) -> None:
    """Progress is optional; the command line does without."""


def monthly_report(*, year: int, month: int, progress: Progress = no_progress,
                   branch: BranchRow | None = None) -> MonthlyReport:
    # A first report after a migration may summarise a long history: show that work.
    stats_summary.refresh(lambda fraction: progress(0.3 * fraction))
    period = month_period(year, month)
    branch_id = branch.id if branch else None
    current = compute(period, branch=branch_id)
    progress(0.4)
    earlier = compute(period.year_earlier(), branch=branch_id)
    progress(0.55)
    to_date = compute(period.year_to_date(), branch=branch_id)
    progress(0.8)
    return MonthlyReport(library_info(), period, current, earlier, to_date,
                         loans_by_type(period, branch=branch_id),
                         visits_by_day(period, branch=branch_id),
                         branch.shown_name if branch else "")


def annual_report(*, year: int, progress: Progress = no_progress,
                  branch: BranchRow | None = None) -> AnnualReport:
    stats_summary.refresh(lambda fraction: progress(0.3 * fraction))
    branch_id = branch.id if branch else None
    months = []
    for number in range(1, 13):
        months.append(compute(month_period(year, number), branch=branch_id))
        progress(0.3 + 0.6 * number / 12)
    period = year_period(year)
    total = compute(period, branch=branch_id)
    previous = compute(period.year_earlier(), branch=branch_id)
    return AnnualReport(library_info(), year, months, total, previous,
                        loans_by_type(period, branch=branch_id),
                        branch.shown_name if branch else "")
