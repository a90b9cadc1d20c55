"""`stats` and `report` as the librarian or a script runs them: a real process, real files."""

from __future__ import annotations

import json

from rozupe_desk.db.connection import close_database
from tests.cli.test_cli import run
from tests.unit import stats_library


def _library(db_path) -> str:
    stats_library.build()
    close_database()
    return str(db_path)


def test_stats_json_for_a_month_and_a_year(db_path):
    db = _library(db_path)
    month = run("--db", db, "stats", "2026-03", "--json")
    assert month.returncode == 0, month.stderr
    assert json.loads(month.stdout) == stats_library.MARCH_2026
    year = run("--db", db, "stats", "2026", "--json")
    assert json.loads(year.stdout) == stats_library.YEAR_2026
    text = run("--db", db, "stats", "2026-03")
    assert "Izsniegumi (ar pagarinājumiem): 4" in text.stdout


def test_a_bad_period_is_one_latvian_line_and_exit_1(db_path):
    db = _library(db_path)
    result = run("--db", db, "stats", "2026-13")
    assert result.returncode == 1
    assert "GGGG-MM" in result.stderr and "Traceback" not in result.stderr
    assert run("--db", db, "report", "monthly", "2026", "-o", "x.pdf").returncode == 1


def test_reports_are_written(db_path, tmp_path):
    db = _library(db_path)
    pdf, table = tmp_path / "m.pdf", tmp_path / "m.csv"
    made = run("--db", db, "report", "monthly", "2026-03", "-o", str(pdf), "--csv", str(table))
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and table.read_text(encoding="utf-8-sig")
    annual = run("--db", db, "report", "annual", "2026", "-o", str(tmp_path / "a.pdf"))
    assert annual.returncode == 0, annual.stderr
    letters = run("--db", db, "report", "overdue", "-o", str(tmp_path / "o.pdf"),
                  "--on", "2026-04-20")
    assert letters.returncode == 0 and "Atgādinājumu vēstules: 1;" in letters.stdout
    missing = run("--db", db, "report", "overdue", "-o", str(tmp_path / "no" / "o.pdf"))
    assert missing.returncode == 1 and "nevar saglabāt" in missing.stderr
