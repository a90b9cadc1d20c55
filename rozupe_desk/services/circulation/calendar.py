"""Opening days: the library's weekly closed days, Latvian public holidays and the days the
librarian closes by hand (`ClosedDay`). Due dates and hold pick-up dates skip closed days.

The public holidays are those of the law "Par svētku, atceres un atzīmējamām dienām":
fixed days, the moving Easter days (Good Friday, Easter Sunday and Monday, Whit Sunday),
Mother's Day, and the transfer rule: when 4 May or 18 November falls on a Saturday or
Sunday, the next Monday is a holiday.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from rozupe_desk.db.connection import database

# Holidays proclaimed once by a separate law (Song and Dance Festival closing days, the
# Pope's visit, the hockey bronze); later ones go into `ClosedDay` by hand.
ONE_OFF_HOLIDAYS = {
    date(2018, 7, 9): "Dziesmu un deju svētku noslēguma diena",
    date(2018, 9, 24): "Pāvesta vizītes diena",
    date(2023, 5, 29): "Hokeja bronzas diena",
    date(2023, 7, 10): "Dziesmu un deju svētku noslēguma diena",
}
# A due date never looks further than this for an open day (a library closed for months
# would otherwise loop forever).
MAX_SEARCH_DAYS = 366


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[date, str]:
    """Latvia's public holidays (svētku dienas) in `year`, with their Latvian names."""
    easter = easter_sunday(year)
    may = date(year, 5, 1)
    mothers_day = may + timedelta(days=(6 - may.weekday()) % 7 + 7)  # the 2nd Sunday of May
    days = {
        date(year, 1, 1): "Jaunais gads",
        easter - timedelta(days=2): "Lielā Piektdiena",
        easter: "Lieldienas",
        easter + timedelta(days=1): "Otrās Lieldienas",
        date(year, 5, 1): "Darba svētki",
        date(year, 5, 4): "Latvijas Republikas Neatkarības atjaunošanas diena",
        mothers_day: "Mātes diena",
        easter + timedelta(days=49): "Vasarsvētki",
        date(year, 6, 23): "Līgo diena",
        date(year, 6, 24): "Jāņu diena",
        date(year, 11, 18): "Latvijas Republikas proklamēšanas diena",
        date(year, 12, 24): "Ziemassvētku vakars",
        date(year, 12, 25): "Ziemassvētki",
        date(year, 12, 26): "Otrie Ziemassvētki",
        date(year, 12, 31): "Vecgada vakars",
    }
    for month, day in ((5, 4), (11, 18)):
        holiday = date(year, month, day)
        if holiday.weekday() >= 5:  # Saturday or Sunday: the next Monday is free
            monday = holiday + timedelta(days=7 - holiday.weekday())
            days[monday] = f"{days[holiday]} (pārcelta)"
    days.update({d: name for d, name in ONE_OFF_HOLIDAYS.items() if d.year == year})
    return days


class OpeningCalendar:
    """Which days are open, for a given set of weekly closed days and hand-closed days."""

    def __init__(self, closed_weekdays: Iterable[int], closed_days: Iterable[date] = ()) -> None:
        self.closed_weekdays = frozenset(int(d) for d in closed_weekdays)
        self.closed_days = frozenset(closed_days)
        if len(self.closed_weekdays) >= 7:
            raise ValueError("the library cannot be closed every day of the week")

    def is_open(self, day: date) -> bool:
        return (day.weekday() not in self.closed_weekdays
                and day not in self.closed_days
                and day not in public_holidays(day.year))

    def next_open_day(self, day: date) -> date:
        """`day` itself when open, else the first open day after it."""
        for offset in range(MAX_SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_open(candidate):
                return candidate
        return day

    def due_date(self, issued: date, days: int) -> date:
        """`days` after `issued`, moved forward to an open day."""
        return self.next_open_day(issued + timedelta(days=days))


def closed_days_between(start: date, end: date) -> set[date]:
    """The days closed by hand (`ClosedDay`) from `start` to `end` inclusive."""
    cursor = database.execute_sql(
        f"SELECT day FROM closed_day WHERE day BETWEEN {database.param} AND {database.param}",
        (start.isoformat(), end.isoformat()))
    return {date.fromisoformat(str(row[0])[:10]) for row in cursor.fetchall()}


def calendar_from(start: date, closed_weekdays: Iterable[int]) -> OpeningCalendar:
    """The calendar for due dates from `start`, with the hand-closed days of the next year."""
    return OpeningCalendar(closed_weekdays,
                           closed_days_between(start, start + timedelta(days=MAX_SEARCH_DAYS)))


def library_calendar(start: date | None = None) -> OpeningCalendar:
    """The library's calendar as the settings and `ClosedDay` say."""
    from rozupe_desk.services import settings

    start = start or date.today()
    return calendar_from(start, settings.get("closed_weekdays"))


def holidays_in_month(year: int, month: int) -> dict[date, str]:
    """The month's public holidays with their names, and the days closed by hand with their
    reason ("" when none was given): the days a calendar shows like a Sunday."""
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    rows = database.execute_sql(
        f"SELECT day, reason FROM closed_day WHERE day BETWEEN {database.param} AND "
        f"{database.param}", (first.isoformat(), last.isoformat())).fetchall()
    days = {date.fromisoformat(str(day)[:10]): reason or "" for day, reason in rows}
    days.update({day: name for day, name in public_holidays(year).items() if day.month == month})
    return days
