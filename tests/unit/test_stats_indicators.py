"""Every indicator of DESIGN 5 against a tiny library whose figures are known by construction."""

from __future__ import annotations

from datetime import date

import pytest

from rozupe_desk.errors import InvalidInput
from rozupe_desk.services.statistics import stats
from tests.unit import stats_library


@pytest.fixture
def library(db_path):
    stats_library.build()
    return db_path


def test_march_figures_match_the_hand_count(library):
    assert stats.month(year=2026, month=3) == stats_library.MARCH_2026


def test_year_figures_match_the_hand_count(library):
    assert stats.year(year=2026) == stats_library.YEAR_2026


def test_the_ids_and_their_order_are_those_of_the_design():
    assert list(stats_library.MARCH_2026) == list(stats.INDICATORS)


def test_a_month_without_activity_keeps_the_stock_figures(library):
    figures = stats.month(year=2025, month=3)
    # I1-I7, I8 (no date), I10 and I12 (discarded only in 2026); not I9, I11 (2026)
    assert figures["items_total"] == 10
    assert figures["loans"] == figures["visits"] == figures["users_registered"] == 0
    assert figures["turnover"] == 0.0 and figures["loans_per_user"] == 0.0


def test_year_to_date_and_a_year_earlier(library):
    period = stats.month_period(2026, 3)
    ytd = stats.compute(period.year_to_date())
    assert ytd["loans"] == 9  # checkouts 1-7 and 11, one renewal
    assert ytd["users_registered"] == stats_library.MARCH_2026["users_registered"]
    assert ytd["users_active"] == 5  # readers 1, 2, 3, token 4004 (January), 1010 (February)
    assert ytd["returns"] == 4  # loans 9 (January), 11 (February), 4 and 1 (March)
    earlier = period.year_earlier()
    assert (earlier.start, earlier.end) == (date(2025, 3, 1), date(2025, 3, 31))


def test_periods_are_parsed_and_bad_text_is_refused():
    assert stats.parse_period("2026-02").end == date(2026, 2, 28)
    assert stats.parse_period("2024").end == date(2024, 12, 31)
    for bad in ("2026-13", "26-01", "2026/01", "", "marts"):
        with pytest.raises(InvalidInput):
            stats.parse_period(bad)


def test_visits_by_day_and_loans_by_type(library):
    days = dict(stats.visits_by_day(stats.month_period(2026, 3)))
    assert len(days) == 31
    assert days[date(2026, 3, 5)] == 2  # reader 1's day + her hand-counted visit
    assert days[date(2026, 3, 31)] == 2  # the 23:59:59 checkout + a late hand count
    assert sum(days.values()) == stats_library.MARCH_2026["visits"]
    by_type = stats.loans_by_type(stats.month_period(2026, 3))
    assert by_type["book"] == 2 and by_type["periodical"] == 1 and by_type["audiovisual"] == 1
    assert sum(by_type.values()) == stats_library.MARCH_2026["loans"]
