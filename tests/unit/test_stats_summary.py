"""The per-day summaries follow every change of the source rows, not only new loans."""

from __future__ import annotations

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.services.statistics import stats, stats_summary
from tests.unit import stats_library


def _march() -> dict:
    return stats.month(year=2026, month=3)


def test_nothing_is_pending_after_a_computation(db_path):
    stats_library.build()
    assert stats_summary.pending_days() > 0
    _march()
    assert stats_summary.pending_days() == 0
    assert stats_summary.refresh() == 0


def test_a_check_in_after_the_first_report_counts(db_path):
    stats_library.build()
    before = _march()
    # Loan 5 (reader 2, overdue) comes back on 25 March at 16:00.
    database.execute_sql("UPDATE loan SET returned_at = '2026-03-25 16:00:00' WHERE id = 5")
    after = _march()
    assert after["returns"] == before["returns"] + 1
    assert after["visits"] == before["visits"] + 1
    assert after["overdue_items"] == before["overdue_items"] - 1
    assert after["loans"] == before["loans"]


def test_an_undone_return_and_a_deleted_loan_disappear(db_path):
    stats_library.build()
    before = _march()
    database.execute_sql("UPDATE loan SET returned_at = NULL WHERE id = 4")  # back on loan
    database.execute_sql("DELETE FROM renewal WHERE loan_id = 3")
    after = _march()
    assert after["returns"] == before["returns"] - 1
    assert after["renewals"] == before["renewals"] - 1
    assert after["loans"] == before["loans"] - 1
    # token 4004's only March day and reader 3's renewal day are gone
    assert after["visits"] == before["visits"] - 2
    assert after["users_active"] == before["users_active"] - 1


def test_anonymising_a_reader_keeps_the_figures(db_path):
    stats_library.build()
    before = _march()
    database.execute_sql("UPDATE loan SET patron_id = NULL WHERE patron_id = 3")
    database.execute_sql("UPDATE patron SET birth_date = NULL, birth_year = NULL,"
                         " anonymized = 1, first_name = '—', last_name = '—' WHERE id = 3")
    assert _march() == before


def test_a_corrected_birth_changes_the_age_group_of_returns(db_path):
    stats_library.build()
    before = _march()
    # Reader 1 was born a year later than first entered: still a child on 20 March.
    database.execute_sql("UPDATE patron SET birth_date = '2009-03-15' WHERE id = 1")
    after = _march()
    assert after["visits_children"] == before["visits_children"] + 1
    assert after["users_children"] == before["users_children"] + 1


def test_a_reader_whose_only_loan_is_deleted_leaves_the_year(db_path):
    stats_library.build()
    before = stats.year(year=2026)
    database.execute_sql("DELETE FROM loan WHERE id = 11")  # token 1010's only loan
    after = stats.year(year=2026)
    assert after["users_registered"] == before["users_registered"] - 1
    assert after["users_active"] == before["users_active"] - 1
    assert after["users_children"] == before["users_children"] - 1
    assert after["loans"] == before["loans"] - 1


@pytest.mark.sqlite_only
def test_a_dropped_trigger_is_put_back_and_the_history_summarised_again(db_path):
    stats_library.build()
    before = _march()
    database.execute_sql("DROP TRIGGER stats_loan_update")  # as a table rebuild would
    database.execute_sql("UPDATE loan SET returned_at = '2026-03-25 16:00:00' WHERE id = 5")
    after = _march()
    assert after["returns"] == before["returns"] + 1
    names = {name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "stats_loan_update" in names
