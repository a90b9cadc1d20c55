"""A full disk and a read-only database file (issue 14), on small real filesystems: a tmpfs
mounted with a size, remounted read-only. Needs root to mount; skipped otherwise.

Each says what happened and what to do ("Disks ir pilns", "tikai lasāma"), never the
generic unexpected error, and changes nothing; a backup from a read-only database is a
success (the copy is complete), said honestly.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_koc_cli import run
from tests.crash.attack import UNEXPECTED

pytestmark = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0,
                                reason="mounting a small filesystem needs root")


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, *, leave: int = 0) -> Path:
    """A file that takes all the room on the disk but `leave` bytes."""
    filler = folder / "filler.bin"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def readers_csv(path: Path, count: int) -> Path:
    rows = "".join(f"R{n:06d},Ilze,Kalniņa,2026-01-05,Rožupes pagasts {'ā' * 150} {n}\n"
                   for n in range(count))
    path.write_text("card_number,first_name,last_name,registered_on,address\n" + rows,
                    encoding="utf-8")
    return path


def readers(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM patron").fetchone()[0]


def test_a_full_disk_is_said_in_latvian_and_changes_nothing(small_disk, tmp_path):
    db = small_disk / "lib.sqlite"
    assert run("--db", str(db), "init").returncode == 0
    csv = readers_csv(tmp_path / "r.csv", 3000)
    for room in (0, 300_000):  # no room to open it, no room for the WAL to grow
        filler = fill(small_disk, leave=room)
        done = run("--db", str(db), "import", "patrons", str(csv))
        assert done.returncode == 1
        assert "Disks ir pilns" in done.stderr and UNEXPECTED not in done.stderr, done.stderr
        filler.unlink()
    assert readers(db) == 0  # all or nothing
    assert run("--db", str(db), "check").returncode == 0


def test_a_read_only_database_says_so_and_a_backup_of_it_succeeds(small_disk, tmp_path):
    db = small_disk / "lib.sqlite"
    assert run("--db", str(db), "init").returncode == 0
    assert run("--db", str(db), "import", "patrons",
               str(readers_csv(tmp_path / "r.csv", 3))).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = run("--db", str(db), "privacy", "anonymize")
    assert done.returncode == 1
    assert "tikai lasāma" in done.stderr and UNEXPECTED not in done.stderr, done.stderr
    copy = tmp_path / "copy.sqlite"
    backed = run("--db", str(db), "backup", "-o", str(copy))
    assert backed.returncode == 0, backed.stderr
    assert "Rezerves kopija saglabāta" in backed.stdout and "tikai lasāma" in backed.stdout
    assert readers(copy) == 3


def test_a_write_protected_library_opens_for_reading_with_its_wal(small_disk):
    from rozupe_desk.db.connection import close_database, database
    from rozupe_desk.services import library
    from rozupe_desk.services.circulation import desk
    from rozupe_desk.services.safety import integrity

    db = small_disk / "lib.sqlite"
    assert run("--db", str(db), "demo", "--scale", "small").returncode == 0
    # A last change left in the WAL, as when the program was cut off before it closed.
    subprocess.run([sys.executable, "-c", (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('PRAGMA wal_autocheckpoint = 0');"
        " c.execute(\"UPDATE patron SET notes = 'pēdējais' WHERE id = 1\"); c.commit();"
        " os._exit(0)"), str(db)], check=True)
    assert Path(f"{db}-wal").stat().st_size > 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    library.open_library(db)
    try:
        assert integrity.run_check(quick=True).sound  # read with its WAL, not without
        assert database.execute_sql("SELECT notes FROM patron WHERE id = 1").fetchone()[0] \
            == "pēdējais"
        assert not desk.defer_checkpoints()  # the window starts no checkpoints on it
        desk.checkpoint()  # nor fails when asked
    finally:
        close_database()
