"""Date rules under any date: due dates skip closed days and holidays, Easter, the 4 May and
18 November transfers, age groups around birthdays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rozupe_desk.services.circulation.calendar import (
    OpeningCalendar,
    easter_sunday,
    public_holidays,
)
from rozupe_desk.services.readers.ages import age_group, age_in_years, eighteenth_birthday
from tests.fuzz.conftest import fuzz

YEARS = st.integers(min_value=1900, max_value=2200)
DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
WEEKDAYS = st.sets(st.integers(0, 6), max_size=6)


def _easter_by_meeus_julian_check(year: int) -> date:
    """Easter as the first Sunday after the paschal full moon (the Gauss/Lichtenberg
    formula: an independent way to the same day)."""
    k = year // 100
    m = 15 + (3 * k + 3) // 4 - (8 * k + 13) // 25
    s = 2 - (3 * k + 3) // 4
    a = year % 19
    d = (19 * a + m) % 30
    r = (d + a // 11) // 29
    og = 21 + d - r
    sz = 7 - (year + year // 4 + s) % 7
    oe = 7 - (og - sz) % 7
    return date(year, 3, 1) + timedelta(days=og + oe - 1)


@fuzz(300)
@given(year=st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)
    assert easter == _easter_by_meeus_julian_check(year)


@fuzz(200)
@given(year=YEARS)
def test_holidays_of_a_year_and_the_weekend_transfer(year):
    holidays = public_holidays(year)
    assert all(day.year == year for day in holidays)
    easter = easter_sunday(year)
    for day in (easter - timedelta(days=2), easter, easter + timedelta(days=1),
                date(year, 6, 23), date(year, 6, 24), date(year, 12, 24)):
        assert day in holidays
    for month, day_of_month in ((5, 4), (11, 18)):
        holiday = date(year, month, day_of_month)
        monday = holiday + timedelta(days=7 - holiday.weekday())
        moved = [d for d, name in holidays.items() if "(pārcelta)" in name
                 and d.month == month]
        if holiday.weekday() >= 5:
            assert moved == [monday] and monday.weekday() == 0
        else:
            assert moved == []


@fuzz(300)
@given(issued=DAYS, days=st.integers(min_value=0, max_value=120), closed=WEEKDAYS,
       extra=st.lists(st.integers(0, 150), max_size=20))
def test_a_due_date_is_the_first_open_day_on_or_after_the_period(issued, days, closed, extra):
    by_hand = {issued + timedelta(days=n) for n in extra}
    calendar = OpeningCalendar(closed, by_hand)
    due = calendar.due_date(issued, days)
    earliest = issued + timedelta(days=days)
    assert due >= earliest
    assert calendar.is_open(due)
    assert due.weekday() not in closed and due not in by_hand
    assert due not in public_holidays(due.year)
    day = earliest
    while day < due:  # every day skipped was closed
        assert not calendar.is_open(day)
        day += timedelta(days=1)


def test_every_day_closed_is_refused():
    with pytest.raises(ValueError):
        OpeningCalendar(range(7))


@fuzz(200)
@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
       on=st.dates(min_value=date(1900, 1, 1), max_value=date(2060, 12, 31)))
def test_a_reader_is_a_child_exactly_until_the_eighteenth_birthday(birth, on):
    adult_from = eighteenth_birthday(birth, None)
    assert adult_from is not None
    assert (age_group(birth, None, on) == "child") == (on < adult_from)
    years = age_in_years(birth, None, on)
    if on >= birth:
        assert (years >= 18) == (on >= adult_from) or (birth.month, birth.day) == (2, 29)
        assert years >= 0
    # with the exact date given, the year alone is never more generous to adulthood
    assert eighteenth_birthday(None, birth.year) >= adult_from


@fuzz(200)
@given(year=st.integers(min_value=1900, max_value=2030),
       on=st.dates(min_value=date(1900, 1, 1), max_value=date(2060, 12, 31)))
def test_with_only_a_year_nobody_is_an_adult_too_early(year, on):
    grown = age_group(None, year, on) == "adult"
    for birth in (date(year, 1, 1), date(year, 6, 15), date(year, 12, 31)):
        if grown:
            assert age_group(birth, None, on) == "adult"
