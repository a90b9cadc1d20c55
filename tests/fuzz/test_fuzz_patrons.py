"""Readers' CSV files of any shape: imported whole or refused whole with a translated
reason naming the line; never a half import. (tests/unit/test_patrons_csv.py covers random
bytes and short cells; here: real headers in any order, every column with good, bad and
huge values, both separators, the three encodings, quoting, line endings.)"""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import event, given
from hypothesis import strategies as st

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import AuditLog, Patron
from rozupe_desk.errors import DomainError
from rozupe_desk.formats.patrons_csv import COLUMNS
from rozupe_desk.services.readers import patrons
from tests.cli.test_cli import run
from tests.fuzz.conftest import fuzz

TODAY = date(2026, 3, 10)
HUGE = "ā" * 140_000  # beyond the csv module's field limit
GOOD_AND_BAD = {  # column: (values the import takes, values it must refuse or survive)
    "card_number": (["", "", "R1", "R2", "0001"], ["R1", "K 7", "x" * 300]),
    "first_name": (["Anna", "Līga", "Ēriks", "O'Nīls"], ["", "  ", "x" * 500]),
    "last_name": (["Bērziņa", "Ozols", "Kalniņš-Liepa"], ["", "\u0000"]),
    "birth_date": (["", "2015", "2015-03-24", "24.03.2015"],
                   ["2015-02-30", "1899", "2030-01-01", "15", "9999-12-31", "0001-01-01"]),
    "phone": (["", "+371 29 123 456", "29123456"], ["tel", "9" * 60]),
    "email": (["", "anna@example.lv"], ["anna@", "ā@ē.lv", "@"]),
    "address": (["", "Rožupe, \"Liepas\"", "Līvāni;\nLatgale"], [HUGE]),
    "registered_on": (["", "2024-01-05"], ["2026-03-11", "1899-12-31", "05.01.2024",
                                         "2024-13-01"]),
    "guardian_card": (["", "", "R1"], ["R2", "NAV", "0001"]),
}
VALUES = {name: st.tuples(st.integers(0, 24), st.sampled_from(good), st.sampled_from(bad)).map(
    lambda t: t[2] if t[0] == 0 else t[1]) for name, (good, bad) in GOOD_AND_BAD.items()}
HEADER = st.lists(st.sampled_from([*COLUMNS, "piezīmes", "Card Number", "FIRST-NAME"]),
                  max_size=9, unique=True).map(
    lambda names: ["first_name", "last_name", *(n for n in names
                                                if n not in ("first_name", "last_name"))]
)
ANY_HEADER = st.lists(st.sampled_from([*COLUMNS, "x"]), min_size=1, max_size=4)


@st.composite
def readers_file(draw) -> bytes:
    header = draw(ANY_HEADER if draw(st.integers(0, 9)) == 0 else HEADER)
    rows = draw(st.lists(st.tuples(*[
        VALUES.get(name, st.text(max_size=8)) for name in header]), max_size=6))
    if draw(st.integers(0, 9)) == 0 and rows:  # a truncated last line or a missing cell
        rows[-1] = rows[-1][:draw(st.integers(0, len(header)))]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";"])),
                        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.integers(0, 9)) == 0:
        text = text[:draw(st.integers(0, len(text)))]  # cut anywhere
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1257"] * 3 + ["utf-16"]))
    return text.encode(encoding, "replace")


def _state() -> tuple[int, int]:
    return Patron.select().count(), AuditLog.select().count()


@fuzz(80)
@given(data=readers_file())
def test_a_readers_file_is_imported_whole_or_refused_whole(db_path, data):
    before = _state()
    with database.atomic() as transaction:
        try:
            summary = patrons.import_csv_bytes(data=data, file_name="f.csv", today=TODAY)
        except DomainError as error:
            assert str(error) and not str(error).startswith("patrons.")
            event(f"refused: {error.key}")
            assert _state() == before
        else:
            assert _state() == (before[0] + summary.imported, before[1] + 1)
            assert summary.imported > 0
            event("imported")
            assert all(p.first_name.strip() and p.last_name.strip() for p in Patron.select())
        transaction.rollback()
    assert not database.in_transaction()


def test_the_command_refuses_a_file_beyond_the_field_limit_in_one_line(tmp_path):
    db = str(tmp_path / "lib.sqlite")
    path = tmp_path / "lasitaji.csv"
    path.write_bytes(("first_name;last_name;address\nAnna;Ozola;" + HUGE + "\n").encode(
        "cp1257", "replace"))
    result = run("--db", db, "import", "patrons", str(path))
    assert result.returncode == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
