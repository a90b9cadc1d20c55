"""Reading and writing KOC files: every line understood or rejected with its reason."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from rozupe_desk.formats.koc import OPERATIONS, parse_amount, read_koc, write_koc

HEADER = b"Version=1.0\tGenerator=kocQt4\tGeneratorVersion=0.2\n"


def test_reads_header_and_transactions_with_file_line_numbers():
    data = (b"\xef\xbb\xbf" + HEADER +
            b"2026-03-10 10:15:33 123\tissue\tR000001\t10000001\r\n"
            b"\n"
            b"2026-03-10 10:16:00 000\treturn\t10000002\n"
            b"2026-03-10 10:17:00 000\tpayment\tR000001\t2,50\n")
    koc = read_koc(data)
    assert koc.header == {"Version": "1.0", "Generator": "kocQt4", "GeneratorVersion": "0.2"}
    assert [line.line_no for line in koc.lines] == [2, 4, 5]
    issue, back, paid = koc.lines
    assert issue.at == datetime(2026, 3, 10, 10, 15, 33, 123000)
    assert (issue.operation, issue.card_number, issue.barcode) == ("issue", "R000001", "10000001")
    assert (back.operation, back.barcode, back.error) == ("return", "10000002", None)
    assert paid.amount_cents == 250


def test_malformed_lines_carry_their_reason():
    data = HEADER + (
        b"garbage\n"
        b"2026-02-30 10:00:00 000\treturn\t1\n"
        b"2026-03-10 10:00:00 000\tlend\tR1\t1\n"
        b"2026-03-10 10:00:00 000\tissue\tR1\n"
        b"2026-03-10 10:00:00 000\tpayment\tR1\tdaudz\n"
        b"2026-03-10 10:00\treturn\t1\n") + b"2026-03-10 10:00:00 000\treturn\t\xff\n"
    reasons = [line.error[0] for line in read_koc(data).lines]
    assert reasons == ["koc.bad_timestamp", "koc.bad_timestamp", "koc.unknown_operation",
                       "koc.wrong_fields", "koc.bad_amount", "koc.bad_timestamp", "koc.not_utf8"]


def test_keys_name_the_transaction_and_survive_rereading():
    line = b"2026-03-10 10:00:00 000\treturn\t1\n"
    first = read_koc(HEADER + line + line + b"2026-03-10 10:00:01 000\treturn\t1\n")
    again = read_koc(HEADER + line + line + b"2026-03-10 10:00:01 000\treturn\t1\n")
    keys = [entry.key for entry in first.lines]
    assert len(set(keys)) == 2 and keys == [entry.key for entry in again.lines]
    assert [entry.repeat_of for entry in first.lines] == [None, 2, None]
    assert read_koc(b"\n\n" + line + line).lines[0].key == keys[0]  # position does not matter
    # the same transaction however the tool wrote its time
    other = read_koc(b"2026-03-10 10-00-00 000\treturn\t1\t\r\n2026-03-10T10:00:00\treturn\t1\n")
    assert [entry.key for entry in other.lines] == [keys[0], keys[0]]


def test_replay_order_is_by_time_and_stable():
    data = HEADER + (
        b"2026-03-10 12:00:00 000\treturn\tB\n"
        b"2026-03-10 09:00:00 000\tissue\tR1\tA\n"
        b"2026-03-10 12:00:00 000\treturn\tC\n"
        b"nonsense\n"
        b"2026-03-10 09:00:00 000\treturn\tA\n")
    order = [line.line_no for line in read_koc(data).in_replay_order()]
    assert order == [5, 3, 6, 2, 4]


def test_written_file_reads_back():
    records = [(datetime(2026, 3, 10, 10, 0, 0, 5000), "issue", ("R1", "100\t1")),
               (datetime(2026, 3, 10, 11, 0), "return", ("1001",)),
               (datetime(2026, 3, 10, 12, 0), "payment", ("R1", "1.50"))]
    text = write_koc(records, generator="Rozupe Desk", version="0.1")
    koc = read_koc(text.encode())
    assert koc.header["Generator"] == "Rozupe Desk"
    assert [(line.at, line.operation, line.fields) for line in koc.lines] == [
        (datetime(2026, 3, 10, 10, 0, 0, 5000), "issue", ("R1", "100 1")),
        (datetime(2026, 3, 10, 11, 0), "return", ("1001",)),
        (datetime(2026, 3, 10, 12, 0), "payment", ("R1", "1.50"))]
    assert text.splitlines()[1].startswith("2026-03-10 10:00:00 005\tissue")


def test_amounts():
    assert [parse_amount(text) for text in ("5", "5.00", "0,5", "-2.25")] == [500, 500, 50, -225]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.lists(st.sampled_from(
    [b"2026-03-10 10:00:00 000", b"\t", b"issue", b"return", b"payment", b"R1", b"1001",
     b"\n", b"\r\n", b"\xff", b"Version=1.0", b" ", b"1.5", b"2026-13-40 99:99:99 999"]),
    max_size=40).map(b"".join))
def test_any_bytes_give_lines_or_reasons_never_a_crash(data):
    koc = read_koc(data)
    first = [line for line in koc.lines if line.repeat_of is None]
    assert len({line.key for line in first}) == len(first)
    assert {line.key for line in koc.repeats()} <= {line.key for line in first}
    for line in koc.lines:
        if line.error is None:
            assert line.at is not None and len(line.fields) == OPERATIONS[line.operation]
            assert all(line.fields)
        else:
            assert line.error[0].startswith(("koc.", "server.koc_"))
