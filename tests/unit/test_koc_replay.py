"""Replaying KOC files: time order, per-line transactions, stored outcomes, idempotence."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Item, KocTransaction, Loan, Payment, Renewal
from rozupe_desk.services.circulation import circulation, koc
from rozupe_desk.services.safety import integrity
from tests.desk_data import NOW, koc_text, small_library


@pytest.fixture
def lib(db_path):
    return small_library()


def state():
    return ([tuple(r) for r in Loan.select().order_by(Loan.id).tuples()],
            [tuple(r) for r in Item.select(Item.barcode, Item.status).order_by(Item.id).tuples()],
            [tuple(r) for r in Renewal.select().tuples()],
            [(p.at, p.card_number, p.amount_cents) for p in Payment.select()])


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, minute)


def test_lines_apply_in_time_order_with_their_own_times(lib):
    data = koc_text([
        (at(15), "return", ("1001",)),
        (at(10), "issue", ("C1", "1001")),
        (at(11), "issue", ("A1", "3001")),
    ])
    report = koc.replay(data=data, file_name="outreach.koc")
    assert (report.applied, report.rejected, report.skipped) == (3, [], 0)
    child_loan = Loan.get(Loan.item == Item.get(Item.barcode == "1001"))
    assert child_loan.issued_at == at(10) and child_loan.returned_at == at(15)
    assert child_loan.age_group == "child" and child_loan.due_on == date(2026, 4, 7)
    magazine = Loan.get(Loan.item == Item.get(Item.barcode == "3001"))
    assert magazine.due_on == date(2026, 3, 24) and magazine.returned_at is None
    outcomes = [(t.line_no, t.outcome) for t in KocTransaction.select().order_by(KocTransaction.line_no)]
    assert outcomes == [(2, "applied"), (3, "applied"), (4, "applied")]


def test_issue_of_a_copy_on_loan_to_someone_else_checks_it_in_first(lib):
    first = circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=at(9, day=2))
    report = koc.replay(data=koc_text([(at(10), "issue", ("K1", "1001"))]))
    assert report.applied == 1 and report.rejected == []
    assert report.notes and "izsniegts lasītājai Annai Bērziņai" in report.notes[0][1]
    assert Loan.get_by_id(first.loan_id).returned_at == at(10)
    new = Loan.get(Loan.patron == lib["karlis"].id)
    assert new.issued_at == at(10) and new.returned_at is None


def test_issue_to_the_reader_who_has_it_is_a_renewal(lib):
    out = circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=at(9, day=2))
    report = koc.replay(data=koc_text([(at(10, day=20), "issue", ("A1", "1001"))]))
    assert report.applied == 1
    loan = Loan.get_by_id(out.loan_id)
    assert loan.renewals == 1 and Renewal.get().renewed_at == at(10, day=20)


def test_offline_lines_record_what_happened_despite_desk_limits(lib):
    report = koc.replay(data=koc_text([(at(10), "issue", ("B1", "9003"))]))
    assert report.applied == 1 and Loan.get().patron_id == lib["blocked"].id


def test_rejected_lines_change_nothing_and_are_reported_with_their_numbers(lib):
    data = koc_text([
        (at(10), "issue", ("A1", "1001")),
        (at(11), "issue", ("ZZZ", "1002")),
        (at(12), "issue", ("A1", "0000")),
        (at(13), "issue", ("A1", "9001")),
        (at(14), "return", ("9002",)),
        (at(15), "payment", ("A1", "2.00")),
    ]) + b"this is not a transaction\n"
    before_loans = 0
    report = koc.replay(data=data, file_name="f.koc")
    assert report.applied == 2
    assert [number for number, _ in report.rejected] == [3, 4, 5, 6, 8]
    reasons = dict(report.rejected)
    assert "ZZZ" in reasons[3] and "0000" in reasons[4] and "norakstīts" in reasons[5]
    assert "pazudis" in reasons[6] and "laiks" in reasons[8]
    assert Loan.select().count() == before_loans + 1
    assert Payment.get().amount_cents == 200 and Payment.get().at == at(15)
    stored = {t.line_no: (t.outcome, t.reason) for t in KocTransaction.select()}
    assert stored[3] == ("rejected", reasons[3]) and stored[2] == ("applied", "")


def test_replaying_again_skips_every_decided_line(lib):
    data = koc_text([(at(10), "issue", ("A1", "1001")), (at(11), "issue", ("A1", "nope")),
                     (at(12), "return", ("1001",)), (at(13), "issue", ("A1", "1001"))])
    koc.replay(data=data)
    first = state()
    again = koc.replay(data=data)
    assert (again.applied, again.rejected, again.skipped) == (0, [], 4)
    assert state() == first


def test_duplicate_lines_are_one_transaction(lib):
    line = (at(10), "payment", ("A1", "1.00"))
    report = koc.replay(data=koc_text([line, line]))
    assert report.applied == 1 and Payment.select().count() == 1
    assert report.repeated == [(3, 2)]
    assert koc.replay(data=koc_text([line, line, line])).applied == 0


def test_a_failure_inside_a_line_leaves_no_half_of_it(lib, monkeypatch):
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=at(9, day=2))
    data = koc_text([(at(10), "issue", ("C1", "2001")), (at(11), "issue", ("K1", "1001")),
                     (at(12), "return", ("2001",))])
    real = circulation.checkout

    def crash(**kwargs):
        if kwargs.get("barcode") == "1001":
            raise RuntimeError("power cut")
        return real(**kwargs)

    monkeypatch.setattr(circulation, "checkout", crash)
    with pytest.raises(RuntimeError):
        koc.replay(data=data)
    # line 2 committed; line 3 (check-in of 1001, then the failing checkout) left nothing
    assert KocTransaction.select().count() == 1
    assert Loan.get(Loan.item == Item.get(Item.barcode == "1001")).returned_at is None
    monkeypatch.setattr(circulation, "checkout", real)
    resumed = koc.replay(data=data)
    assert (resumed.skipped, resumed.applied) == (1, 2)
    assert Loan.get(Loan.patron == lib["karlis"].id).issued_at == at(11)


def test_replay_file_reports_an_unreadable_file(lib, tmp_path):
    with pytest.raises(Exception, match="Nevar nolasīt"):
        koc.replay_file(path=tmp_path / "missing.koc")


def test_export_writes_our_transactions_for_koha(lib):
    out = circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=at(10))
    circulation.renew(loan_id=out.loan_id, at=at(10, day=20))
    circulation.checkin(barcode="1001", at=at(10, day=25))
    summary = koc.export_transactions(since=date(2026, 3, 1), until=date(2026, 3, 31))
    lines = summary.text.splitlines()
    assert lines[0].startswith("Version=1.0\tGenerator=Rozupe Desk")
    assert lines[1:] == ["2026-03-10 10:00:00 000\tissue\tA1\t1001",
                         "2026-03-20 10:00:00 000\tissue\tA1\t1001",
                         "2026-03-25 10:00:00 000\treturn\t1001"]
    assert koc.export_transactions(since=date(2026, 4, 1)).records == 0


def test_an_exported_file_replays_to_the_same_loans(lib, tmp_path):
    circulation.checkout(barcode="1001", patron_id=lib["child"].id, at=at(10))
    circulation.checkout(barcode="2001", patron_id=lib["anna"].id, at=at(11))
    circulation.checkin(barcode="1001", at=at(12, day=12))
    exported = koc.export_transactions().text.encode()
    expected = [(r.item_id, r.patron_id, r.issued_at, r.due_on, r.returned_at)
                for r in Loan.select().order_by(Loan.id)]
    with database.atomic() as txn:
        Loan.delete().execute()
        Item.update(status="available").execute()
        report = koc.replay(data=exported)
        assert report.applied == 3 and report.rejected == []
        replayed = [(r.item_id, r.patron_id, r.issued_at, r.due_on, r.returned_at)
                    for r in Loan.select().order_by(Loan.id)]
        txn.rollback()
    assert replayed == expected


CARDS = ["A1", "C1", "B1", "K1", "X9"]
BARCODES = ["1001", "1002", "2001", "3001", "9001", "9002", "9003", "0000"]
line_strategy = st.one_of(
    st.tuples(st.integers(0, 500), st.just("issue"), st.sampled_from(CARDS),
              st.sampled_from(BARCODES)).map(lambda t: (NOW + timedelta(minutes=t[0]), t[1],
                                                        (t[2], t[3]))),
    st.tuples(st.integers(0, 500), st.sampled_from(BARCODES)).map(
        lambda t: (NOW + timedelta(minutes=t[0]), "return", (t[1],))),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(line_strategy, max_size=25), junk=st.binary(max_size=60))
def test_any_file_replays_to_a_sound_state_and_replays_again_to_nothing(lib, lines, junk):
    data = koc_text(lines) + junk
    with database.atomic() as txn:
        report = koc.replay(data=data)
        decided = KocTransaction.select().count()
        assert decided == report.total - len(report.repeated)
        assert decided == report.applied + len(report.rejected)
        assert integrity.run_check(quick=True).problems == []
        after = state()
        again = koc.replay(data=data)
        assert (again.applied, again.rejected, again.skipped) == (0, [], report.total)
        assert state() == after
        txn.rollback()
