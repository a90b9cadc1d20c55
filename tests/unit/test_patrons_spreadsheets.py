"""Readers' lists as spreadsheets save them (tests/data/patrons, see its ORIGIN.md):
families in any order, Latvian headers, three date forms, four encodings, XLSX itself."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from rozupe_desk.db.models import Patron
from rozupe_desk.errors import DomainError
from rozupe_desk.formats import patrons_csv
from rozupe_desk.services.readers import patrons

TODAY = date(2026, 3, 10)
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "patrons"
FILES = sorted(path for path in SAMPLES.iterdir() if path.suffix in (".csv", ".txt", ".xlsx"))
EXPECTED = [
    ("R2001", "Līga", "Ozoliņa", date(2016, 6, 4), None, "", "", date(2024, 1, 12), "R2002"),
    ("R2002", "Inese", "Ozoliņa", date(1988, 11, 17), None, "+371 2612 3456",
     "inese.ozolina@inbox.lv", date(2024, 1, 12), "R2003"),
    ("R2003", "Ārija", "Kalniņa", None, 1951, "26543210", "", date(2019, 2, 3), None),
    ("R2004", "Žanis", "Čakste", date(2014, 8, 9), None, "", "", date(2024, 1, 15), "R2005"),
    ("R2005", "Ģirts", "Čakste", date(1979, 12, 30), None, "29001122", "girts@example.lv",
     date(2024, 1, 15), None),
    ("R2006", "Ēriks", "Šmits", date(1985, 4, 3), None, "", "eriks.smits@example.lv",
     date(2025, 9, 1), None),
]


def imported(data: bytes) -> int:
    return patrons.import_csv_bytes(data=data, file_name="x", today=TODAY).imported


def stored() -> list[tuple]:
    return [(p.card_number, p.first_name, p.last_name, p.birth_date, p.birth_year, p.phone,
             p.email, p.registered_on, p.guardian.card_number if p.guardian else None)
            for p in Patron.select().order_by(Patron.card_number)]


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_each_saved_list_imports_whole_with_its_families(db_path, path):
    assert imported(path.read_bytes()) == 6
    assert stored() == EXPECTED
    assert Patron.get(Patron.card_number == "R2003").address == "Dārza iela 3; dzīvoklis 2, Rožupe"


def test_the_four_files_are_the_four_shapes(db_path):
    assert {path.suffix for path in FILES} == {".csv", ".txt", ".xlsx"}
    excel = (SAMPLES / "excel_csv_semikols_cp1257.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        excel.decode("utf-8")
    assert b"\r\n" in excel and excel.decode("cp1257").startswith("Kartes numurs;Vārds;")
    assert (SAMPLES / "excel_unicode_text_utf16.txt").read_bytes().startswith(b"\xff\xfe")
    assert (SAMPLES / "openpyxl_workbook.xlsx").read_bytes().startswith(b"PK\x03\x04")


@pytest.mark.parametrize(("cell", "name"), [
    ("Kartes numurs", "card_number"), ("KARTES NR.", "card_number"), ("cardnumber", "card_number"),
    ("Vārds", "first_name"), ("VARDS", "first_name"), ("first name", "first_name"),
    ("Uzvārds", "last_name"), ("surname", "last_name"), ("Dzimšanas datums", "birth_date"),
    ("Tālrunis", "phone"), ("e-pasts", "email"), ("E-mail", "email"), ("Adrese", "address"),
    ("Reģistrēts", "registered_on"), ("registered_on", "registered_on"),
    ("Aizbildņa karte", "guardian_card"), ("\ufeffguardian-card", "guardian_card"),
])
def test_header_names_in_latvian_or_english_any_case_with_or_without_diacritics(cell, name):
    assert patrons_csv.column_name(cell) == name


@pytest.mark.parametrize(("text", "iso"), [
    ("2024-01-15", "2024-01-15"), ("2024-1-5", "2024-01-05"), ("15.01.2024", "2024-01-15"),
    ("15.01.2024.", "2024-01-15"), ("5.1.2024", "2024-01-05"), ("45306", "2024-01-15"),
    ("31140", "1985-04-03"), ("45306,0", "2024-01-15"), ("2024-01-15 00:00:00", "2024-01-15"),
    ("1985", "1985"), ("31.02.2024", "31.02.2024"), ("vakar", "vakar"),
])
def test_dates_iso_latvian_and_excel_serial(text, iso):
    assert patrons_csv.date_text(text) == iso


def test_registered_on_takes_the_latvian_date_as_birth_date_does(db_path):
    data = "Vārds;Uzvārds;Dzimšanas datums;Reģistrēts\nAnna;Liepa;03.04.1985;15.01.2024\n"
    assert imported(data.encode("utf-8")) == 1
    anna = Patron.get()
    assert (anna.birth_date, anna.registered_on) == (date(1985, 4, 3), date(2024, 1, 15))


def test_a_family_listed_grandchild_first_and_a_guardian_already_there(db_path):
    imported(b"card_number,first_name,last_name\nR1,Anna,Liepa\n")
    data = ("card_number;first_name;last_name;guardian_card\n"
            "R4;Mazā;Liepa;R3\nR3;Vidējā;Liepa;R2\nR2;Vecā;Liepa;R1\n")
    assert imported(data.encode()) == 3
    chain = {p.card_number: p.guardian.card_number if p.guardian else None
             for p in Patron.select()}
    assert chain == {"R1": None, "R2": "R1", "R3": "R2", "R4": "R3"}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("card_number;first_name;last_name;guardian_card\nR1;A;B;R2\nR2;C;D;R1\n", 3, "R1"),
    ("card_number;first_name;last_name;guardian_card\nR1;A;B;R9\nR2;C;D;\n", 2, "R9"),
    ("Kartes numurs;Vārds;Uzvārds;Reģistrēts\nR1;A;B;15.01.2024\nR2;C;D;31.02.2024\n", 3,
     "registered_on"),
    ("Vārds\tUzvārds\tE-pasts\r\nA\tB\ta@b.lv\r\nC\tD\tnav-epasts\r\n", 3, "email"),
])
def test_a_truly_bad_row_still_refuses_the_file_with_its_line(db_path, text, line, words):
    with pytest.raises(DomainError) as error:
        imported(text.encode("utf-16"))
    assert f"{line}. rindā" in str(error.value) and words in str(error.value)
    assert Patron.select().count() == 0


def test_a_bad_row_of_a_workbook_is_named_by_its_row(db_path):
    book = Workbook()
    book.active.append(["Vārds", "Uzvārds", "Dzimšanas datums"])
    book.active.append(["Anna", "Liepa", date(1990, 1, 1)])
    book.active.append(["Ivars", "Liepa", "30.02.1990"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DomainError, match=r"3\. rindā"):
        imported(buffer.getvalue())
    assert Patron.select().count() == 0


def test_a_broken_workbook_is_refused_in_words(db_path, tmp_path):
    data = (SAMPLES / "openpyxl_workbook.xlsx").read_bytes()[:900]
    with pytest.raises(DomainError, match="Excel"):
        imported(data)
    path = tmp_path / "lasitaji.xlsx"
    path.write_bytes((SAMPLES / "openpyxl_workbook.xlsx").read_bytes())
    assert patrons.import_csv(path=path, today=TODAY).imported == 6


def test_export_lists_each_guardian_followed_by_the_readers_in_their_care(db_path, tmp_path):
    imported((SAMPLES / "excel_csv_semikols_cp1257.csv").read_bytes())
    imported("card_number;first_name;last_name;guardian_card\n"
             "R3000;Aija;Ābele;\nR3001;Zane;Čakste;R2005\nR3002;Anna;Ozoliņa;R2002\n".encode())
    out = tmp_path / "out.csv"
    patrons.export_csv(path=out)
    cards = [line.split(";")[0] for line in out.read_text("utf-8-sig").splitlines()[1:]]
    # families by the eldest's name (Ābele, Čakste, Kalniņa, Šmits), children by name (Zane
    # before Žanis, Anna before Līga), each followed by their own
    assert cards == ["R3000", "R2005", "R3001", "R2004", "R2003", "R2002", "R3002", "R2001",
                     "R2006"]
    before = stored()  # and the export reads back whole, families and all
    Patron.delete().execute()
    assert imported(out.read_bytes()) == 9 and stored() == before


def test_the_contracts_column_name_wins_over_a_synonym_beside_it():
    rows = patrons_csv.parse("Vārds;first_name;last_name\nvecais;Ēriks;Dzenis\n".encode())
    assert rows[0].values["first_name"] == "Ēriks"


@pytest.mark.parametrize("cut", [4, 30, 400, 2000, 5000])
@pytest.mark.parametrize("spoil", ["cut", "zeros"])
def test_a_cut_or_spoilt_workbook_is_refused_in_words_never_a_crash(db_path, cut, spoil):
    data = (SAMPLES / "openpyxl_workbook.xlsx").read_bytes()
    spoilt = data[:cut] if spoil == "cut" else data[:cut] + b"\x00" * 7 + data[cut + 7:]
    try:
        count = imported(spoilt)
    except DomainError:
        count = 0  # refused in words, nothing stored
    assert Patron.select().count() == count and count in (0, 6)
