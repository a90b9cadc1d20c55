"""Crash safety: the desk and a KOC replay killed with SIGKILL at random moments, many times.

After the kills: SQLite's integrity check passes, every invariant of `check` holds, every
transaction the worker logged as committed is in the database, nothing is half-done (each
loan, return and renewal has its audit record and its copy's status), and a KOC replay run
again completes with each line applied exactly once, as one uninterrupted replay would.

The kill moments come from a fixed seed; `ROZUPE_CRASH_ROUNDS=500` runs many more rounds.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.services import library
from rozupe_desk.services.circulation import koc
from rozupe_desk.services.safety import integrity
from rozupe_desk.services.statistics import stats_summary
from tests.desk_data import busy_day, koc_text, make_item, make_patron, small_library

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261130
ROUNDS = int(os.environ.get("ROZUPE_CRASH_ROUNDS", "0"))
DESK_ROUNDS = ROUNDS or 10
KOC_ROUNDS = ROUNDS or 8
KOC_LINES = max(500, ROUNDS * 40)  # enough lines that every round has work to interrupt

pytestmark = [pytest.mark.slow, pytest.mark.timeout(max(300, ROUNDS * 3))]


@pytest.fixture
def base_db(db_path, tmp_path) -> Path:
    """A small library: readers and forty copies, nothing on loan; closed for the workers."""
    lib = small_library()
    for n in range(1, 7):
        make_patron(f"P{n}", first="Pēteris", last=f"Lasītājs{n}", token=900 + n)
    for n in range(1, 41):
        make_item(f"C{n:03d}", lib["book"] if n % 2 else lib["tale"])
    lib["items"]["9001"].discarded_on = datetime(2025, 1, 10).date()
    lib["items"]["9001"].save()
    close_database()
    base = tmp_path / "base.sqlite"
    shutil.copy(db_path, base)
    return base


def start_worker(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "tests.crash_desk.worker", *args],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def kill_when(process: subprocess.Popen, progress: Callable[[], int], threshold: int,
              extra_s: float) -> bool:
    """SIGKILL `process` `extra_s` after `progress()` reached `threshold`; False when it
    ended by itself first."""
    deadline = time.monotonic() + 60
    while process.poll() is None and progress() < threshold and time.monotonic() < deadline:
        time.sleep(0.002)
    if process.poll() is not None:
        return False
    time.sleep(extra_s)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, process.stderr.read()
    return True


def logged(side_log: Path) -> list[tuple[str, int, str]]:
    """The complete lines of the side log."""
    text = side_log.read_text(encoding="utf-8") if side_log.exists() else ""
    lines = text.split("\n")[:-1]  # a line cut by the kill has no newline yet
    return [(kind, int(loan), code) for kind, loan, code in (line.split() for line in lines)]


def one(db: sqlite3.Connection, sql: str, params: tuple = ()):
    return db.execute(sql, params).fetchone()[0]


def assert_sound(path: Path) -> None:
    """SQLite's check and every invariant, with the summaries brought up to date."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    library.open_library(path)
    try:
        result = integrity.run_check()
        assert result.sound, result.messages()
        stats_summary.refresh()
        assert integrity.summary_mismatches() == []
    finally:
        close_database()


