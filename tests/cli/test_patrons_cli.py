"""The readers' commands as a script runs them: import, export, cards and privacy acts."""

from __future__ import annotations

import json
import sqlite3

from tests.cli.test_cli import run

GOOD = ("card_number;first_name;last_name;birth_date;guardian_card\n"
        "R100;Biruta;Ķēniņa;1950-04-02;\n"
        "R101;Līva;Ķēniņa;2017;R100\n")


def _count(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM patron").fetchone()[0]


def test_import_export_cards_and_privacy(tmp_path):
    db = str(tmp_path / "lib.sqlite")
    source = tmp_path / "lasitaji.csv"
    source.write_bytes(GOOD.encode("cp1257"))
    result = run("--db", db, "import", "patrons", str(source))
    assert result.returncode == 0, result.stderr
    assert "Ielasīti 2 lasītāji" in result.stdout

    out = tmp_path / "out.csv"
    result = run("--db", db, "export", "patrons", str(out))
    assert result.returncode == 0 and "Ķēniņa" in out.read_text(encoding="utf-8-sig")

    cards = tmp_path / "kartes.pdf"
    result = run("--db", db, "cards", "R100", "R101", "-o", str(cards), "--layout", "card")
    assert result.returncode == 0, result.stderr
    assert cards.read_bytes().startswith(b"%PDF")

    data = tmp_path / "dati.pdf"
    result = run("--db", db, "privacy", "export", "R101", "-o", str(data),
                 "--json", str(tmp_path / "dati.json"))
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "dati.json").read_text())["reader"]["first_name"] == "Līva"

    result = run("--db", db, "privacy", "erase", "R101")
    assert result.returncode == 0 and "dzēsti" in result.stdout
    result = run("--db", db, "privacy", "anonymize")
    assert result.returncode == 0 and "izsniegumi – 0" in result.stdout


def test_a_bad_file_exits_1_names_the_line_and_changes_nothing(tmp_path):
    db = str(tmp_path / "lib.sqlite")
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    assert run("--db", db, "import", "patrons", str(good)).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("first_name,last_name,birth_date\nAnna,Liepa,1990-01-01\n"
                   "Ivars,Liepa,1990-13-01\n", encoding="utf-8")
    result = run("--db", db, "import", "patrons", str(bad))
    assert result.returncode == 1
    assert "3. rindā" in result.stderr and "Traceback" not in result.stderr
    assert _count(db) == 2
    missing = run("--db", db, "import", "patrons", str(tmp_path / "nav.csv"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    unknown = run("--db", db, "privacy", "erase", "R999")
    assert unknown.returncode == 1 and "R999" in unknown.stderr


def test_import_patrons_reads_a_workbook_and_a_unicode_text_file(tmp_path):
    from pathlib import Path

    samples = Path(__file__).resolve().parents[1] / "data" / "patrons"
    db = str(tmp_path / "lib.sqlite")
    result = run("--db", db, "import", "patrons", str(samples / "openpyxl_workbook.xlsx"))
    assert result.returncode == 0, result.stderr
    assert "Ielasīti 6 lasītāji" in result.stdout and _count(db) == 6
    other = str(tmp_path / "other.sqlite")
    result = run("--db", other, "import", "patrons", str(samples / "excel_unicode_text_utf16.txt"))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(other) as connection:
        assert connection.execute("SELECT g.card_number FROM patron p JOIN patron g"
                                  " ON g.id = p.guardian_id WHERE p.card_number = 'R2001'"
                                  ).fetchone() == ("R2002",)
