"""The statistics indicators of the central library (DESIGN section 5), for any period.

Every figure is one aggregate SQL statement over the circulation rows, with range
predicates on the indexed text dates ('2026-03-01' <= issued_at < '2026-04-01'), so a month
over ten million loans costs well under a second and no loan passes through Python.

Conventions (the edges that decide a figure):
- "In the period" = local dates from its first to its last day; a loan issued at 23:59:59
  on the last day is in it.
- The *year window* of a period is 1 January of the period's last year up to its last day:
  `users_registered` counts readers registered in that window or with any checkout,
  renewal, return or hand-counted visit (with a known reader) in it, as distinct patron
  tokens, so anonymised loans (patron_id NULL, token kept) still count their reader.
  A re-registration has no date in the data model, so `reregistered_year` alone does not
  make a reader count; the re-registered reader counts with their first transaction.
- A child is under 18 on the day that counts (`services/ages.py`: with only a birth year,
  as if born on 31 December). For a checkout that day is the issue day, stored on the loan
  as `age_group`. For a renewal or a return it is the renewal's or return's day, computed
  from the reader's birth when the reader is still known, otherwise the loan's age group.
  For reader counts it is the period's last day; a reader whose birth is unknown (removed
  by anonymisation, or never given) takes the age group of their latest transaction in the
  year window, and is an adult when they have none.
- Automatic visits: one per (reader token, date) with any checkout, renewal or return (a
  return counts for the loan's reader on the return's date); such a reader-day is a child's
  when any of its transactions was a child's. Hand-counted `visit` rows are added to them.
- `overdue_items`: loans issued before the end of the last day, not returned by then, due
  before the last day. `items_total`: copies acquired on or before the last day (no date =
  held) and not discarded by then.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import DOCUMENT_TYPES
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services import settings

# The ids of `stats --json`, in the central library's order.
INDICATORS: tuple[str, ...] = (
    "users_registered", "users_new", "users_children", "users_active",
    "visits", "visits_children",
    "loans", "loans_children", "loans_books", "loans_periodicals", "loans_other",
    "returns", "renewals", "overdue_items",
    "items_total", "items_added", "items_discarded",
    "events", "events_children", "event_attendance",
    "reference_queries",
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
# :ys opens its year window, :last is its last day.


def _child_on(day: str, patron: str, fallback: str) -> str:
    """SQL that is 1 when the patron was under 18 on `day` (text 'YYYY-MM-DD'), the same
    rule as `ages.age_group`; `fallback` decides when the birth is unknown."""
    return (
        f"(CASE WHEN {patron}.birth_date IS NOT NULL"
        f" THEN date({patron}.birth_date, '+18 years') > {day}"
        f" WHEN {patron}.birth_year IS NOT NULL"
        f" THEN printf('%04d-12-31', {patron}.birth_year + 18) > {day}"
        f" ELSE {fallback} END)"
    )


# One row per circulation transaction in [lo, hi): the reader token, the local date, whether
# a child made it, whether it counts as a loan (checkout or renewal), its document type.
_TRANSACTIONS = f"""
    SELECT l.patron_token AS token, substr(l.issued_at, 1, 10) AS day,
           l.age_group = 'child' AS child, 1 AS is_loan, l.document_type AS doc_type,
           1 AS is_checkout
      FROM loan l WHERE l.issued_at >= :lo AND l.issued_at < :hi
    UNION ALL
    SELECT l.patron_token, substr(r.renewed_at, 1, 10),
           {_child_on("substr(r.renewed_at, 1, 10)", "p", "l.age_group = 'child'")},
           1, l.document_type, 0
      FROM renewal r JOIN loan l ON l.id = r.loan_id LEFT JOIN patron p ON p.id = l.patron_id
     WHERE r.renewed_at >= :lo AND r.renewed_at < :hi
    UNION ALL
    SELECT l.patron_token, substr(l.returned_at, 1, 10),
           {_child_on("substr(l.returned_at, 1, 10)", "p", "l.age_group = 'child'")},
           0, l.document_type, 0
      FROM loan l LEFT JOIN patron p ON p.id = l.patron_id
     WHERE l.returned_at >= :lo AND l.returned_at < :hi
