"""`import koc` and `export koc` as real processes, including a replay killed half-way."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.desk_data import busy_day, koc_text

ROOT = Path(__file__).resolve().parents[2]
# Offline lines from two hours ago: a time in the future is refused. The copies used were
# acquired and last lent before yesterday, so the lines come after all the demo's own.
START = datetime.now().replace(microsecond=0) - timedelta(hours=2)
SETTLED = ("(acquired_on IS NULL OR acquired_on < date('now', '-1 day')) AND NOT EXISTS"
           " (SELECT 1 FROM loan l WHERE l.item_id = item.id"
           " AND l.issued_at >= date('now', '-1 day'))")
COMPARED = {
    "loan": "SELECT * FROM loan ORDER BY id",
    "renewal": "SELECT * FROM renewal ORDER BY id",
    "hold": "SELECT * FROM hold ORDER BY id",
    "item": "SELECT id, status, status_changed_on FROM item ORDER BY id",
    "patron": "SELECT id, reregistered_year FROM patron ORDER BY id",
    "payment": "SELECT * FROM payment ORDER BY id",
    "koc_transaction": "SELECT id, line_key, file_name, line_no, raw, outcome, reason"
                       " FROM koc_transaction ORDER BY id",
    "visit": "SELECT count(*) FROM visit",
}


def cli(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "rozupe_desk", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(*args: str) -> subprocess.CompletedProcess:
    process = cli(*args)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(args, process.returncode, out, err)


def copy_db(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def contents(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as db:
        return {name: db.execute(sql).fetchall() for name, sql in COMPARED.items()}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("koc") / "demo.sqlite"
    result = run("--db", str(path), "demo", "--scale", "small", "--seed", "3")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def busy_file(demo_db, tmp_path_factory) -> Path:
    with sqlite3.connect(demo_db) as db:
        cards = [r[0] for r in db.execute("SELECT card_number FROM patron LIMIT 150")]
        barcodes = [r[0] for r in db.execute(
            f"SELECT barcode FROM item WHERE status IN ('available', 'on_loan') AND {SETTLED}"
            " LIMIT 300")]
    path = tmp_path_factory.mktemp("kocfile") / "busy.koc"
    path.write_bytes(koc_text(busy_day(cards, barcodes, 600, START - timedelta(hours=2))))
    return path


def test_exit_codes_and_line_messages(demo_db, tmp_path):
    db = copy_db(demo_db, tmp_path / "a.sqlite")
    with sqlite3.connect(db) as conn:
        card = conn.execute("SELECT card_number FROM patron WHERE id = 5").fetchone()[0]
        free = [r[0] for r in conn.execute(
            f"SELECT barcode FROM item WHERE status = 'available' AND {SETTLED} LIMIT 2")]
        discarded = conn.execute(
            "SELECT barcode FROM item WHERE status = 'discarded' LIMIT 1").fetchone()[0]
    good = tmp_path / "good.koc"
    good.write_bytes(koc_text([(START, "issue", (card, free[0])),
                               (START + timedelta(minutes=10), "return", (free[0],))]))
    result = run("--db", str(db), "import", "koc", str(good))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    bad = tmp_path / "bad.koc"
    later = START + timedelta(minutes=30)
    bad.write_bytes(koc_text([(later, "issue", (card, free[1])),
                              (later, "issue", ("NOBODY", free[0])),
                              (later + timedelta(minutes=1), "issue", (card, discarded)),
                              (datetime(2099, 1, 9, 12), "issue", (card, free[0]))])
                    + later.strftime("%Y-%m-%d %H-%M-%S 000\tissue\n").encode())
    result = run("--db", str(db), "import", "koc", str(bad))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    # Latvian first (the contract's prefix is `rinda N: `, in English `line N: `)
    assert [line.split(":")[0] for line in lines] == ["rinda 3", "rinda 4", "rinda 5", "rinda 6"]
    assert "NOBODY" in lines[0] and "norakstīts" in lines[1] and "nākotnē" in lines[2]
    assert "Traceback" not in result.stderr
    again = run("--db", str(db), "import", "koc", str(bad))
    assert again.returncode == 0 and again.stderr == ""
    english = tmp_path / "english.koc"
    english.write_bytes(koc_text([(later, "issue", ("NOBODY-2", free[0]))]))
    result = run("--db", str(db), "--lang", "en", "import", "koc", str(english))
    assert result.returncode == 1 and result.stderr.startswith("line 2: ")
    english = run("--db", str(db), "--lang", "en", "import", "koc", str(tmp_path / "none.koc"))
    assert english.returncode == 1 and "Cannot read" in english.stderr


def test_replay_killed_half_way_then_run_again_equals_one_replay(demo_db, busy_file, tmp_path):
    interrupted = copy_db(demo_db, tmp_path / "interrupted.sqlite")
    straight = copy_db(demo_db, tmp_path / "straight.sqlite")

    process = cli("--db", str(interrupted), "import", "koc", str(busy_file))
    decided = 0
    with sqlite3.connect(interrupted, timeout=30) as watch:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            decided = watch.execute("SELECT count(*) FROM koc_transaction").fetchone()[0]
            if decided >= 120:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the replay finished before it was killed"
    with sqlite3.connect(interrupted) as db:
        done = db.execute("SELECT count(*) FROM koc_transaction").fetchone()[0]
    assert 120 <= done < 600

    resumed = run("--db", str(interrupted), "import", "koc", str(busy_file))
    assert resumed.returncode in (0, 1) and "Traceback" not in resumed.stderr
    whole = run("--db", str(straight), "import", "koc", str(busy_file))
    assert whole.returncode == 1  # the file holds unknown cards
    assert contents(interrupted) == contents(straight)
    assert len(contents(straight)["koc_transaction"]) == 600
    check = run("--db", str(interrupted), "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_export_then_import_into_a_copy(demo_db, tmp_path):
    db = copy_db(demo_db, tmp_path / "x.sqlite")
    out = tmp_path / "desk.koc"
    result = run("--db", str(db), "export", "koc", str(out), "--since", "2000-01-01")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Version=1.0\tGenerator=Rozupe Desk")
    assert len(text.splitlines()) > 1000
    bad_date = run("--db", str(db), "export", "koc", str(out), "--since", "vakar")
    assert bad_date.returncode == 1 and "GGGG-MM-DD" in bad_date.stderr
