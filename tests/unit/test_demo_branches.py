"""`demo --branches N`: the same demo library spread over real branches of the Līvāni
municipality, readers mostly at their home branch (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest

from rozupe_desk.db.connection import close_database, database
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services import demo, library
from rozupe_desk.services.branches.branches import list_branches
from rozupe_desk.services.statistics import stats

TODAY = date(2026, 11, 30)
MONTHS = [stats.month_period(2026, month) for month in (1, 6, 10)] + [stats.year_period(2025)]
# A reader who came to two branches on one day made a visit to each.
VISITS = {"visits", "visits_children", "visits_per_user"}


def _figures(target, branches: int) -> dict:
    library.open_library(target)
    demo.fill_demo(scale="small", seed=5, today=TODAY, branches=branches)
    figures = {period.label: stats.compute(period) for period in MONTHS}
    figures["branches"] = {period.label: [stats.compute(period, branch=b.id)
                                          for b in list_branches()] for period in MONTHS}
    figures["names"] = [b.shown_name for b in list_branches()]
    figures["at_home"] = database.execute_sql(
        "SELECT avg(CASE WHEN l.branch_id = p.branch_id THEN 1.0 ELSE 0 END) FROM loan l"
        " JOIN patron p ON p.id = l.patron_id").fetchone()[0]
    close_database()
    return figures


@pytest.mark.sqlite_only
def test_the_same_library_spread_over_branches(tmp_path):
    one = _figures(tmp_path / "one.sqlite", 1)
    five = _figures(tmp_path / "five.sqlite", 5)
    assert one["names"] == ["Rožupes bibliotēka"]
    assert five["names"] == ["Rožupes bibliotēka", "Līvānu novada Centrālā bibliotēka",
                             "Jersikas bibliotēka", "Rudzātu bibliotēka", "Sutru bibliotēka"]
    for period in MONTHS:
        whole, spread = one[period.label], five[period.label]
        # The same readers, copies and loans: every figure but the visits is the same.
        assert {k: v for k, v in spread.items() if k not in VISITS} == {
            k: v for k, v in whole.items() if k not in VISITS}
        assert spread["visits"] >= whole["visits"]
        branches = five["branches"][period.label]
        assert all(b["loans"] > 0 and b["items_total"] > 0 for b in branches)
        assert sum(b["loans"] for b in branches) == whole["loans"]
        assert sum(b["visits"] for b in branches) == spread["visits"]
        assert one["branches"][period.label] == [whole]
    assert one["at_home"] == 1 and 0.9 < five["at_home"] < 1


def test_a_demo_of_too_many_branches_is_refused(db_path):
    with pytest.raises(InvalidInput) as refused:
        demo.fill_demo(scale="small", branches=8)
    assert "no 1 līdz 7 filiālēm" in str(refused.value)
    assert len(list_branches()) == 1