"""

_CIRCULATION_SQL = f"""
    WITH tx AS MATERIALIZED ({_TRANSACTIONS}),
    reader_days AS MATERIALIZED (SELECT token, day, max(child) AS child FROM tx GROUP BY token, day)
    SELECT
      (SELECT count(*) FROM reader_days),
      (SELECT coalesce(sum(child), 0) FROM reader_days),
      (SELECT count(*) FROM loan WHERE issued_at >= :lo AND issued_at < :hi),
      (SELECT count(*) FROM renewal WHERE renewed_at >= :lo AND renewed_at < :hi),
      (SELECT count(*) FROM loan WHERE returned_at >= :lo AND returned_at < :hi),
      (SELECT count(DISTINCT token) FROM tx WHERE is_loan),
      (SELECT coalesce(sum(child), 0) FROM tx WHERE is_loan),
      (SELECT count(*) FROM tx WHERE is_loan AND doc_type = 'book'),
      (SELECT count(*) FROM tx WHERE is_loan AND doc_type = 'periodical')
"""

# Readers of the year window [ys, hi): every token with a registration or a transaction,
# with the age group of its latest transaction for readers whose birth is unknown.
_READERS_SQL = f"""
    WITH marks(token, at, child) AS (
        SELECT token, registered_on, NULL FROM patron
         WHERE registered_on >= :ys AND registered_on < :hi
        UNION ALL
        SELECT patron_token, issued_at, age_group = 'child' FROM loan
         WHERE issued_at >= :ys AND issued_at < :hi
        UNION ALL
        SELECT l.patron_token, r.renewed_at, l.age_group = 'child'
          FROM renewal r JOIN loan l ON l.id = r.loan_id
         WHERE r.renewed_at >= :ys AND r.renewed_at < :hi
        UNION ALL
        SELECT patron_token, returned_at, age_group = 'child' FROM loan
         WHERE returned_at >= :ys AND returned_at < :hi
        UNION ALL
        SELECT patron_token, at, age_group = 'child' FROM visit
         WHERE at >= :ys AND at < :hi AND patron_token IS NOT NULL
    ),
    readers AS (
        -- max(at || child) picks the child flag of the latest transaction (ISO text sorts
        -- by time); registrations carry no flag and sort before any transaction that day.
        SELECT token, substr(max(CASE WHEN child IS NULL THEN '' ELSE at || '|' || child END),
                             -1) AS last_flag
          FROM marks GROUP BY token
    )
    SELECT count(*),
           coalesce(sum({_child_on(":last", "p", "r.last_flag = '1'")}), 0)
      FROM readers r LEFT JOIN patron p ON p.token = r.token
"""

_COLLECTION_SQL = """
    SELECT
      (SELECT count(*) FROM patron WHERE registered_on >= :lo AND registered_on < :hi),
      (SELECT count(*) FROM item)
        - (SELECT count(*) FROM item WHERE acquired_on >= :hi)
        - (SELECT count(*) FROM item WHERE discarded_on IS NOT NULL AND discarded_on < :hi)
        + (SELECT count(*) FROM item WHERE acquired_on >= :hi
                                       AND discarded_on IS NOT NULL AND discarded_on < :hi),
      (SELECT count(*) FROM item WHERE acquired_on >= :lo AND acquired_on < :hi),
      (SELECT count(*) FROM item WHERE discarded_on >= :lo AND discarded_on < :hi),
      (SELECT count(*) FROM event WHERE starts_at >= :lo AND starts_at < :hi),
      (SELECT count(*) FROM event WHERE starts_at >= :lo AND starts_at < :hi
                                    AND for_children = 1),
      (SELECT coalesce(sum(coalesce(attendance_children, 0) + coalesce(attendance_adults, 0)), 0)
         FROM event WHERE starts_at >= :lo AND starts_at < :hi),
      (SELECT count(*) FROM reference_query WHERE at >= :lo AND at < :hi AND answered = 1),
      (SELECT count(*) FROM visit WHERE at >= :lo AND at < :hi),
      (SELECT count(*) FROM visit WHERE at >= :lo AND at < :hi AND age_group = 'child')
"""

# Copies on loan at the end of the last day whose due date is before the last day: the
# still-open loans plus those returned only after the period.
_OVERDUE_SQL = """
    SELECT (SELECT count(*) FROM loan WHERE returned_at IS NULL AND due_on < :last
                                          AND issued_at < :hi)
         + (SELECT count(*) FROM loan WHERE returned_at >= :hi AND due_on < :last
                                          AND issued_at < :hi)
