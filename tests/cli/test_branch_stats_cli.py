"""`stats --branch` and the reports of a library with branches, as a real process (issue 16)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.services.statistics import stats
from tests.cli.test_cli import run
from tests.unit import branch_library, stats_library


@pytest.fixture
def two_branches(db_path) -> tuple[str, dict]:
    stats_library.build()
    branch_library.move_to_jersika()
    expected = {"J": stats.month(year=2026, month=3, branch=branch_library.JERSIKA),
                "1": stats.month(year=2026, month=3, branch=1)}
    close_database()
    return str(db_path), expected


def test_stats_for_one_branch_and_for_all(two_branches):
    db, expected = two_branches
    whole = run("--db", db, "stats", "2026-03", "--json")
    assert whole.returncode == 0, whole.stderr
    assert json.loads(whole.stdout) == stats_library.MARCH_2026
    jersika = run("--db", db, "stats", "2026-03", "--json", "--branch", "J")
    assert json.loads(jersika.stdout) == expected["J"] != stats_library.MARCH_2026
    text = run("--db", db, "stats", "2026-03", "--branch", "J")
    assert "Statistika: 2026-03, Jersika" in text.stdout
    assert "Izsniegumi (ar pagarinājumiem): 2" in text.stdout


def test_an_unknown_branch_is_one_latvian_line_and_exit_1(two_branches):
    db, _expected = two_branches
    result = run("--db", db, "stats", "2026-03", "--branch", "Nav")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Filiāle ar kodu “Nav” nav atrasta. Filiāļu kodi: 1, J." in result.stderr


def test_the_municipality_report_has_a_column_per_branch_and_the_total(two_branches, tmp_path):
    db, expected = two_branches
    pdf, table = tmp_path / "m.pdf", tmp_path / "m.csv"
    made = run("--db", db, "report", "monthly", "2026-03", "-o", str(pdf), "--csv", str(table))
    assert made.returncode == 0, made.stderr
    rows = list(csv.reader(table.open(encoding="utf-8-sig")))
    assert rows[0] == ["id", "Rādītājs", "Rožupes bibliotēka", "Jersika", "Kopā"]
    loans = next(row for row in rows if row[0] == "loans")
    assert loans[2:] == [str(expected["1"]["loans"]), str(expected["J"]["loans"]),
                         str(stats_library.MARCH_2026["loans"])]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True).stdout
        assert "Jersika" in text and "Kopā *" in text and "vienu reizi" in text
    annual = tmp_path / "a.pdf"
    assert run("--db", db, "report", "annual", "2026", "-o", str(annual)).returncode == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(annual), "-"], capture_output=True,
                              text=True).stdout
        assert "Gada statistikas pārskats par 2026. gadu" in text and "Kopā *" in text


def test_one_branch_report_and_the_single_branch_library_as_before(two_branches, tmp_path):
    db, expected = two_branches
    table = tmp_path / "j.csv"
    made = run("--db", db, "report", "monthly", "2026-03", "-o", str(tmp_path / "j.pdf"),
               "--csv", str(table), "--branch", "J")
    assert made.returncode == 0, made.stderr
    rows = list(csv.reader(table.open(encoding="utf-8-sig")))
    assert len(rows[0]) == 5  # the month, a year earlier, the year to date
    assert next(row for row in rows if row[0] == "loans")[2] == str(expected["J"]["loans"])
    annual = run("--db", db, "report", "annual", "2026", "-o", str(tmp_path / "a.pdf"),
                 "--branch", "J")
    assert annual.returncode == 0, annual.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "a.pdf"), "-"], capture_output=True,
                              text=True).stdout
        assert "Filiāle: Jersika" in text
