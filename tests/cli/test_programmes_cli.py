"""The reading programme commands on a demo database: the list, a registration that is
refused twice, and the report for the central library."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("programmes") / "demo.sqlite")
    assert run("--db", db, "demo").returncode == 0
    return db


def test_the_demo_jury_is_listed(demo_db):
    result = run("--db", demo_db, "programme", "list")
    assert result.returncode == 0, result.stderr
    assert "1: Bērnu, jauniešu un vecāku žūrija" in result.stdout
    assert "grupas: 5+, 9+, 11+, 15+, Vecāki" in result.stdout


def test_registering_a_reader_twice_is_refused_in_latvian(demo_db):
    with sqlite3.connect(demo_db) as connection:
        card = connection.execute(
            "SELECT card_number FROM patron WHERE id NOT IN (SELECT patron_id FROM"
            " programme_participant) AND birth_date < date('now', '-20 years')"
            " ORDER BY id LIMIT 1"
        ).fetchone()[0]
    first = run("--db", demo_db, "programme", "register", "1", card, "--group", "Vecāki")
    assert first.returncode == 0, first.stderr
    assert "grupa Vecāki" in first.stdout
    child = run("--db", demo_db, "programme", "register", "1", card, "--group", "5+")
    assert child.returncode == 1 and "jau ir reģistrēts" in child.stderr
    again = run("--db", demo_db, "programme", "register", "1", card)
    assert again.returncode == 1 and "jau ir reģistrēts" in again.stderr
    missing = run("--db", demo_db, "programme", "register", "1", "NAV-TADAS")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Nav lasītāja ar karti „NAV-TADAS”."


def test_the_report_for_the_central_library(demo_db, tmp_path):
    result = run("--db", demo_db, "programme", "report", "1", "-o", str(tmp_path / "p.pdf"),
                 "--xlsx", str(tmp_path / "p.xlsx"))
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "p.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "Lasīšanas programmas pārskats" in text and "Eksperti pa grupām" in text
    assert (tmp_path / "p.xlsx").stat().st_size > 0
    assert run("--db", demo_db, "programme", "report", "99", "-o",
               str(tmp_path / "x.pdf")).returncode == 1
