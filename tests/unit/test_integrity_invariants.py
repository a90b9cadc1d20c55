"""The invariants of `check`: each one is broken by raw SQL and must be reported, with the
offending codes, and a sound library must raise no false alarm."""

from __future__ import annotations

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.i18n import tr
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.safety import integrity
from rozupe_desk.services.statistics import stats_summary
from tests.desk_data import NOW, small_library


@pytest.fixture
def lib(db_path):
    """A library with history: an open loan (1001, renewed once), a returned one (2001)."""
    data = small_library()
    sql("UPDATE item SET discarded_on = '2025-01-10' WHERE status = 'discarded'")
    circulation.checkout(barcode="1001", patron_id=data["anna"].id, at=NOW)
    circulation.renew(barcode="1001", at=NOW.replace(day=20))
    circulation.checkout(barcode="2001", patron_id=data["karlis"].id, at=NOW)
    circulation.checkin(barcode="2001", at=NOW.replace(day=12))
    stats_summary.refresh()
    return data


def sql(statement: str, params: tuple = ()) -> None:
    database.execute_sql(statement, params)


def item_id(barcode: str) -> int:
    return database.execute_sql("SELECT id FROM item WHERE barcode = ?", (barcode,)).fetchone()[0]


def open_loan_copy() -> None:
    sql("DROP INDEX loan_open_item")
    sql("INSERT INTO loan (item_id, patron_id, patron_token, age_group, issued_at, due_on)"
        " SELECT item_id, patron_id, patron_token, age_group, issued_at, due_on FROM loan"
        " WHERE returned_at IS NULL")


def hold_of_nobody() -> None:
    sql("PRAGMA foreign_keys = OFF")
    sql("INSERT INTO hold (title_id, patron_id, placed_at, status) VALUES (1, 9999, ?, 'waiting')",
        (str(NOW),))
    sql("PRAGMA foreign_keys = ON")


def ready_hold_on_shelf_copy() -> None:
    sql("INSERT INTO hold (title_id, patron_id, placed_at, status, item_id, ready_at)"
        " SELECT i.title_id, 1, ?, 'ready', i.id, ? FROM item i WHERE barcode = '1002'",
        (str(NOW), str(NOW)))


BREAKERS = {
    "integrity.copy_on_loan_without_loan": (
        lambda: sql("UPDATE item SET status = 'on_loan' WHERE barcode = '1002'"), "1002"),
    "integrity.copy_with_two_open_loans": (open_loan_copy, "1001"),
    "integrity.discarded_copy_on_loan": (
        lambda: sql("UPDATE item SET status = 'discarded', discarded_on = '2026-03-11'"
                    " WHERE barcode = '1001'"), "1001"),
    "integrity.lost_copy_on_loan": (
        lambda: sql("UPDATE item SET status = 'lost' WHERE barcode = '1001'"), "1001"),
    "integrity.open_loan_not_on_loan": (
        lambda: sql("UPDATE item SET status = 'available' WHERE barcode = '1001'"), "1001"),
    "integrity.open_loan_without_reader": (
        lambda: sql("UPDATE loan SET patron_id = NULL WHERE returned_at IS NULL"), "1001"),
    "integrity.hold_without_reader_or_title": (hold_of_nobody, "1"),
    "integrity.ready_hold_copy_not_kept": (ready_hold_on_shelf_copy, "1002"),
    "integrity.kept_copy_without_hold": (
        lambda: sql("UPDATE item SET status = 'reserved' WHERE barcode = '1002'"), "1002"),
    "integrity.loan_before_acquisition": (
        lambda: sql("UPDATE item SET acquired_on = '2026-03-11' WHERE barcode = '2001'"), "2001"),
    "integrity.renewals_miscounted": (
        lambda: sql("UPDATE loan SET renewals = 3 WHERE returned_at IS NULL"), "1001"),
    "integrity.discarded_without_date": (
        lambda: sql("UPDATE item SET status = 'discarded' WHERE barcode = '1002'"), "1002"),
    "branches.integrity_unknown_branch": (
        lambda: sql("UPDATE item SET branch_id = 7 WHERE barcode = '1002'"), "item 2"),
    "integrity.summary_differs": (
        lambda: sql("UPDATE stats_day_count SET n = n + 1 WHERE kind = 'return'"), "2026-03-12"),
}


def test_every_invariant_has_a_breaker_and_a_latvian_message():
    keys = {invariant.key for invariant in integrity.INVARIANTS} | {"integrity.summary_differs"}
    assert keys == set(BREAKERS)
    for key in keys:
        assert "{codes}" not in tr(key, codes="X") and "X" in tr(key, codes="X")


def test_a_sound_library_with_history_is_sound(lib):
    result = integrity.run_check()
    assert result.sound, result.messages()
    assert integrity.run_check(quick=True).sound


@pytest.mark.sqlite_only
@pytest.mark.parametrize("key", sorted(BREAKERS))
def test_each_broken_invariant_is_reported_with_its_codes(lib, key):
    breaker, code = BREAKERS[key]
    breaker()
    result = integrity.run_check()
    assert not result.sound
    found = dict(result.problems)
    assert key in found, result.messages()
    assert code in found[key]
    assert any(code in line and line.startswith(tr(key, codes="")[:12])
               for line in result.messages())
    quick_keys = {inv.key for inv in integrity.INVARIANTS if inv.quick}
    quick_keys.add("integrity.summary_differs")
    assert (key in dict(integrity.run_check(quick=True).problems)) == (key in quick_keys)


def test_days_waiting_for_their_summary_are_not_a_mismatch(lib):
    circulation.checkout(barcode="1002", patron_id=lib["karlis"].id, at=NOW.replace(day=21))
    assert stats_summary.pending_days() > 0
    assert integrity.summary_mismatches() == []
    stats_summary.refresh()
    assert integrity.summary_mismatches() == []
    sql("DELETE FROM stats_day_count WHERE day = '2026-03-21'")
    assert integrity.summary_mismatches() == ["2026-03-21"]


def test_offending_codes_are_limited(lib):
    sql("UPDATE item SET status = 'discarded' WHERE status = 'available'")
    codes = dict(integrity.run_check().problems)["integrity.discarded_without_date"]
    assert 1 <= len(codes) <= integrity.SHOWN_CODES
