"""The PDFs carry their figures as text (pdftotext) and the tables match the statistics."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from rozupe_desk import documents
from rozupe_desk.db.connection import database
from rozupe_desk.services.circulation import overdue
from tests.unit import stats_library

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _row(text: str, label: str) -> list[str]:
    """The figures on the line that starts with `label` and continues with figures only."""
    pattern = re.compile(re.escape(label) + r"((?:\s+[\d,]+)+)\s*$")
    for line in text.splitlines():
        match = pattern.match(line.strip())
        if match:
            return match.group(1).split()
    raise AssertionError(f"no row {label!r}")


def test_monthly_pdf_csv_and_xlsx_carry_the_figures(db_path, tmp_path):
    stats_library.build()
    pdf, table, sheet = tmp_path / "m.pdf", tmp_path / "m.csv", tmp_path / "m.xlsx"
    documents.monthly(year=2026, month=3, pdf=pdf, csv=table, xlsx=sheet)
    text = _text(pdf)
    assert "Rožupes bibliotēka" in text
    assert "Statistikas pārskats: 2026. gada marts" in text
    assert "Bibliotekāre:" in text and re.search(r"Datums: \d\d\.\d\d\.\d{4}", text)
    # this month, a year earlier, the year to date
    assert _row(text, "Izsniegumi (ar pagarinājumiem)") == ["4", "0", "9"]
    assert _row(text, "Apmeklējumi") == ["8", "0", "16"]
    assert _row(text, "Kavētie eksemplāri perioda beigās") == ["2", "0", "2"]
    assert _row(text, "Krājuma apgrozība") == ["0,400", "0,000", "0,900"]
    assert "Izsniegumi pa dokumentu veidiem" in text and "Apmeklējumi pa dienām" in text

    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["id", "Rādītājs"]
    assert {row[0]: row[2] for row in rows[1:]} == {
        key: str(value) for key, value in stats_library.MARCH_2026.items()}
    book = load_workbook(sheet)
    cells = {row[0]: row[2] for row in book.active.iter_rows(min_row=4, values_only=True)}
    assert cells == stats_library.MARCH_2026


def test_annual_pdf_has_the_months_side_by_side(db_path, tmp_path):
    stats_library.build()
    pdf = documents.annual(year=2026, pdf=tmp_path / "a.pdf").pdf
    text = _text(pdf)
    assert "Gada statistikas pārskats par 2026. gadu" in text
    # January … December, 2026, 2025
    assert _row(text, "Pagarinājumi") == ["0", "0", "1"] + ["0"] * 9 + ["1", "0"]
    assert _row(text, "Saņemtie (atgrieztie) eksemplāri") == (
        ["1", "1", "2", "2"] + ["0"] * 8 + ["6", "0"])
    # the closing both reports share: definitions, date and signature line
    assert "Bibliotekāre:" in text and re.search(r"Datums: \d\d\.\d\d\.\d{4}", text)


def test_reminder_letters_one_page_per_reader_guardian_for_a_child(db_path, tmp_path):
    stats_library.build()
    database.execute_sql(
        "INSERT INTO loan(id, item_id, patron_id, patron_token, age_group, document_type,"
        " issued_at, due_on) VALUES (20, 11, 3, 1003, 'child', 'book', '2026-03-20 10:00:00',"
        " '2026-04-10')")
    made = documents.reminders(pdf=tmp_path / "r.pdf", on=date(2026, 4, 20))
    assert (made.letters, made.copies) == (2, 4)
    pages = _text(made.pdf).split("\f")
    assert len([page for page in pages if page.strip()]) == 2
    first, second = pages[0], pages[1]
    assert "Cienījamais Pēteri Bērziņ!" in first and "I4" in first and "I6" in first
    assert "Jūsu bērnam" not in first and "Jūsu paņemtos izdevumus" in first
    assert "Cienījamais Pēteri Bērziņ!" in second  # the child's guardian
    assert "Jūsu bērnam Jānim Ozolam" in second and "I11" in second
    assert "10.04.2026" in second and "Atgādinām" in second
    assert "Jūsu bērna paņemtos izdevumus" in " ".join(second.split())


@pytest.mark.parametrize(("first", "last", "form"), [
    ("Dzidra", "Gailīte", "female"), ("Anna", "Bērziņa-Kalniņa", "female"),
    ("Kārlis", "Kalniņš", "male"), ("Jānis", "Ozols", "male"),
    ("Kārlis", "Skalbe", "male"), ("Alex", "Smith", ""), ("Anna", "Smits", ""), ("", "", ""),
])
def test_the_salutation_is_gendered_only_when_the_whole_name_declines(first, last, form):
    assert overdue.salutation_form(first, last) == form


def test_a_reader_whose_names_do_not_tell_gets_the_neutral_salutation(db_path, tmp_path):
    stats_library.build()
    database.execute_sql("UPDATE patron SET first_name = 'Kim', last_name = 'Skalbe' "
                         "WHERE first_name = 'Pēteris'")
    pages = _text(documents.reminders(pdf=tmp_path / "r.pdf", on=date(2026, 4, 20)).pdf)
    assert "Cienījamā/-ais Kim Skalbe!" in pages


def test_no_overdue_readers_gives_a_single_explaining_page(db_path, tmp_path):
    made = documents.reminders(pdf=tmp_path / "none.pdf", on=date(2026, 1, 1))
    assert made.letters == 0
    assert "vēstules nav jāsūta" in _text(made.pdf)


def test_every_font_is_embedded_dejavu(db_path, tmp_path):
    """Latvian letters need DejaVu; a stray Helvetica would be neither embedded nor Latvian."""
    stats_library.build()
    paths = [documents.monthly(year=2026, month=3, pdf=tmp_path / "m.pdf").pdf,
             documents.annual(year=2026, pdf=tmp_path / "a.pdf").pdf,
             documents.reminders(pdf=tmp_path / "r.pdf", on=date(2026, 4, 20)).pdf]
    for path in paths:
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing and all("DejaVu" in line and " yes yes yes " in line
                               for line in listing), (path.name, listing)