def test_desk_work_killed_at_random_moments_loses_no_committed_transaction(base_db, tmp_path):
    rng = random.Random(SEED)
    side_log = tmp_path / "committed.log"
    kills = 0
    for round_no in range(DESK_ROUNDS):
        worker = start_worker("desk", str(base_db), str(side_log), str(SEED + round_no))
        threshold = len(logged(side_log)) + rng.randint(1, 12)
        killed = kill_when(worker, lambda: len(logged(side_log)), threshold,
                           rng.uniform(0, 0.015))
        assert killed, worker.stderr.read()  # it never stops by itself (no crash of its own)
        kills += 1

    lines = logged(side_log)
    assert len(lines) >= DESK_ROUNDS
    with sqlite3.connect(base_db) as db:
        renews = Counter()
        for kind, loan_id, barcode in lines:
            row = db.execute("SELECT i.barcode, l.returned_at FROM loan l JOIN item i"
                             " ON i.id = l.item_id WHERE l.id = ?", (loan_id,)).fetchone()
            assert row is not None and row[0] == barcode, (kind, loan_id, barcode)
            if kind == "checkin":
                assert row[1] is not None, (kind, loan_id)
            if kind == "renew":
                renews[loan_id] += 1
        for loan_id, count in renews.items():
            assert one(db, "SELECT count(*) FROM renewal WHERE loan_id = ?", (loan_id,)) >= count
        # nothing half-done: each change has its audit record, made in the same transaction
        loans = one(db, "SELECT count(*) FROM loan")
        returns = one(db, "SELECT count(*) FROM loan WHERE returned_at IS NOT NULL")
        renewals = one(db, "SELECT count(*) FROM renewal")
        audited = dict(db.execute("SELECT action, count(*) FROM audit_log GROUP BY action"))
        assert audited.get("desk.checkout", 0) == loans
        assert audited.get("desk.checkin", 0) == returns
        assert audited.get("desk.renew", 0) == renewals
        assert one(db, "SELECT count(*) FROM loan l WHERE NOT EXISTS (SELECT 1 FROM audit_log a"
                       " WHERE a.action = 'desk.checkout' AND a.entity_id = l.id)") == 0
        # at most one transaction per kill committed without reaching the side log
        assert len(lines) <= loans + returns + renewals <= len(lines) + kills
        print(f"desk: {kills} kills, {len(lines)} transactions logged, {loans} checkouts,"
              f" {returns} returns, {renewals} renewals in the database")
    assert_sound(base_db)


def replay_state(path: Path) -> dict[str, list]:
    queries = {
        "loan": "SELECT * FROM loan ORDER BY id",
        "item": "SELECT id, barcode, status, status_changed_on FROM item ORDER BY id",
        "renewal": "SELECT * FROM renewal ORDER BY id",
        "payment": "SELECT at, patron_id, card_number, amount_cents, source FROM payment"
                   " ORDER BY id",
        "patron": "SELECT id, reregistered_year FROM patron ORDER BY id",
        "koc": "SELECT line_key, line_no, outcome, reason FROM koc_transaction"
               " ORDER BY line_no",
    }
    with sqlite3.connect(path) as db:
        return {name: db.execute(sql).fetchall() for name, sql in queries.items()}


def test_koc_replay_killed_again_and_again_then_rerun_applies_each_line_once(
        base_db, tmp_path):
    with sqlite3.connect(base_db) as db:
        cards = [row[0] for row in db.execute("SELECT card_number FROM patron")]
        codes = [row[0] for row in db.execute("SELECT barcode FROM item")]
    koc_file = tmp_path / "outreach.koc"
    koc_file.write_bytes(koc_text(busy_day(cards, codes, KOC_LINES, datetime(2026, 3, 10, 9, 0))))
    straight = tmp_path / "straight.sqlite"
    shutil.copy(base_db, straight)
    library.open_library(straight)
    koc.replay_file(path=koc_file)
    close_database()

    rng = random.Random(SEED)
    decided = lambda: one(watch, "SELECT count(*) FROM koc_transaction")  # noqa: E731
    kills = 0
    with sqlite3.connect(base_db, timeout=30) as watch:
        for _round in range(KOC_ROUNDS):
            worker = start_worker("koc", str(base_db), str(koc_file))
            threshold = decided() + rng.randint(5, 50)
            if not kill_when(worker, decided, threshold, rng.uniform(0, 0.02)):
                assert worker.returncode in (0, 1), worker.stderr.read()
                break  # the replay finished: later rounds have nothing to interrupt
            kills += 1
        partial = decided()
    assert kills >= min(KOC_ROUNDS, 3)
    assert kills == KOC_ROUNDS or partial == KOC_LINES
    print(f"koc: {kills} kills, {partial} of {KOC_LINES} lines decided before the rerun")
    rerun = start_worker("koc", str(base_db), str(koc_file))
    _out, err = rerun.communicate(timeout=120)
    assert rerun.returncode in (0, 1) and "Traceback" not in err

    interrupted, whole = replay_state(base_db), replay_state(straight)
    assert len(whole["koc"]) == KOC_LINES and len(whole["loan"]) > 100
    assert interrupted == whole  # exactly one uninterrupted replay's result
    again = start_worker("koc", str(base_db), str(koc_file))
    assert again.wait(timeout=120) == 0  # every line already decided: nothing applied twice
    assert replay_state(base_db) == whole
    assert_sound(base_db)
