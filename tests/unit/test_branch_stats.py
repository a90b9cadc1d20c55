"""The statistics of one branch and of the whole library (issue 16).

The tiny library of `stats_library` (figures counted by hand) gets a second branch, and a
few of its transactions move there, as the desk of that branch would have written them.
The library's figures stay those counted by hand; each branch counts what its desk did, and
the branches add up to the library except for the reader counts.
"""

from __future__ import annotations

from datetime import date

import pytest

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import close_database, database, open_database
from rozupe_desk.services import demo
from rozupe_desk.services.library import open_library
from rozupe_desk.services.readers import privacy
from rozupe_desk.services.statistics import stats
from tests.unit import branch_library, stats_library

JERSIKA = branch_library.JERSIKA
READER_COUNTS = ("users_registered", "users_children", "users_active")
RATIOS = tuple(stats.DERIVED)
ADDITIVE = tuple(key for key in stats.INDICATORS if key not in READER_COUNTS + RATIOS)


@pytest.fixture
def library(db_path):
    stats_library.build()
    stats.month(year=2026, month=3)  # summarised before the moves: the triggers list them
    branch_library.move_to_jersika()
    return db_path


def test_the_library_keeps_the_figures_counted_by_hand(library):
    assert stats.month(year=2026, month=3) == stats_library.MARCH_2026
    assert stats.year(year=2026) == stats_library.YEAR_2026


def test_each_branch_counts_what_its_desk_did(library):
    jersika = stats.month(year=2026, month=3, branch=JERSIKA)
    assert (jersika["loans"], jersika["renewals"], jersika["returns"]) == (2, 1, 1)
    assert jersika["loans_periodicals"] == 1 and jersika["loans_children"] == 1
    # Anna's return day and Pēteris's last-day loan, Jānis's renewal, and one hand count.
    assert jersika["visits"] == 4
    # Anna (a return), Pēteris (registered here in March), Jānis (a renewal).
    assert (jersika["users_registered"], jersika["users_active"], jersika["users_new"]) == (3,
                                                                                             2, 1)
    assert (jersika["items_total"], jersika["items_added"], jersika["items_discarded"]) == (2,
                                                                                            1, 1)
    assert (jersika["events"], jersika["event_attendance"], jersika["reference_queries"]) == (
        1, 20, 1)
    assert jersika["overdue_items"] == 0
    home = stats.month(year=2026, month=3, branch=1)
    assert home["overdue_items"] == 2 and home["returns"] == 1 and home["renewals"] == 0


def test_the_branches_add_up_to_the_library_and_a_reader_counts_once(library):
    for period in (stats.month_period(2026, 3), stats.month_period(2026, 3).year_to_date(),
                   stats.year_period(2026)):
        total = stats.compute(period)
        branches = [stats.compute(period, branch=b) for b in (1, JERSIKA)]
        assert {key: sum(b[key] for b in branches) for key in ADDITIVE} == {
            key: total[key] for key in ADDITIVE}
    march = [stats.month(year=2026, month=3, branch=b) for b in (1, JERSIKA)]
    # Anna and Jānis came to both branches this year, Pēteris borrowed at home in February
    # and registered in Jersika: readers of each branch, each once of the library.
    assert sum(b["users_registered"] for b in march) == stats_library.MARCH_2026[
        "users_registered"] + 3


def test_a_transaction_moved_to_another_branch_moves_its_figures(library):
    before = stats.month(year=2026, month=3, branch=JERSIKA)["loans"]
    database.execute_sql("UPDATE loan SET branch_id = 2 WHERE id = 6")
    assert stats.month(year=2026, month=3, branch=JERSIKA)["loans"] == before + 1
    # Anna now borrowed in both branches on 5 March: a visit of each, two of the library.
    march = stats.month(year=2026, month=3)
    assert (march["visits"], march["visits_children"]) == (9, 6)
    assert march["loans"] == stats_library.MARCH_2026["loans"]
    assert march["users_registered"] == stats_library.MARCH_2026["users_registered"]


def test_the_charts_of_one_branch(library):
    period = stats.month_period(2026, 3)
    days = dict(stats.visits_by_day(period, branch=JERSIKA))
    assert sum(days.values()) == 4
    assert sum(stats.loans_by_type(period, branch=JERSIKA).values()) == 2


def test_anonymised_history_keeps_every_branch_figure(db_path):
    today = date(2026, 3, 10)
    demo.fill_demo(scale="small", seed=3, today=today)
    run = database.execute_sql
    run("INSERT INTO branch (id, code, name, created_at) VALUES (2, 'J', 'Jersika',"
        " '2026-01-01 00:00:00')")
    for table, column in (("loan", "branch_id"), ("loan", "return_branch_id"),
                          ("renewal", "branch_id"), ("visit", "branch_id"),
                          ("patron", "branch_id"), ("item", "branch_id")):
        run(f"UPDATE {table} SET {column} = 2 WHERE id % 3 = 0")
    periods = [stats.year_period(year) for year in (2024, 2025)] + [
        stats.month_period(year, month) for year in (2024, 2025, 2026) for month in range(1, 13)
        if date(year, month, 1) <= today]

    def every_statistic() -> dict:
        return {(period.label, branch): stats.compute(period, branch=branch)
                for period in periods for branch in (None, 1, JERSIKA)}

    before = every_statistic()
    assert before["2025", JERSIKA]["loans"] > 100 and before["2025", 1]["users_registered"] > 10
    privacy.anonymize_history(today=today, days=200)  # closes 2024, folds 2025 to August
    assert database.execute_sql("SELECT count(*) FROM stats_closed_branch_month WHERE"
                                " branch_id = 2").fetchone()[0] == 12 + 7
    assert every_statistic() == before


@pytest.mark.sqlite_only
def test_the_summaries_made_before_branches_count_for_the_library_and_branch_1(tmp_path):
    path = tmp_path / "before.sqlite"
    db = open_database(path)
    migrations.migrate(db, upto=1900)
    run = db.execute_sql
    # Anonymised history of May 2020: the summaries and the kept numbers are all there is.
    run("INSERT INTO stats_reader_day VALUES ('2020-05-05', 7, 1, 1, 0)")
    run("INSERT INTO stats_day_count VALUES ('2020-05-05', 'checkout', 0, 'book', 3)")
    run("INSERT INTO stats_day_count VALUES ('2020-05-05', 'visit', 0, '', 1)")
    run("INSERT INTO stats_reader_year VALUES (2020, 7, '2020-05-05', '2020-05-05')")
    run("INSERT INTO stats_closed_month VALUES ('2020-05', 1, 0, 1, 1)")
    run("INSERT INTO stats_frozen VALUES (1, '2021-01-01')")
    close_database()
    open_library(path)
    for branch in (None, 1):
        may = stats.month(year=2020, month=5, branch=branch)
        assert (may["loans"], may["visits"], may["users_registered"], may["users_active"]) == (
            3, 1, 1, 1)
