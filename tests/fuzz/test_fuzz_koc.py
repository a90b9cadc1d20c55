"""KOC files of any shape replay line by line: every line is applied or rejected with a
translated reason, never an exception; the database holds exactly the applied lines and
stays sound. (tests/unit/test_koc_replay.py covers well-formed issue/return lines with
sane times; here: any time, any operation, any field, broken bytes.)"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import KocTransaction, Loan, Payment, Renewal
from rozupe_desk.formats.koc import format_timestamp
from rozupe_desk.services.circulation import koc
from rozupe_desk.services.safety import integrity
from tests.desk_data import small_library
from tests.fuzz.conftest import fuzz

CARDS = ["A1", "C1", "B1", "K1", "X9", "a1", " A1", "A1\x00", "Ā1", "x" * 300]
BARCODES = ["1001", "1002", "2001", "3001", "9001", "9002", "0000", "1001 ", "ž" * 200]
TIMES = st.one_of(
    st.datetimes(min_value=datetime(2026, 3, 1), max_value=datetime(2026, 3, 31)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
).map(format_timestamp)
EDGE_TIMES = st.sampled_from(["9999-12-31 23:59:59 999", "9999-12-20 10:00:00 000",
                              "0001-01-01 00:00:00 000", "1899-12-31 10:00:00 000"])
BAD_TIMES = st.sampled_from(["2026-02-30 10:00:00 000", "2026-03-10 25:00:00 000",
                             "2026-03-10 10:00:00", "", "0000-00-00 00:00:00 000",
                             "２０２６-03-10 10:00:00 000"])
OPERATION = st.sampled_from(["issue", "return", "payment", "renew", "ISSUE", ""])
FIELD = st.one_of(st.sampled_from(CARDS + BARCODES),
                  st.sampled_from(["5", "0,50", "-2.25", "1e9", "NaN", "Infinity", "1" * 40]),
                  st.text(max_size=20))
ANY_TIME = TIMES | EDGE_TIMES | BAD_TIMES
CHAOS = st.builds(lambda at, op, fields: "\t".join([at, op, *fields]),
                  ANY_TIME, OPERATION, st.lists(FIELD, max_size=4))
PLAUSIBLE = st.one_of(  # right operations with the library's own codes, at any time
    st.builds(lambda at, card, code: f"{at}\tissue\t{card}\t{code}", ANY_TIME,
              st.sampled_from(CARDS[:5]), st.sampled_from(BARCODES[:6])),
    st.builds(lambda at, code: f"{at}\treturn\t{code}", ANY_TIME,
              st.sampled_from(BARCODES[:6])),
    st.builds(lambda at, card, amount: f"{at}\tpayment\t{card}\t{amount}", ANY_TIME,
              st.sampled_from(CARDS[:5]), st.sampled_from(["5", "0,50", "-2.25", "9999999"])),
)
LINE = PLAUSIBLE | CHAOS


def _file(lines: list[str], ending: str, header: bool, junk: bytes, cp1257: bool) -> bytes:
    text = ending.join((["Version=1.0\tGenerator=kocQt4"] if header else []) + lines)
    data = text.encode("cp1257", "replace") if cp1257 else text.encode("utf-8", "surrogatepass")
    return data + junk


def _state():
    return (Loan.select().count(), Renewal.select().count(), Payment.select().count(),
            KocTransaction.select().count())


@pytest.fixture
def lib(db_path):
    return small_library()


@fuzz(60)
@given(lines=st.lists(LINE, max_size=20), ending=st.sampled_from(["\n", "\r\n", "\r"]),
       header=st.booleans(), junk=st.binary(max_size=30), cp1257=st.booleans())
def test_any_file_is_decided_line_by_line(lib, lines, ending, header, junk, cp1257):
    data = _file(lines, ending, header, junk, cp1257)
    with database.atomic() as transaction:
        before = _state()
        report = koc.replay(data=data, file_name="fuzz.koc")
        after = _state()
        assert report.applied + len(report.rejected) == report.total - report.skipped
        assert after[3] - before[3] == report.applied + len(report.rejected)
        for _line, reason in report.rejected:
            assert reason and "Traceback" not in reason and "koc." not in reason
        applied = [row.raw for row in KocTransaction.select().where(
            KocTransaction.outcome == "applied")]
        # exactly the applied lines changed the loans/payments; a rejected line nothing
        assert after[0] - before[0] <= len(applied) and after[2] - before[2] <= len(applied)
        assert integrity.run_check(quick=True).problems == []
        transaction.rollback()


def test_a_clock_gone_wrong_is_a_rejected_line_not_a_crash(lib):
    # Found by the property above: year 9999 made the due date overflow the calendar.
    report = koc.replay(data=b"9999-12-31 10:00:00 000\tissue\tA1\t1001\n"
                             b"0001-01-01 10:00:00 000\tissue\tA1\t1002\n"
                             b"2026-03-10 10:00:00 000\tissue\tA1\t2001\n")
    assert report.applied == 1
    assert [line for line, _ in report.rejected] == [1, 2]
    assert all("neticams laiks" in reason for _, reason in report.rejected)
