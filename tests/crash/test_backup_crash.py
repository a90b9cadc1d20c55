"""Backups that die half-way, and backups taken while another process writes.

Real processes on real files: `rozupe-desk backup` is SIGKILLed at random moments while it
copies, verifies or renames; a backup taken during a KOC replay in another process must
restore to a sound database.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.services import library
from rozupe_desk.services.safety import backup
from tests.cli.test_koc_cli import cli, run  # the same real processes as the KOC tests
from tests.desk_data import busy_day, koc_text, make_item, make_patron, make_title

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]

KILLS = 6


def data_digest(path: Path) -> str:
    """The library's data (not the settings and log a finished backup adds to)."""
    digest = hashlib.sha256()
    with sqlite3.connect(path) as conn:
        for table in ("patron", "title", "item", "loan"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def replayed_lines(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM koc_transaction").fetchone()[0]


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def big_library(tmp_path) -> Path:
    """~30 MB of readers, so a backup takes long enough to be killed in the middle."""
    path = tmp_path / "big.sqlite"
    library.initialize(path)
    close_database()
    note = "Lasītāja piezīmes: ābeļdārzs, čūska, ģimene, ķirbis, ļoti, ņirgāt, šūpoles. " * 12
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO patron (card_number, first_name, last_name, registered_on, token, "
            "created_at, notes) VALUES (?, 'Anna', 'Bērziņa', '2024-01-01', ?, "
            "'2024-01-01 10:00:00', ?)",
            ((f"R{n:06d}", n + 1, f"{n} {note}") for n in range(30_000)))
    return path


def wait_for_part(folder: Path, process) -> float:
    """The moment the backup's temporary file appears (or the process ends)."""
    deadline = time.monotonic() + 10
    while not list(folder.glob("*.part")) and process.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.002)
    return time.monotonic()


def test_a_backup_killed_half_way_never_leaves_a_final_name_that_lies(big_library, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    final = out / "copy.sqlite"
    before = data_digest(big_library)
    rng = random.Random(20261130)
    # How long a whole copy takes here, from its first temporary file to the end: the kills
    # fall inside that span whatever the machine's speed.
    measure = tmp_path / "measure"
    measure.mkdir()
    process = cli("--db", str(big_library), "backup", "-o", str(measure / "copy.sqlite"))
    copying = wait_for_part(measure, process)
    process.communicate(timeout=60)
    span = time.monotonic() - copying
    outcomes, leftovers = [], 0
    for _ in range(KILLS):
        process = cli("--db", str(big_library), "backup", "-o", str(final))
        wait_for_part(out, process)
        time.sleep(rng.uniform(0, 0.9 * span))  # copying, verifying or renaming
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
        outcomes.append(process.returncode)
        leftovers += bool(list(out.glob("*.part")))

        assert integrity(big_library) == "ok"
        assert data_digest(big_library) == before
        for entry in out.iterdir():
            if entry.name == final.name:
                backup.verify_file(entry)  # complete and sound, or it would not be there
                assert data_digest(entry) == before
            else:
                assert ".part" in entry.name, entry.name
    assert -signal.SIGKILL in outcomes and leftovers  # some were really killed half-way

    result = run("--db", str(big_library), "backup", "-o", str(final))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["copy.sqlite"]  # leftovers cleaned
    assert data_digest(final) == before and integrity(final) == "ok"


def test_a_backup_taken_while_another_process_writes_restores_soundly(tmp_path):
    path = tmp_path / "desk.sqlite"
    library.open_library(path)
    title = make_title("Pasakas")
    cards = [make_patron(f"P{n}", first="Līga").card_number for n in range(40)]
    barcodes = [make_item(f"{1000 + n}", title).barcode for n in range(200)]
    koc = tmp_path / "busy.koc"
    lines = 20_000  # far more than it can replay meanwhile: the writer is stopped after
    koc.write_bytes(koc_text(busy_day(cards, barcodes, lines, datetime(2030, 1, 8, 10))))

    writer = cli("--db", str(path), "import", "koc", str(koc))
    try:
        deadline = time.monotonic() + 30
        while replayed_lines(path) < 20 and time.monotonic() < deadline:
            assert writer.poll() is None, writer.communicate()
            time.sleep(0.02)
        copies = []
        for number in range(3):  # this process backs up while the other one writes
            copies.append(backup.create_backup(tmp_path / f"during-{number}.sqlite").path)
            # still writing, so the copy was taken meanwhile (and the writer did not fail)
            assert writer.poll() is None, writer.communicate()
    finally:
        writer.kill()  # a writer that dies is one more thing the copies must not mind
        writer.communicate(timeout=30)
        close_database()

    counts = [replayed_lines(copy) for copy in copies]
    assert 20 <= counts[0] < lines and counts == sorted(counts)  # snapshots mid-replay
    fresh = tmp_path / "restored.sqlite"
    restored = run("--db", str(fresh), "restore", str(copies[-1]))
    assert restored.returncode == 0, restored.stderr
    check = run("--db", str(fresh), "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert replayed_lines(fresh) == counts[-1]
