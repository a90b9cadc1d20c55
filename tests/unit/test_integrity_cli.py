"""`rozupe-desk check` in a real process: a broken library exits 1 with Latvian messages
naming the offending codes; a sound one exits 0."""

from __future__ import annotations

import json
import sqlite3

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.services.circulation import circulation
from tests.cli.test_cli import run
from tests.desk_data import NOW, small_library


@pytest.mark.sqlite_only
def test_check_reports_broken_invariants_and_exits_1(db_path):
    lib = small_library()
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    close_database()
    sound = run("--db", str(db_path), "check")
    assert sound.returncode == 1  # the test library's discarded copy 9001 has no date
    assert "9001" in sound.stdout and "Traceback" not in sound.stderr
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE item SET discarded_on = '2025-01-01' WHERE barcode = '9001'")
    assert run("--db", str(db_path), "check").returncode == 0
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE item SET status = 'available' WHERE barcode = '1001'")
        raw.execute("UPDATE item SET status = 'on_loan' WHERE barcode = '2001'")
    broken = run("--db", str(db_path), "check")
    assert broken.returncode == 1, broken.stdout
    assert "Atvērti izsniegumi eksemplāriem, kas nav izsniegti: 1001" in broken.stdout
    assert "bez atvērta izsnieguma: 2001" in broken.stdout
    assert "Datubāzē atrastas problēmas." in broken.stdout
    report = run("--db", str(db_path), "check", "--json")
    assert report.returncode == 1
    data = json.loads(report.stdout)
    assert data["integrity"] == "ok" and data["items"] == 7 and len(data["problems"]) == 2


@pytest.mark.sqlite_only
def test_an_unexpected_error_is_one_latvian_line_with_the_traceback_in_the_log(db_path):
    from rozupe_desk import logs

    small_library()
    close_database()
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TABLE visit")  # a damage no domain rule knows about
    result = run("--db", str(db_path), "stats", "2026-03")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Negaidīta kļūda; nekas netika mainīts. Sīkāka informācija žurnālā: {logs.log_file()}"]
    logged = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "no such table: main.visit" in logged


@pytest.mark.sqlite_only
def test_check_reports_every_part_of_the_schema_a_file_lacks(db_path):
    small_library()
    close_database()
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TABLE stats_day_count")
        raw.execute("DROP TABLE title_fts")
        raw.execute("DROP INDEX loan_open_item")
    result = run("--db", str(db_path), "check")
    assert result.returncode == 1, result.stdout
    assert "Datubāzei trūkst daļas, ko programma izmanto:" in result.stdout
    for part in ("stats_day_count", "title_fts", "loan_open_item"):
        assert part in result.stdout
    assert "Negaidīta" not in result.stdout + result.stderr
