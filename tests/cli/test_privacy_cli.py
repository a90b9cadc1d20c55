"""The privacy commands as the issue 14 attack ran them: a demo library anonymised with
`--days`, the statistics before and after, an erased reader searched for in the files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from rozupe_desk.text import fold
from tests.cli.test_cli import run

JOIN_BACK = ("SELECT count(*) FROM loan l JOIN patron p ON p.token = l.patron_token "
             "WHERE l.patron_id IS NULL")


def _found(db: str, needles: tuple[str, ...]) -> list[str]:
    data = b"".join(Path(db + suffix).read_bytes() for suffix in ("", "-wal")
                    if Path(db + suffix).exists())
    return [needle for needle in needles if needle.encode() in data]


def _stats(db: str, period: str) -> dict:
    result = run("--db", db, "stats", period, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_anonymize_with_days_keeps_the_statistics_and_erase_leaves_no_trace(tmp_path):
    db = str(tmp_path / "lib.sqlite")
    assert run("--db", db, "demo", "--scale", "small").returncode == 0
    periods = ["2025", "2026", "2025-07", "2026-06"]
    before = {period: _stats(db, period) for period in periods}

    result = run("--db", db, "privacy", "anonymize", "--days", "200")
    assert result.returncode == 0, result.stderr
    assert "Anonimizēti 0" not in result.stdout
    with sqlite3.connect(db) as connection:
        assert connection.execute(JOIN_BACK).fetchone()[0] == 0
        card, first, last, phone, email = connection.execute(
            "SELECT card_number, first_name, last_name, phone, email FROM patron p WHERE phone <> '' "
            "AND email <> '' AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.patron_id = p.id "
            "AND l.returned_at IS NULL) AND (SELECT count(*) FROM patron q "
            "WHERE q.last_name = p.last_name) = 1 LIMIT 1").fetchone()
    connection.close()
    assert {period: _stats(db, period) for period in periods} == before

    old = tmp_path / "pirms.sqlite"
    assert run("--db", db, "backup", "-o", str(old)).returncode == 0
    result = run("--db", db, "privacy", "erase", card)
    assert result.returncode == 0, result.stderr
    # The surname alone may be an author's too: the name as the row and the index hold it.
    needles = (card, first + last, fold(f"{first} {last}"), phone, email)
    assert _found(db, needles) == []

    result = run("--db", db, "restore", str(old))
    assert result.returncode == 0, result.stderr
    assert "Atkal dzēsti lasītāji, kas bija dzēsti pēc šīs rezerves kopijas izveides: 1." \
        in result.stdout
    assert _found(db, needles) == []

    bad = run("--db", db, "privacy", "anonymize", "--days", "3")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
