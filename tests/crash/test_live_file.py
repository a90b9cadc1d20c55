"""The live database file while other processes read and back it up (issue 14).

A process that holds the library open and writes, as the window does (it opens the library
twice), while a second process backs it up and a third reads it: on POSIX, closing *any*
descriptor of the file drops all of a process's SQLite locks on it, so a program that opens
the file outside SQLite lets the other process delete the `-wal` under it. After SIGKILL of
the writer, every transaction it acknowledged must be in the file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli.test_koc_cli import run
from tests.crash.attack import rounds
from tests.crash_desk.test_crash_desk import base_db, logged, start_worker  # noqa: F401

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="SIGKILL and POSIX locks")]

BACKUPS = rounds(3)


def wait_for_lines(side_log: Path, count: int, worker, deadline: float) -> None:
    """Until the window has logged `count` committed transactions."""
    while len(logged(side_log)) < count and time.monotonic() < deadline:
        assert worker.poll() is None, worker.stderr.read()
        time.sleep(0.01)


def test_backups_and_readers_beside_the_window_lose_no_acknowledged_loan(base_db, tmp_path):  # noqa: F811
    side_log = tmp_path / "committed.log"
    worker = start_worker("window", str(base_db), str(side_log), "14")
    try:
        deadline = time.monotonic() + 60
        wait_for_lines(side_log, 5, worker, deadline)
        for n in range(BACKUPS):
            done = run("--db", str(base_db), "backup", "-o", str(tmp_path / f"copy{n}.sqlite"))
            assert done.returncode == 0, done.stderr
            with sqlite3.connect(base_db, timeout=10) as reader:  # another program reads
                reader.execute("SELECT count(*) FROM loan").fetchone()
            reader.close()
            wait_for_lines(side_log, len(logged(side_log)) + 5, worker, deadline)
        assert Path(f"{base_db}-wal").exists()  # still the window's WAL
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    lines = logged(side_log)
    with sqlite3.connect(base_db) as db:
        loans = {row[0] for row in db.execute("SELECT id FROM loan")}
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    lost = [line for line in lines if line[0] == "checkout" and line[1] not in loans]
    assert len(lines) > 5 * BACKUPS
    assert lost == []


def test_a_file_replaced_under_the_window_gets_none_of_its_old_wal(base_db, tmp_path):  # noqa: F811
    side_log = tmp_path / "committed.log"
    replacement = tmp_path / "replacement.sqlite"
    with sqlite3.connect(base_db) as src, sqlite3.connect(replacement) as dst:
        src.backup(dst)  # a copy of the library before the window's work
    dst.close()
    with sqlite3.connect(replacement) as db:
        expected = db.execute("SELECT count(*) FROM loan").fetchone()[0]
    worker = start_worker("window", str(base_db), str(side_log), "15")
    try:
        wait_for_lines(side_log, 20, worker, time.monotonic() + 60)
        os.replace(replacement, base_db)  # e.g. a backup copied over it in the file manager
        written = len(logged(side_log))
        time.sleep(1.5)  # the window keeps scanning
        assert len(logged(side_log)) <= written + 1  # at most the one in flight
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    with sqlite3.connect(base_db) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT count(*) FROM loan").fetchone()[0] == expected