"""


def _params(period: Period) -> dict[str, str]:
    return {
        "lo": period.start.isoformat(),
        "hi": (period.end + timedelta(days=1)).isoformat(),
        "ys": date(period.end.year, 1, 1).isoformat(),
        "last": period.end.isoformat(),
    }


def _row(sql: str, params: dict[str, str]) -> tuple:
    return database.execute_sql(sql, params).fetchone()


def compute(period: Period) -> Figures:
    """Every indicator of DESIGN 5 for `period`, keyed by its id, in the report's order."""
    if period.end < period.start:
        raise InvalidInput("stats.bad_range", start=period.start, end=period.end)
    params = _params(period)
    (auto_visits, auto_child_visits, checkouts, renewals, returns, active, loans_children,
     books, periodicals) = _row(_CIRCULATION_SQL, params)
    users, children = _row(_READERS_SQL, params)
    (new, items_total, added, discarded, events, events_children, attendance, queries,
     hand_visits, hand_child_visits) = _row(_COLLECTION_SQL, params)
    (overdue,) = _row(_OVERDUE_SQL, params)
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


def month(*, year: int, month: int) -> Figures:
    return compute(month_period(year, month))


def year(*, year: int) -> Figures:
    return compute(year_period(year))


def for_text(*, text: str) -> tuple[Period, Figures]:
    """The period named by 'YYYY-MM' or 'YYYY' and its figures (the `stats` command)."""
    period = parse_period(text)
    return period, compute(period)


# -- series for the charts ------------------------------------------------------------------

_VISITS_BY_DAY_SQL = f"""
    WITH tx AS ({_TRANSACTIONS}),
    days AS (SELECT day FROM tx GROUP BY token, day
             UNION ALL
             SELECT substr(at, 1, 10) FROM visit WHERE at >= :lo AND at < :hi)
    SELECT day, count(*) FROM days GROUP BY day ORDER BY day
"""

_LOANS_BY_TYPE_SQL = """
    SELECT doc_type, count(*) FROM (
        SELECT document_type AS doc_type FROM loan WHERE issued_at >= :lo AND issued_at < :hi
        UNION ALL
        SELECT l.document_type FROM renewal r JOIN loan l ON l.id = r.loan_id
         WHERE r.renewed_at >= :lo AND r.renewed_at < :hi)
    GROUP BY doc_type
"""


def visits_by_day(period: Period) -> list[tuple[date, int]]:
    """Visits (automatic and hand-counted) on every day of `period`, zeros included."""
    counted = {day: n for day, n in database.execute_sql(_VISITS_BY_DAY_SQL, _params(period))}
    days = (period.start + timedelta(days=i) for i in range((period.end - period.start).days + 1))
    return [(day, counted.get(day.isoformat(), 0)) for day in days]


def loans_by_type(period: Period) -> dict[str, int]:
    """Checkouts plus renewals by document type (all six types, zeros included)."""
    counted = dict(database.execute_sql(_LOANS_BY_TYPE_SQL, _params(period)).fetchall())
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


@dataclass(frozen=True)
class AnnualReport:
    """The twelve months side by side and the whole year."""

    library: Library
    year: int
    months: list[Figures]
    total: Figures
    previous_total: Figures
    loans_by_type: dict[str, int]


def library_info() -> Library:
    values = settings.get_all()
    return Library(values["library_name"], values["library_address"],
                   values["library_phone"], values["library_email"])


Progress = Callable[[float], None]


def _no_progress(_fraction: float) -> None:
    """Progress is optional; the command line does without."""


def monthly_report(*, year: int, month: int, progress: Progress = _no_progress
                   ) -> MonthlyReport:
    period = month_period(year, month)
    current = compute(period)
    progress(0.3)
    earlier = compute(period.year_earlier())
    progress(0.5)
    to_date = compute(period.year_to_date())
    progress(0.8)
    return MonthlyReport(library_info(), period, current, earlier, to_date,
                         loans_by_type(period), visits_by_day(period))


def annual_report(*, year: int, progress: Progress = _no_progress) -> AnnualReport:
    months = []
    for number in range(1, 13):
        months.append(compute(month_period(year, number)))
        progress(number / 14)
    period = year_period(year)
    total = compute(period)
    previous = compute(period.year_earlier())
    return AnnualReport(library_info(), year, months, total, previous, loans_by_type(period))
