"""KOC files as the real offline tools write them (tests/data/koc, see its ORIGIN.md):
every line understood, and the replay's loans, returns, renewals, payments and statistics
equal to a count made independently of our reader, the way Koha's process_koc.pl reads."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from rozupe_desk.db.models import Item, KocTransaction, Loan, Payment, Renewal
from rozupe_desk.formats.koc import parse_timestamp, read_koc
from rozupe_desk.services.circulation import circulation, koc
from rozupe_desk.services.safety import integrity
from rozupe_desk.services.sql import insert
from rozupe_desk.services.statistics import stats
from tests.desk_data import koc_text, small_library

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "koc"
FILES = sorted(SAMPLES.glob("*.koc"))


@pytest.fixture
def lib(db_path):
    return small_library()


def sound() -> bool:
    """The full check finds nothing beyond the test library's own discarded copy that
    carries no discard date."""
    problems = integrity.run_check(quick=False).problems
    return [name for name, _codes in problems] in ([], ["integrity.discarded_without_date"])


def independent_count(files: list[Path]) -> Counter:
    """What the files record, counted as process_koc.pl reads them: split each line on
    TABs, the stamp on whitespace (date, time, milliseconds), the time's `-` read as `:`;
    a line repeated with the same stamp once; then in time order against who has what."""
    seen, lines = set(), []
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        for raw in text.splitlines()[1:]:
            cells = [cell for cell in raw.split("\t") if cell]
            if not cells:
                continue
            date_part, time_part, *millis = re.split(r"[\sT]+", cells[0].replace(".", " "))
            stamp = f"{date_part} {time_part.replace('-', ':')}.{(millis or ['0'])[0]:0<3}"
            record = (stamp, *cells[1:])
            if record not in seen:
                seen.add(record)
                lines.append(record)
    holder: dict[str, str] = {}
    count: Counter = Counter()
    for _stamp, operation, *fields in sorted(lines, key=lambda record: record[0]):
        if operation == "payment":
            count["payments"] += 1
        elif operation == "return":
            if holder.pop(fields[0], None) is not None:
                count["returns"] += 1
        elif holder.get(fields[1]) == fields[0]:
            count["renewals"] += 1
        else:
            if fields[1] in holder:
                count["returns"] += 1
            holder[fields[1]] = fields[0]
            count["loans"] += 1
    return count


def replayed_count() -> Counter:
    return Counter(loans=Loan.select().count(), renewals=Renewal.select().count(),
                   returns=Loan.select().where(Loan.returned_at.is_null(False)).count(),
                   payments=Payment.select().count())


def test_there_is_a_sample_of_every_generator():
    generators = {read_koc(path.read_bytes()).header["Generator"] for path in FILES}
    assert {"kocQt4", "kocDesktop", "koct-firefox", "kolt",
            "export_offline_circ_log.pl"} <= generators


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_line_of_every_generator_is_understood(path):
    lines = read_koc(path.read_bytes()).lines
    assert lines and [line.error for line in lines] == [None] * len(lines)
    assert all(line.at.year == 2026 and line.at.month == 3 for line in lines)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_each_file_replays_whole_and_matches_the_independent_count(lib, path):
    report = koc.replay(data=path.read_bytes(), file_name=path.name)
    assert report.rejected == []
    assert report.applied + report.skipped == report.total
    assert +replayed_count() == +independent_count([path])
    assert sound()


def test_all_files_in_one_library_match_the_count_and_the_statistics(lib):
    # in the order of the outreach days, as the librarian brings them back
    by_day = sorted(FILES, key=lambda path: read_koc(path.read_bytes()).lines[0].at)
    for path in by_day:
        assert koc.replay(data=path.read_bytes(), file_name=path.name).rejected == []
    expected = independent_count(FILES)
    assert +replayed_count() == +expected
    march = stats.month(year=2026, month=3)
    assert march["loans"] == expected["loans"] + expected["renewals"]
    assert (march["returns"], march["renewals"]) == (expected["returns"], expected["renewals"])
    assert sound()
    again = [koc.replay(data=path.read_bytes(), file_name=path.name) for path in FILES]
    assert sum(report.applied for report in again) == 0
    assert +replayed_count() == +expected


def test_the_times_the_tools_write():
    expected = datetime(2026, 5, 2, 10, 15, 30, 123000)
    for text in ("2026-05-02 10:15:30 123", "2026-05-02 10-15-30 123", "2026-05-02T10:15:30.123",
                 "2026-05-02  10:15:30 123"):
        assert parse_timestamp(text) == expected, text
    assert parse_timestamp("2026-05-02 10:15:30") == expected.replace(microsecond=0)
    assert parse_timestamp("2026-05-02T10-15-30") == expected.replace(microsecond=0)
    for text in ("2026-05-02 10:15-30", "2026-05-02 10:15", "02.05.2026 10:15:30",
                 "2026-05-02 25:00:00", "2026-05-02 10:15:30Z"):
        assert parse_timestamp(text) is None, text


def test_a_line_in_the_future_or_before_the_copy_was_acquired_is_refused_with_its_line(lib):
    Item.update(acquired_on=date(2026, 3, 5)).where(Item.barcode == "2001").execute()
    soon = circulation.now() + timedelta(minutes=5)  # a laptop clock a little ahead
    data = koc_text([(datetime(2099, 1, 4, 10), "issue", ("A1", "1001")),
                     (datetime(2026, 3, 4, 10), "issue", ("A1", "2001")),
                     (datetime(2026, 3, 4, 12), "return", ("2001",)),
                     (datetime(2026, 3, 5, 9), "issue", ("K1", "2001")),
                     (soon, "payment", ("A1", "1.00"))])
    report = koc.replay(data=data)
    assert [line for line, _reason in report.rejected] == [2, 3, 4]
    reasons = dict(report.rejected)
    assert "nākotnē" in reasons[2] and "04.01.2099" in reasons[2]
    assert "iegādes" in reasons[3] and "05.03.2026" in reasons[3] and "2001" in reasons[3]
    assert report.applied == 2 and Loan.select().count() == 1
    assert Loan.get().issued_at == datetime(2026, 3, 5, 9)
    assert sound()


def test_a_line_repeated_with_the_same_time_is_one_transaction(lib):
    issue = (datetime(2026, 3, 10, 10), "issue", ("A1", "1001"))
    paid = (datetime(2026, 3, 10, 10, 5), "payment", ("A1", "1.00"))
    report = koc.replay(data=koc_text([issue, paid, issue, paid]), file_name="a.koc")
    assert report.applied == 2 and report.repeated == [(4, 2), (5, 3)]
    assert (report.total, report.skipped) == (4, 2)
    assert (Loan.select().count(), Renewal.select().count(), Payment.select().count()) == (1, 0, 1)
    # the same transaction written by another tool, in another file: already decided
    other = (b"Version=1.0\tGenerator=kocDesktop\tGeneratorVersion=2.4.0\r\n"
             b"2026-03-10 10-00-00 000\tissue\tA1\t1001\t\r\n")
    assert koc.replay(data=other, file_name="b.koc").skipped == 1
    # the same card and copy at another time is a renewal, as Koha reads it
    later = koc_text([(datetime(2026, 3, 20, 10), "issue", ("A1", "1001"))])
    assert koc.replay(data=later).applied == 1 and Renewal.select().count() == 1


def test_lines_decided_by_an_earlier_version_are_kept_or_retried(lib):
    """Earlier versions keyed a line by its bytes and a count: what they applied stays
    applied; what they refused (every line they could not read) is read again."""
    applied = b"2026-03-10 10:00:00 000\tissue\tA1\t1001"
    refused = b"2026-03-10 10-05-00 000\tissue\tK1\t2001"
    for raw, outcome in ((applied, "applied"), (refused, "rejected")):
        insert("INSERT INTO koc_transaction (line_key, file_name, line_no, raw, outcome,"
               " reason, decided_at) VALUES (?, 'old.koc', 2, ?, ?, '', ?)",
               (hashlib.sha256(raw).hexdigest()[:40] + ":1", raw.decode(), outcome,
                "2026-03-11 09:00:00"))
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id,
                         at=datetime(2026, 3, 10, 10))  # what the old replay did
    report = koc.replay(data=b"Version=1.0\n" + applied + b"\n" + refused + b"\n")
    assert (report.applied, report.skipped, report.rejected) == (1, 1, [])
    assert Loan.select().count() == 2 and KocTransaction.select().count() == 3
